import CLIPCore

/// Evaluates expression cells with CLIPCore's tensors, and `grad` with its autodiff.
///
/// Every shape is checked here, before a tensor op could stop on a precondition: a
/// mismatch is an `ExpressionError` naming both shapes, with the operator underlined.
///
/// Example:
/// ```swift
/// var vars = Variables()
/// let r = try ExpressionEvaluator.run("p = softmax(arange(3))", in: &vars)   // r.value: [3]
/// ```
public struct ExpressionEvaluator {
    /// What a cell did: the name assigned (nil for a bare expression) and the value.
    public struct Result {
        public var target: String?
        public var value: Tensor
        public var statement: Statement
    }

    /// The scope names are looked up in and the line being evaluated (for messages).
    let scope: [String: Variables.Binding]
    let statement: Statement
    /// Set while `grad` recomputes an assignment with the variable it differentiates by as a leaf.
    let trace: GradTrace?

    /// Parses and evaluates `line`; an assignment is stored in `variables`.
    public static func run(_ line: String, in variables: inout Variables) throws(ExpressionError) -> Result {
        let statement = try ExpressionParser.parse(line)
        let evaluator = ExpressionEvaluator(scope: variables.bindings, statement: statement, trace: nil)
        let value = try evaluator.evaluate(statement.expression)
        if let target = statement.target {
            if ExpressionFunction.named(target) != nil {
                throw ExpressionError("\(target) is a function: pick another name", at: statement.targetSpan)
            }
            variables.assign(target, value: value, statement: statement)
        }
        return Result(target: statement.target, value: value.detached(), statement: statement)
    }

    /// Evaluates `line` without storing anything (lesson checks use it for the expected value).
    public static func value(of line: String, in variables: Variables) throws(ExpressionError) -> Tensor {
        var scratch = variables
        return try run(line, in: &scratch).value
    }

    func text(_ node: Node) -> String { statement.text(of: node) }

    // MARK: Nodes

    func evaluate(_ node: Node) throws(ExpressionError) -> Tensor {
        let value: Tensor
        switch node.kind {
        case .number(let v): value = Tensor(scalar: v)
        case .name(let name): value = try lookup(name, at: node.span)
        case .negate(let operand): value = -(try evaluate(operand))
        case .binary(let op, let lhs, let rhs): value = try binary(op, lhs, rhs, at: node)
        case .call(let name, let args, let keywords): value = try call(name, args, keywords, at: node)
        case .index(let base, let items): value = try index(try evaluate(base), items, base: base, at: node)
        case .transpose(let operand):
            let x = try evaluate(operand)
            value = x.rank < 2 ? x : x.permuted(Array((0..<x.rank).reversed()))
        }
        return value
    }

    func lookup(_ name: String, at span: Range<Int>) throws(ExpressionError) -> Tensor {
        guard let binding = scope[name] else {
            if ExpressionFunction.named(name) != nil {
                throw ExpressionError("\(name) is a function: call it, e.g. \(ExpressionFunction.named(name)!.usage)", at: span)
            }
            if name == "True" || name == "False" { return Tensor(scalar: name == "True" ? 1 : 0) }
            let near = Suggestions.near(name, among: Array(scope.keys) + ExpressionFunction.names)
            let hint = near.isEmpty ? (scope.isEmpty ? " (nothing is bound yet: run a command such as 'loss', or assign NAME = …)" : "; 'vars' lists the names")
                : " — did you mean \(near.map { "'\($0)'" }.joined(separator: " or "))?"
            throw ExpressionError("unknown name '\(name)'\(hint)", at: span)
        }
        guard let trace else { return binding.value }
        if binding.id == trace.wrtID { trace.reached = true; return trace.leaf }
        guard let definition = binding.definition else { return binding.value }
        if let memo = trace.memo[binding.id] { return memo }
        trace.depth += 1
        defer { trace.depth -= 1 }
        guard trace.depth <= ExpressionLimits.gradDepth else {
            throw ExpressionError("grad follows at most \(ExpressionLimits.gradDepth) assignments back", at: span)
        }
        let inner = ExpressionEvaluator(scope: binding.scope, statement: definition, trace: trace)
        let value: Tensor
        do { value = try inner.evaluate(definition.expression) } catch {
            throw ExpressionError("recomputing \(name) = \(definition.text(of: definition.expression)): \(error.message)", at: span)
        }
        trace.memo[binding.id] = value
        return value
    }

    // MARK: Operators

