import CLIPCore
import Foundation

extension ExpressionEvaluator {
    /// Calls the function `name` (see `ExpressionFunction.all`) after checking its arguments.
    func call(_ name: String, _ args: [Node], _ keywords: [Keyword], at node: Node) throws(ExpressionError) -> Tensor {
        guard let spec = ExpressionFunction.named(name) else {
            if scope[name] != nil {
                throw ExpressionError("\(name) is a variable, not a function: index it with \(name)[…]", at: node.focus)
            }
            let near = Suggestions.near(name, among: ExpressionFunction.names)
            let hint = near.isEmpty ? "; 'help expressions' lists them" : " — did you mean \(near.map { "'\($0)'" }.joined(separator: " or "))?"
            throw ExpressionError("unknown function '\(name)'\(hint)", at: node.focus)
        }
        guard spec.arity.contains(args.count) else {
            let wanted = spec.arity.count == 1 ? "\(spec.arity.lowerBound)" : "\(spec.arity.lowerBound) to \(spec.arity.upperBound)"
            throw ExpressionError("\(name) takes \(wanted) argument\(spec.arity.upperBound == 1 ? "" : "s"), got \(args.count): \(spec.usage)", at: node.span)
        }
        for keyword in keywords where !spec.keywords.contains(keyword.name) {
            let accepted = spec.keywords.isEmpty ? "none" : spec.keywords.map { "\($0)=" }.joined(separator: ", ")
            throw ExpressionError("\(name) has no \(keyword.name)= (accepted: \(accepted))", at: keyword.span)
        }
        if name == "grad" { return try grad(args, at: node) }
        if name == "eye" || name == "arange" || name == "onehot" { return try construct(name, args, at: node) }
        let x = try evaluate(args[0])
        let what = text(args[0])
        let keepDims = try flag("keepdims", keywords)
        switch name {
        case "exp": return x.exp()
        case "log": return x.log()
        case "sqrt": return x.sqrt()
        case "abs": return x.abs()
        case "sum", "mean", "max", "min", "norm", "logsumexp":
            let axis = try self.axis(keywords, of: x, what: what, call: name)
            if (name == "max" || name == "min") && x.count == 0 { throw ExpressionError("\(name) of an empty tensor", at: node.span) }
            return try reduce(name, x, axis: axis, keepDims: keepDims)
        case "argmax":
            let axis = try self.axis(keywords, of: x, what: what, call: name)
            return argmax(x, axis: axis)
        case "softmax", "log_softmax", "normalize":
            guard x.rank >= 1 else { throw ExpressionError("\(name) needs a vector or a matrix; \(what) is a single number", at: args[0].span) }
            let axis = try self.axis(keywords, of: x, what: what, call: name) ?? x.rank - 1
            return alongLastAxis(x, axis) { t in
                name == "softmax" ? t.softmax() : name == "log_softmax" ? t.logSoftmax() : t.l2Normalized()
            }
        case "diag":
            return try diag(x, what: what, at: args[0].span)
        case "reshape":
            var dims: [Int] = []
            for n in args.dropFirst() { dims.append(try integer(n, what: "a size")) }
            return try reshape(x, dims, what: what, at: node.span)
        case "shape":
            return Tensor(shape: [x.rank], data: x.shape.map(Float.init))
        case "len":
            guard x.rank >= 1 else { throw ExpressionError("len of a single number: \(what) has no axes", at: args[0].span) }
            return Tensor(scalar: Float(x.shape[0]))
        default:
            throw ExpressionError("\(name) is listed but not implemented", at: node.focus)
        }
    }

    // MARK: Arguments

    /// The `axis=` keyword as an axis of `x` (negative counts from the end), nil when absent.
    func axis(_ keywords: [Keyword], of x: Tensor, what: String, call: String) throws(ExpressionError) -> Int? {
        guard let keyword = keywords.first(where: { $0.name == "axis" }) else { return nil }
        if case .name("None") = keyword.value.kind { return nil }
        let a = try integer(keyword.value, what: "axis")
        guard a >= -x.rank && a < x.rank else {
            let valid = x.rank == 0 ? "it has no axes" : "valid: 0…\(x.rank - 1) or -\(x.rank)…-1"
            throw ExpressionError("axis \(a) is out of range for \(what) of shape \(shapeText(x.shape)) (\(valid))", at: keyword.span)
        }
        return a < 0 ? a + x.rank : a
    }

    func flag(_ key: String, _ keywords: [Keyword]) throws(ExpressionError) -> Bool {
        guard let keyword = keywords.first(where: { $0.name == key }) else { return false }
        return try integer(keyword.value, what: key) != 0
    }

    // MARK: Functions

