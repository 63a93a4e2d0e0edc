import Foundation

extension Tensor {
    /// Layer normalisation over the last axis:
    /// `y = (x − mean) / √(var + eps) · weight + bias`, with `weight`, `bias` `[C]`.
    ///
    /// - Parameter self: `[..., C]`. - Returns: `[..., C]`.
    public func layerNorm(weight: Tensor, bias: Tensor, eps: Float) -> Tensor {
        let (rows, c) = rowsAndWidth
        precondition(weight.shape == [c] && bias.shape == [c], "layerNorm: \(shape) with weight \(weight.shape)")
        var meanRstd = [Float](repeating: 0, count: rows * 2)
        let out = Tensor.make(shape) { o in
            read { x in weight.read { w in bias.read { b in meanRstd.withUnsafeMutableBufferPointer { mr in
                nonisolated(unsafe) let (xs, os, ws, bs, mrs) = (x, o, w, b, mr)
                guard rows > 0, c > 0 else { return }
                Threads.parallelFor(rows, costPerItem: c * 4) { range in
                    Elementwise.layerNorm(xs.baseAddress!, os.baseAddress!, weight: ws.baseAddress!, bias: bs.baseAddress!,
                                          meanRstd: mrs.baseAddress!, width: c, eps: eps, range)
                }
            } } } }
        }
        return out.recorded(from: [self, weight, bias]) { out in
            out.readGrad { g in self.read { x in weight.read { w in meanRstd.withUnsafeBufferPointer { mr in
            self.withGradPointer { gx in weight.withGradPointer { gw in bias.withGradPointer { gb in
                guard rows > 0, c > 0 else { return }
                nonisolated(unsafe) let (gp, xp, wp, mrs) = (g.baseAddress!, x.baseAddress!, w.baseAddress!, mr.baseAddress!)
                nonisolated(unsafe) let (gxp, gwp, gbp) = (gx, gw, gb)
                // dx = rstd·(dx̂ − mean(dx̂) − x̂·mean(dx̂⊙x̂)), dx̂ = g⊙w: rows split across threads.
                if let gxp {
                    Threads.parallelFor(rows, costPerItem: c * 8) { range in
                        withUnsafeTemporaryAllocation(of: Float.self, capacity: 2 * c) { scratch in
                            Elementwise.layerNormBackward(gp, xp, weight: wp, meanRstd: mrs, into: gxp, width: c,
                                                          scratch: scratch.baseAddress!, range)
                        }
                    }
                }
                // dW += Σ_rows g⊙x̂ and db += Σ_rows g: each column summed over the rows in order,
                // columns split across threads.
                guard gwp != nil || gbp != nil else { return }
                Threads.parallelFor(c, costPerItem: rows * 4) { columns in
                    for r in 0..<rows {
                        let base = r * c, mean = mrs[2 * r], rstd = mrs[2 * r + 1]
                        let gr = gp + base, xr = xp + base
                        if let gwp { for j in columns { gwp[j] += gr[j] * ((xr[j] - mean) * rstd) } }
                        if let gbp { for j in columns { gbp[j] += gr[j] } }
                    }
                }
            } } }
            } } } }
        }
    }

    /// Divides each vector along the last axis by its L2 norm (floored at `eps`).
    ///
    /// Example: `[3, 4]` → `[0.6, 0.8]`.
    public func l2Normalized(eps: Float = 1e-12) -> Tensor {
        let (rows, c) = rowsAndWidth
        var norms = [Float](repeating: 0, count: rows)
        let out = Tensor.make(shape) { o in
            read { x in
                for r in 0..<rows {
                    var s: Float = 0
                    for j in 0..<c { s += x[r * c + j] * x[r * c + j] }
                    let nrm = max(s.squareRoot(), eps)
                    norms[r] = nrm
                    for j in 0..<c { o[r * c + j] = x[r * c + j] / nrm }
                }
            }
        }
        return out.recorded(from: [self]) { out in
            out.readGrad { g in out.read { y in self.accumulateGrad { gx in
                // dx = (g − y·(g·y)) / ‖x‖
                for r in 0..<rows {
                    var dot: Float = 0
                    for j in 0..<c { dot += g[r * c + j] * y[r * c + j] }
                    for j in 0..<c { gx[r * c + j] += (g[r * c + j] - y[r * c + j] * dot) / norms[r] }
                }
            } } }
        }
    }
}
