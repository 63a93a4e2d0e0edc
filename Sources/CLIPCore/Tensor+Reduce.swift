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