    func reduce(_ name: String, _ x: Tensor, axis: Int?, keepDims: Bool) throws(ExpressionError) -> Tensor {
        guard let axis else {
            let flat = x.reshaped([x.count])
            let all: Tensor
            switch name {
            case "sum": all = x.sum()
            case "mean": all = x.mean()
            case "max": all = flat.maximum(axis: 0)
            case "min": all = -((-flat).maximum(axis: 0))
            case "norm": all = (x * x).sum().sqrt()
            default: all = logSumExp(flat, axis: 0, keepDims: false)
            }
            return keepDims ? all.reshaped(Array(repeating: 1, count: x.rank)) : all
        }
        switch name {
        case "sum": return x.sum(axis: axis, keepDims: keepDims)
        case "mean": return x.mean(axis: axis, keepDims: keepDims)
        case "max": return x.maximum(axis: axis, keepDims: keepDims)
        case "min": return -((-x).maximum(axis: axis, keepDims: keepDims))
        case "norm": return (x * x).sum(axis: axis, keepDims: keepDims).sqrt()
        default: return logSumExp(x, axis: axis, keepDims: keepDims)
        }
    }

    /// `log Σ e^x` along `axis`: the maximum m is taken out first (a constant: the gradient
    /// of the result does not depend on it), `m + log Σ e^(x−m)`.
    func logSumExp(_ x: Tensor, axis: Int, keepDims: Bool) -> Tensor {
        let m = GradMode.noGrad { x.maximum(axis: axis, keepDims: true) }
        let shift = Tensor(shape: m.shape, data: m.data.map { $0.isFinite ? $0 : 0 })
        let summed = (x - expand(shift, to: x.shape)).exp().sum(axis: axis, keepDims: true).log() + shift
        return keepDims ? summed : summed.reshaped(summed.shape.enumerated().filter { $0.offset != axis }.map(\.element))
    }

    /// `f` applied along `axis` by swapping it with the last axis and back.
    func alongLastAxis(_ x: Tensor, _ axis: Int, _ f: (Tensor) -> Tensor) -> Tensor {
        if axis == x.rank - 1 { return f(x) }
        return f(x.transposed(axis, -1)).transposed(axis, -1)
    }

    func argmax(_ x: Tensor, axis: Int?) -> Tensor {
        guard let axis else {
            var best = 0
            for i in x.data.indices where x.data[i] > x.data[best] || (x.data[best].isNaN && !x.data[i].isNaN) { best = i }
            return Tensor(scalar: Float(best))
        }
        let outer = x.shape[..<axis].reduce(1, *), len = x.shape[axis], inner = x.shape[(axis + 1)...].reduce(1, *)
        var out = [Float](repeating: 0, count: outer * inner)
        for a in 0..<outer {
            for c in 0..<inner {
                var best = 0
                for j in 0..<len {
                    let v = x.data[(a * len + j) * inner + c], b = x.data[(a * len + best) * inner + c]
                    if v > b || (b.isNaN && !v.isNaN) { best = j }
                }
                out[a * inner + c] = Float(best)
            }
        }
        var shape = x.shape
        shape.remove(at: axis)
        return Tensor(shape: shape, data: out)
    }

    func diag(_ x: Tensor, what: String, at span: Range<Int>) throws(ExpressionError) -> Tensor {
        switch x.rank {
        case 1:
            // A vector on the diagonal of a square matrix: eye(n) · v along each row.
            try checkSize([x.count, x.count], at: span)
            let n = x.count
            var eye = [Float](repeating: 0, count: n * n)
            for i in 0..<n { eye[i * n + i] = 1 }
            return Tensor(shape: [n, n], data: eye) * x
        case 2:
            let k = min(x.shape[0], x.shape[1])
            let square = x.shape[0] > k ? x.slice(axis: 0, 0..<k) : x
            // [k, C] -> [k, C, 1]; row i keeps element (i, i).
            return square.reshaped([k, square.shape[1], 1]).selecting(positions: Array(0..<k)).reshaped([k])
        default:
            throw ExpressionError("diag needs a vector or a matrix; \(what) is \(shapeText(x.shape))", at: span)
        }
    }

    func reshape(_ x: Tensor, _ dims: [Int], what: String, at span: Range<Int>) throws(ExpressionError) -> Tensor {
        guard dims.allSatisfy({ $0 > 0 || $0 == -1 }), dims.filter({ $0 == -1 }).count <= 1 else {
            throw ExpressionError("reshape sizes must be positive, with at most one -1", at: span)
        }
        var known = 1
        for d in dims where d != -1 {
            let (next, overflow) = known.multipliedReportingOverflow(by: d)
            guard !overflow else { throw ExpressionError("reshape sizes are too large", at: span) }
            known = next
        }
        var shape = dims
        if let i = shape.firstIndex(of: -1) {
            guard x.count % known == 0 else {
                throw ExpressionError("cannot reshape \(what) of shape \(shapeText(x.shape)) (\(x.count) numbers) into rows of \(known)", at: span)
            }
            shape[i] = x.count / known
        }
        guard shape.reduce(1, *) == x.count else {
            throw ExpressionError("cannot reshape \(what) of shape \(shapeText(x.shape)) (\(x.count) numbers) to \(shapeText(shape))", at: span)
        }
        return x.reshaped(shape)
    }