    func binary(_ op: BinaryOperator, _ lhsNode: Node, _ rhsNode: Node, at node: Node) throws(ExpressionError) -> Tensor {
        let a = try evaluate(lhsNode), b = try evaluate(rhsNode)
        switch op {
        case .matmul: return try matmul(a, b, lhsNode, rhsNode, at: node.focus)
        case .power:
            guard b.count == 1 else {
                throw ExpressionError("the exponent must be one number, not \(shapeText(b.shape)) — for element-wise powers use exp(b * log(a))", at: rhsNode.span)
            }
            let p = b.data[0]
            // The exponent is a constant: its own gradient is not followed.
            let raised = a.pow(p)
            return b.rank > a.rank ? raised.reshaped(Array(repeating: 1, count: b.rank - a.rank) + a.shape) : raised
        case .add, .subtract, .multiply, .divide:
            let (x, y) = try broadcast(a, b, op: op, at: node.focus)
            switch op {
            case .add: return x + y
            case .subtract: return x - y
            case .multiply: return x * y
            default: return x / y
            }
        }
    }

    /// Both operands in shapes CLIPCore's element-wise ops take, following NumPy's rule:
    /// align from the right, sizes equal or 1.
    func broadcast(_ a: Tensor, _ b: Tensor, op: BinaryOperator, at span: Range<Int>) throws(ExpressionError) -> (Tensor, Tensor) {
        if a.shape == b.shape { return (a, b) }
        let rank = max(a.rank, b.rank)
        let pa = Array(repeating: 1, count: rank - a.rank) + a.shape, pb = Array(repeating: 1, count: rank - b.rank) + b.shape
        var target: [Int] = []
        for (x, y) in zip(pa, pb) {
            guard x == y || x == 1 || y == 1 else {
                throw ExpressionError("\(shapeText(a.shape)) \(op.rawValue) \(shapeText(b.shape)): the shapes do not broadcast (sizes must match or be 1, aligned from the right)", at: span)
            }
            target.append(max(x, y))
        }
        try checkSize(target, at: span)
        func fits(_ t: Tensor) -> Bool {
            t.shape == target || t.count == 1 && t.rank <= target.count || Array(target.suffix(t.rank)) == t.shape
        }
        if a.shape == target && fits(b) { return (a, b) }
        if b.shape == target && fits(a) { return (a, b) }
        return (expand(a, to: target), expand(b, to: target))
    }

    /// `x` repeated along its size-1 axes (and new leading ones) to `target`; gradients flow back.
    func expand(_ x: Tensor, to target: [Int]) -> Tensor {
        if x.shape == target { return x }
        var y = x.reshaped(Array(repeating: 1, count: target.count - x.rank) + x.shape)
        for axis in 0..<target.count where y.shape[axis] != target[axis] {
            y = Tensor.concat(Array(repeating: y, count: target[axis]), axis: axis)
        }
        return y
    }

    func matmul(_ a: Tensor, _ b: Tensor, _ lhs: Node, _ rhs: Node, at span: Range<Int>) throws(ExpressionError) -> Tensor {
        let shapes = "\(text(lhs)) @ \(text(rhs)): \(shapeText(a.shape)) @ \(shapeText(b.shape))"
        guard (1...2).contains(a.rank), (1...2).contains(b.rank) else {
            throw ExpressionError("\(shapes) — @ multiplies vectors and matrices; reshape first", at: span)
        }
        let (m, k) = a.rank == 2 ? (a.shape[0], a.shape[1]) : (1, a.shape[0])
        let (k2, n) = b.rank == 2 ? (b.shape[0], b.shape[1]) : (b.shape[0], 1)
        guard k == k2 else {
            var hint = ""
            if b.rank == 2 && b.shape[1] == k { hint = " — did you mean \(text(lhs)) @ \(parenthesised(rhs)).T?" }
            else if a.rank == 2 && a.shape[0] == k2 { hint = " — did you mean \(parenthesised(lhs)).T @ \(text(rhs))?" }
            throw ExpressionError("\(shapes): the inner sizes differ (\(k) vs \(k2))\(hint)", at: span)
        }
        let (work, overflow) = m.multipliedReportingOverflow(by: k)
        let (total, overflow2) = work.multipliedReportingOverflow(by: n)
        guard !overflow, !overflow2, total <= ExpressionLimits.multiplyAdds else {
            throw ExpressionError("\(shapes) is too large: more than \(ExpressionLimits.multiplyAdds) multiply-adds", at: span)
        }
        try checkSize([m, n], at: span)
        let product = a.reshaped([m, k]).matmul(b.reshaped([k, n]))   // [m,k]·[k,n] -> [m,n]
        var shape: [Int] = []
        if a.rank == 2 { shape.append(m) }
        if b.rank == 2 { shape.append(n) }
        return product.reshaped(shape)
    }

