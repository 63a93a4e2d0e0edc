import Foundation

extension Tensor {
    /// Rows of the last axis: `(rows, width)`.
    var rowsAndWidth: (Int, Int) {
        let w = shape.last ?? 1
        return (w == 0 ? 0 : count / w, w)
    }

    /// Numerically stable softmax over the last axis: `e^(x−max) / Σ e^(x−max)`.
    ///
    /// Example: `[0, ln 3]` → `[0.25, 0.75]`.
    public func softmax() -> Tensor {
        let (rows, w) = rowsAndWidth
        let out = Tensor.make(shape) { o in
            read { x in
                nonisolated(unsafe) let (xs, os) = (x, o)
                Threads.parallelFor(rows, costPerItem: w * 8) { range in
                    for r in range {
                        let base = r * w
                        var m = -Float.infinity
                        for j in 0..<w { m = max(m, xs[base + j]) }
                        if m == -.infinity { m = 0 }
                        var s: Float = 0
                        for j in 0..<w { let e = FixedMath.exp(xs[base + j] - m); os[base + j] = e; s += e }
                        let inv = 1 / s
                        for j in 0..<w { os[base + j] *= inv }
                    }
                }
            }
        }
        return out.recorded(from: [self]) { out in
            out.readGrad { g in out.read { y in self.accumulateGrad { gx in
                // dx = y ⊙ (g − Σ g⊙y)
                for r in 0..<rows {
                    let base = r * w
                    var dot: Float = 0
                    for j in 0..<w { dot += g[base + j] * y[base + j] }
                    for j in 0..<w { gx[base + j] += y[base + j] * (g[base + j] - dot) }
                }
            } } }
        }
    }

    /// Log-softmax over the last axis: `x − max − log Σ e^(x−max)`.
    public func logSoftmax() -> Tensor {
        let (rows, w) = rowsAndWidth
        let out = Tensor.make(shape) { o in
            read { x in
                for r in 0..<rows {
                    let base = r * w
                    var m = -Float.infinity
                    for j in 0..<w { m = max(m, x[base + j]) }
                    var s: Float = 0
                    for j in 0..<w { s += FixedMath.exp(x[base + j] - m) }
                    let lse = m + FixedMath.log(s)
                    for j in 0..<w { o[base + j] = x[base + j] - lse }
                }
            }
        }
        return out.recorded(from: [self]) { out in
            out.readGrad { g in out.read { y in self.accumulateGrad { gx in
                // dx = g − softmax ⊙ Σ g
                for r in 0..<rows {
                    let base = r * w
                    var s: Float = 0
                    for j in 0..<w { s += g[base + j] }
                    for j in 0..<w { gx[base + j] += g[base + j] - FixedMath.exp(y[base + j]) * s }
                }
            } } }
        }
    }

    /// Mean cross-entropy of `[N, C]` logits against integer class targets.
    ///
    /// `loss = −(1/N) Σᵢ log softmax(xᵢ)[tᵢ]`. Example: logits `[[0, 0]]`, target `[1]` → ln 2.
    public func crossEntropy(targets: [Int]) -> Tensor {
        let (rows, w) = rowsAndWidth
        precondition(rank == 2 && targets.count == rows, "crossEntropy: logits \(shape), \(targets.count) targets")
        precondition(targets.allSatisfy { $0 >= 0 && $0 < w }, "crossEntropy: target out of range 0..<\(w)")
        var onehot = [Float](repeating: 0, count: count)
        for (r, t) in targets.enumerated() { onehot[r * w + t] = 1 }
        return crossEntropy(probabilities: Tensor(shape: shape, data: onehot))
    }

    /// Mean cross-entropy of `[N, C]` logits against target distributions `[N, C]`
    /// (each row sums to 1): `−(1/N) Σᵢ Σⱼ pᵢⱼ log softmax(xᵢ)ⱼ`.
    ///
    /// Soft targets let several columns be right at once — e.g. two pairs in a batch
    /// with the same caption.
    public func crossEntropy(probabilities p: Tensor) -> Tensor {
        let (rows, w) = rowsAndWidth
        precondition(p.shape == shape, "crossEntropy: targets \(p.shape) vs logits \(shape)")
        var soft = [Float](repeating: 0, count: count)
        var total: Double = 0
        read { x in p.read { t in
            for r in 0..<rows {
                let base = r * w
                var m = -Float.infinity
                for j in 0..<w { m = max(m, x[base + j]) }
                var s: Float = 0
                for j in 0..<w { s += FixedMath.exp(x[base + j] - m) }
                let lse = m + FixedMath.log(s)
                for j in 0..<w {
                    soft[base + j] = FixedMath.exp(x[base + j] - lse)
                    if t[base + j] != 0 { total -= Double(t[base + j] * (x[base + j] - lse)) }
                }
            }
        } }
        let n = Float(max(rows, 1))
        return Tensor(scalar: Float(total) / Float(n)).recorded(from: [self]) { out in
            let g = out.grad![0] / n
            p.read { t in self.accumulateGrad { gx in
                for r in 0..<rows {
                    let base = r * w
                    var mass: Float = 0
                    for j in 0..<w { mass += t[base + j] }
                    for j in 0..<w { gx[base + j] += g * (soft[base + j] * mass - t[base + j]) }
                }
            } }
        }
    }
}