    func construct(_ name: String, _ args: [Node], at node: Node) throws(ExpressionError) -> Tensor {
        switch name {
        case "eye":
            let n = try integer(args[0], what: "eye's size")
            guard n >= 1 else { throw ExpressionError("eye needs a size of at least 1, got \(n)", at: args[0].span) }
            try checkSize([n, n], at: node.span)
            var data = [Float](repeating: 0, count: n * n)
            for i in 0..<n { data[i * n + i] = 1 }
            return Tensor(shape: [n, n], data: data)
        case "arange":
            var (start, stop) = (0, try integer(args[0], what: "arange's end"))
            if args.count == 2 { (start, stop) = (stop, try integer(args[1], what: "arange's end")) }
            guard stop > start else { throw ExpressionError("arange(\(args.count == 2 ? "\(start), " : "")\(stop)) would be empty", at: node.span) }
            let (count, overflow) = stop.subtractingReportingOverflow(start)
            guard !overflow else { throw ExpressionError("arange is too long", at: node.span) }
            try checkSize([count], at: node.span)
            return Tensor(shape: [count], data: (start..<stop).map(Float.init))
        default:   // onehot
            let indices = try evaluate(args[0])
            let n = try integer(args[1], what: "onehot's size")
            guard n >= 1 else { throw ExpressionError("onehot needs a size of at least 1, got \(n)", at: args[1].span) }
            guard indices.rank <= 1 else {
                throw ExpressionError("onehot takes one index or a vector of them, not \(shapeText(indices.shape))", at: args[0].span)
            }
            try checkSize(indices.shape + [n], at: node.span)
            var data = [Float](repeating: 0, count: indices.count * n)
            for (row, v) in indices.data.enumerated() {
                guard v.isFinite, v == v.rounded(), v >= 0, v < Float(n) else {
                    throw ExpressionError("onehot index \(Self.format(v)) is not one of 0…\(n - 1)", at: args[0].span)
                }
                data[row * n + Int(v)] = 1
            }
            return Tensor(shape: indices.shape + [n], data: data)
        }
    }

    // MARK: grad

    /// `grad(NAME, WRT)`: recomputes NAME's assignment with WRT as a leaf and back-propagates.
    func grad(_ args: [Node], at node: Node) throws(ExpressionError) -> Tensor {
        guard case .name(let target) = args[0].kind else {
            throw ExpressionError("grad's first argument is a variable you assigned, e.g. grad(li, logits)", at: args[0].span)
        }
        guard case .name(let wrt) = args[1].kind else {
            throw ExpressionError("grad's second argument is a variable name, e.g. grad(li, logits)", at: args[1].span)
        }
        guard let binding = scope[target] else { _ = try lookup(target, at: args[0].span); return Tensor(scalar: 0) }
        guard let definition = binding.definition else {
            throw ExpressionError("grad needs a value you assigned: \(target) was bound by '\(binding.origin)' — write e.g. mine = \(target) and take grad(mine, …)", at: args[0].span)
        }
        guard binding.value.count == 1 else {
            throw ExpressionError("grad needs a single number: \(target) is \(shapeText(binding.value.shape)) — take mean(…) or sum(…) of it first", at: args[0].span)
        }
        guard let by = scope[wrt] else { _ = try lookup(wrt, at: args[1].span); return Tensor(scalar: 0) }
        let leaf = by.value.detachedLeaf()
        let trace = GradTrace(wrtID: by.id, leaf: leaf)
        if by.id == binding.id {
            return Tensor(shape: by.value.shape, repeating: 1)
        }
        let inner = ExpressionEvaluator(scope: binding.scope, statement: definition, trace: trace)
        let value: Tensor
        do { value = try inner.evaluate(definition.expression) } catch {
            throw ExpressionError("recomputing \(target): \(error.message)", at: args[0].span)
        }
        guard trace.reached else {
            let earlier = Self.mentions(wrt, in: binding) ? " — it was computed from an earlier \(wrt); assign \(target) again" : ""
            throw ExpressionError("\(target) does not depend on \(wrt)\(earlier)", at: node.span)
        }
        guard value.requiresGrad else { return Tensor(shape: by.value.shape, repeating: 0) }
        value.backward()
        return Tensor(shape: leaf.shape, data: leaf.grad ?? [Float](repeating: 0, count: leaf.count))
    }

    /// Whether the assignment behind `binding` names `name` (then bound to another value).
    static func mentions(_ name: String, in binding: Variables.Binding) -> Bool {
        binding.definition.map { $0.expression.names.contains(name) } ?? false
    }
}