    func parenthesised(_ node: Node) -> String {
        switch node.kind {
        case .name, .number, .call, .index, .transpose: return text(node)
        default: return "(\(text(node)))"
        }
    }

    // MARK: Indexing

    func index(_ x: Tensor, _ items: [IndexItem], base: Node, at node: Node) throws(ExpressionError) -> Tensor {
        guard items.count <= x.rank else {
            throw ExpressionError("\(items.count) indices for \(text(base)) of shape \(shapeText(x.shape)) (\(x.rank) \(x.rank == 1 ? "axis" : "axes"))", at: node.focus)
        }
        var y = x
        var dropped: [Int] = []
        for (axis, item) in items.enumerated() {
            let size = x.shape[axis]
            switch item {
            case .at(let n):
                var i = try integer(n, what: "an index")
                if i < 0 { i += size }
                guard i >= 0 && i < size else {
                    throw ExpressionError("index \(try integer(n, what: "an index")) is out of range for axis \(axis) of size \(size)", at: n.span)
                }
                y = y.slice(axis: axis, i..<(i + 1))
                dropped.append(axis)
            case .slice(let lo, let hi, let span):
                func bound(_ n: Node?, _ fallback: Int) throws(ExpressionError) -> Int {
                    guard let n else { return fallback }
                    let v = try integer(n, what: "a slice bound")
                    return min(max(v < 0 ? v + size : v, 0), size)
                }
                let start = try bound(lo, 0), stop = try bound(hi, size)
                guard stop > start else {
                    throw ExpressionError("\(text(node)) is empty: axis \(axis) has size \(size)", at: span)
                }
                if start != 0 || stop != size { y = y.slice(axis: axis, start..<stop) }
            }
        }
        if dropped.isEmpty { return y }
        let shape = y.shape.enumerated().filter { !dropped.contains($0.offset) }.map(\.element)
        return y.reshaped(shape)
    }

    // MARK: Checks

    /// `node`'s value as a whole number (an index, a size, an axis).
    func integer(_ node: Node, what: String) throws(ExpressionError) -> Int {
        try integer(try evaluate(node), what: what, at: node.span)
    }

    func integer(_ t: Tensor, what: String, at span: Range<Int>) throws(ExpressionError) -> Int {
        guard t.count == 1 else { throw ExpressionError("\(what) must be one number, not \(shapeText(t.shape))", at: span) }
        let v = t.data[0]
        guard v.isFinite, v == v.rounded(), Swift.abs(v) <= 2_147_483_647 else {
            throw ExpressionError("\(what) must be a whole number, not \(Self.format(v))", at: span)
        }
        return Int(v)
    }

    /// Throws when a result of `shape` would hold more than `ExpressionLimits.elements` numbers.
    func checkSize(_ shape: [Int], at span: Range<Int>) throws(ExpressionError) {
        var total = 1
        for s in shape {
            let (next, overflow) = total.multipliedReportingOverflow(by: max(s, 0))
            guard !overflow, next <= ExpressionLimits.elements else {
                throw ExpressionError("the result \(shapeText(shape)) would hold more than \(ExpressionLimits.elements) numbers, the size limit", at: span)
            }
            total = next
        }
    }

    static func format(_ v: Float) -> String {
        if v.isNaN { return "nan" }
        if v.isInfinite { return v > 0 ? "inf" : "-inf" }
        return v == v.rounded() && Swift.abs(v) < 1e9 ? String(Int(v)) : "\(v)"
    }
}

/// State of one `grad`: the leaf standing for the variable differentiated by, and the
/// assignments already recomputed (so a value used twice is one node of the graph).
final class GradTrace {
    let wrtID: Int
    let leaf: Tensor
    var memo: [Int: Tensor] = [:]
    var reached = false
    var depth = 0

    init(wrtID: Int, leaf: Tensor) {
        self.wrtID = wrtID
        self.leaf = leaf
    }
}

/// Names close to a mistyped one.
enum Suggestions {
    static func near(_ word: String, among names: [String], limit: Int = 2) -> [String] {
        let lower = word.lowercased()
        let scored = Set(names).compactMap { name -> (Int, String)? in
            let d = distance(lower, name.lowercased())
            let allowed = max(1, min(2, name.count / 3))
            return d <= allowed ? (d, name) : nil
        }
        return scored.sorted { $0 < $1 }.prefix(limit).map(\.1)
    }

    /// Edit distance counting a swap of neighbours as one edit (`lgo` → `log` is 1).
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var d = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[a.count][b.count]
    }
}
