import Foundation

extension Tensor {
    /// Sum of every element, as a scalar.
    public func sum() -> Tensor {
        let total = read { x in x.reduce(0, +) }
        let n = count
        return Tensor(scalar: total).recorded(from: [self]) { out in
            let g = out.grad![0]
            self.accumulateGrad { gx in for i in 0..<n { gx[i] += g } }
        }
    }

    /// Mean of every element, as a scalar.
    public func mean() -> Tensor { sum().scaled(1 / Float(max(count, 1))) }

    /// Sum over `axis` (negative counts from the end); the axis is removed unless `keepDims`.
    ///
    /// Example: `[2,3]` summed over axis 1 → `[2]`.
    public func sum(axis: Int, keepDims: Bool = false) -> Tensor {
        let ax = axis < 0 ? rank + axis : axis
        precondition(ax >= 0 && ax < rank, "sum axis \(axis) out of range for \(shape)")
        let outer = shape[..<ax].reduce(1, *), len = shape[ax], inner = shape[(ax + 1)...].reduce(1, *)
        var outShape = shape
        if keepDims { outShape[ax] = 1 } else { outShape.remove(at: ax) }
        let out = Tensor.make(outShape) { o in
            read { x in
                for i in 0..<(outer * inner) { o[i] = 0 }
                for a in 0..<outer {
                    for j in 0..<len {
                        let src = (a * len + j) * inner, dst = a * inner
                        for c in 0..<inner { o[dst + c] += x[src + c] }
                    }
                }
            }
        }
        return out.recorded(from: [self]) { out in
            out.readGrad { g in self.accumulateGrad { gx in
                for a in 0..<outer {
                    for j in 0..<len {
                        let dst = (a * len + j) * inner, src = a * inner
                        for c in 0..<inner { gx[dst + c] += g[src + c] }
                    }
                }
            } }
        }
    }

    /// Mean over `axis`.
    public func mean(axis: Int, keepDims: Bool = false) -> Tensor {
        let ax = axis < 0 ? rank + axis : axis
        return sum(axis: axis, keepDims: keepDims).scaled(1 / Float(max(shape[ax], 1)))
    }
}

extension Tensor {
    /// Largest element over `axis` (the axis removed unless `keepDims`); the gradient goes to
    /// the first largest element of each slice.
    ///
    /// Example: `[[1, 5], [7, 2]]` over axis 1 → `[5, 7]`; over axis 0 → `[7, 5]`.
    public func maximum(axis: Int, keepDims: Bool = false) -> Tensor {
        let ax = axis < 0 ? rank + axis : axis
        precondition(ax >= 0 && ax < rank && shape[ax] > 0, "maximum axis \(axis) out of range for \(shape)")
        let outer = shape[..<ax].reduce(1, *), len = shape[ax], inner = shape[(ax + 1)...].reduce(1, *)
        var outShape = shape
        if keepDims { outShape[ax] = 1 } else { outShape.remove(at: ax) }
        var winners = [Int](repeating: 0, count: outer * inner)   // flat input index of each maximum
        let out = Tensor.make(outShape) { o in
            read { x in
                for a in 0..<outer {
                    for c in 0..<inner {
                        var best = a * len * inner + c
                        for j in 1..<Swift.max(len, 1) {
                            let k = (a * len + j) * inner + c
                            if x[k] > x[best] || (x[best].isNaN && !x[k].isNaN) { best = k }
                        }
                        winners[a * inner + c] = best
                        o[a * inner + c] = x[best]
                    }
                }
            }
        }
        return out.recorded(from: [self]) { out in
            out.readGrad { g in self.accumulateGrad { gx in
                for (i, k) in winners.enumerated() { gx[k] += g[i] }
            } }
        }
    }

    /// Largest element of the whole tensor, as a scalar (gradient to the first largest).
    public func maximum() -> Tensor {
        precondition(count > 0, "max of an empty tensor")
        return reshaped([count]).maximum(axis: 0)
    }
}
