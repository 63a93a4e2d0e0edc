import Foundation

extension Tensor {
    /// The same values with a new shape; one dimension may be `-1` (inferred).
    ///
    /// Example: `[2,3,4]` reshaped `[2,-1]` → `[2,12]`.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        var s = newShape
        if let i = s.firstIndex(of: -1) {
            let known = s.enumerated().filter { $0.offset != i }.map(\.element).product
            s[i] = known == 0 ? 0 : count / known
        }
        precondition(s.product == count, "cannot reshape \(shape) to \(newShape)")
        let out = Tensor(shape: s, data: data)
        return out.recorded(from: [self]) { out in
            out.readGrad { g in self.accumulateGrad { gx in for i in 0..<g.count { gx[i] += g[i] } } }
        }
    }

    /// Dimensions reordered: output dimension `i` is input dimension `dims[i]`.
    ///
    /// Example: `[B,T,H,D]` permuted `[0,2,1,3]` → `[B,H,T,D]` (heads first for attention).
    public func permuted(_ dims: [Int]) -> Tensor {
        precondition(dims.sorted() == Array(0..<rank), "permutation \(dims) invalid for rank \(rank)")
        let outShape = dims.map { shape[$0] }
        let out = Tensor.make(outShape) { o in read { x in permuteCopy(x, into: o, shape: shape, dims: dims) } }
        return out.recorded(from: [self]) { out in
            var inverse = [Int](repeating: 0, count: dims.count)
            for (i, d) in dims.enumerated() { inverse[d] = i }
            out.readGrad { g in self.accumulateGrad { gx in
                var tmp = [Float](repeating: 0, count: g.count)
                tmp.withUnsafeMutableBufferPointer { t in permuteCopy(g, into: t, shape: outShape, dims: inverse) }
                for i in 0..<tmp.count { gx[i] += tmp[i] }
            } }
        }
    }

    /// Swaps two dimensions (`transposed(-2, -1)` transposes the last two).
    public func transposed(_ a: Int = -2, _ b: Int = -1) -> Tensor {
        var dims = Array(0..<rank)
        dims.swapAt(a < 0 ? rank + a : a, b < 0 ? rank + b : b)
        return permuted(dims)
    }

    /// Rows `range` of `axis` (a view copied out).
    ///
    /// Example: `[B,T,C]` sliced axis 1, `0..<1` → `[B,1,C]` (the CLS token).
    public func slice(axis: Int, _ range: Range<Int>) -> Tensor {
        let ax = axis < 0 ? rank + axis : axis
        precondition(range.lowerBound >= 0 && range.upperBound <= shape[ax], "slice \(range) out of \(shape) axis \(ax)")
        let outer = shape[..<ax].product, len = shape[ax], inner = shape[(ax + 1)...].product
        var outShape = shape
        outShape[ax] = range.count
        let w = range.count * inner
        let out = Tensor.make(outShape) { o in read { x in
            for a in 0..<outer {
                let src = (a * len + range.lowerBound) * inner
                for j in 0..<w { o[a * w + j] = x[src + j] }
            }
        } }
        return out.recorded(from: [self]) { out in
            out.readGrad { g in self.accumulateGrad { gx in
                for a in 0..<outer {
                    let dst = (a * len + range.lowerBound) * inner
                    for j in 0..<w { gx[dst + j] += g[a * w + j] }
                }
            } }
        }
    }

    /// Splits `axis` into pieces of the given sizes.
    public func split(_ sizes: [Int], axis: Int) -> [Tensor] {
        var start = 0
        return sizes.map { size in
            defer { start += size }
            return slice(axis: axis, start..<(start + size))
        }
    }

    /// Joins tensors along `axis`; other dimensions must agree.
    public static func concat(_ parts: [Tensor], axis: Int) -> Tensor {
        precondition(!parts.isEmpty, "concat of nothing")
        let first = parts[0]
        let ax = axis < 0 ? first.rank + axis : axis
        let outer = first.shape[..<ax].product, inner = first.shape[(ax + 1)...].product
        for p in parts {
            precondition(p.rank == first.rank && p.shape[..<ax] == first.shape[..<ax]
                         && p.shape[(ax + 1)...] == first.shape[(ax + 1)...], "concat: \(p.shape) vs \(first.shape)")
        }
        let lens = parts.map { $0.shape[ax] }, total = lens.reduce(0, +)
        var outShape = first.shape
        outShape[ax] = total
        let out = Tensor.make(outShape) { o in
            var offset = 0
            for (p, len) in zip(parts, lens) {
                p.read { x in
                    for a in 0..<outer {
                        let dst = (a * total + offset) * inner, src = a * len * inner
                        for j in 0..<(len * inner) { o[dst + j] = x[src + j] }
                    }
                }
                offset += len
            }
        }
        return out.recorded(from: parts) { out in
            out.readGrad { g in
                var offset = 0
                for (p, len) in zip(parts, lens) {
                    p.accumulateGrad { gx in
                        for a in 0..<outer {
                            let src = (a * total + offset) * inner, dst = a * len * inner
                            for j in 0..<(len * inner) { gx[dst + j] += g[src + j] }
                        }
                    }
                    offset += len
                }
            }
        }
    }

    /// One position per batch row: `[B, T, C]` with positions `[B]` → `[B, C]`.
    ///
    /// Used for pooling at the end-of-text token. Example: positions `[3, 5]` take
    /// `x[0,3,:]` and `x[1,5,:]`.
    public func selecting(positions: [Int]) -> Tensor {
        precondition(rank == 3 && positions.count == shape[0], "selecting: \(shape) with \(positions.count) positions")
        let (t, c) = (shape[1], shape[2])
        precondition(positions.allSatisfy { $0 >= 0 && $0 < t }, "selecting: position out of 0..<\(t)")
        let out = Tensor.make([shape[0], c]) { o in read { x in
            for (b, p) in positions.enumerated() { for j in 0..<c { o[b * c + j] = x[(b * t + p) * c + j] } }
        } }
        return out.recorded(from: [self]) { out in
            out.readGrad { g in self.accumulateGrad { gx in
                for (b, p) in positions.enumerated() { for j in 0..<c { gx[(b * t + p) * c + j] += g[b * c + j] } }
            } }
        }
    }
}

/// Copies `x` (of `shape`) into `o` with dimensions reordered by `dims`.
/// A shared last dimension copies contiguous runs.
private func permuteCopy(_ x: UnsafeBufferPointer<Float>, into o: UnsafeMutableBufferPointer<Float>,
                         shape: [Int], dims: [Int]) {
    let rank = shape.count
    guard rank > 0 else { if !x.isEmpty { o[0] = x[0] }; return }
    var strides = [Int](repeating: 1, count: rank)
    for i in stride(from: rank - 2, through: 0, by: -1) { strides[i] = strides[i + 1] * shape[i + 1] }
    let outShape = dims.map { shape[$0] }
    let srcStrides = dims.map { strides[$0] }
    let run = dims.last == rank - 1 ? shape[rank - 1] : 1
    let loopRank = run > 1 ? rank - 1 : rank
    var index = [Int](repeating: 0, count: max(loopRank, 1))
    var dst = 0
    let total = o.count
    if total == 0 { return }
    while dst < total {
        var src = 0
        for i in 0..<loopRank { src += index[i] * srcStrides[i] }
        for j in 0..<run { o[dst + j] = x[src + j] }
        dst += run
        var i = loopRank - 1
        while i >= 0 {
            index[i] += 1
            if index[i] < outShape[i] { break }
            index[i] = 0
            i -= 1
        }
    }
}
