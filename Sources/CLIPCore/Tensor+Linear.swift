import Foundation

extension Tensor {
    /// `x·Wᵀ + b` as one op: the product kernel adds the bias as it stores each tile (`gemm`'s
    /// `bias`); backward is two products and a column sum, with no reshaped copies.
    ///
    /// - Parameters: `self` `[..., in]`, `weight` `[out, in]`, `bias` `[out]`.
    /// - Returns: `[..., out]`.
    /// Backward: `dX += dY·W`, `dW += dYᵀ·X`, `db += Σ_rows dY`.
    func linearFused(_ weight: Tensor, _ bias: Tensor?) -> Tensor {
        let (n, k) = (weight.shape[0], weight.shape[1])
        let rows = count / max(k, 1)
        if let bias { precondition(bias.shape == [n], "linear: bias \(bias.shape) for \(n) outputs") }
        let out = Tensor.make(Array(shape.dropLast()) + [n]) { o in
            guard rows > 0, n > 0 else { return }
            read { a in weight.read { w in Tensor.read(bias) { b in
                gemm(false, true, m: rows, n: n, k: k, a.baseAddress!, w.baseAddress!, beta: 0, o.baseAddress!, bias: b)
            } } }
        }
        let inputs = bias.map { [self, weight, $0] } ?? [self, weight]
        return out.recorded(from: inputs) { out in
            guard rows > 0, n > 0 else { return }
            out.readGrad { g in
                let gp = g.baseAddress!
                // A first gradient is written (beta 0), not added to zeros: the same values, since
                // a product summed from +0 is never −0, and x + 0 is x.
                self.accumulateOrWriteGrad { gx, fresh in weight.read { w in   // dX[rows,in] += dY[rows,out]·W[out,in]
                    gemm(false, false, m: rows, n: k, k: n, gp, w.baseAddress!, beta: fresh ? 0 : 1, gx.baseAddress!)
                } }
                weight.accumulateOrWriteGrad { gw, fresh in self.read { x in   // dW[out,in] += dYᵀ·X
                    gemm(true, false, m: n, n: k, k: rows, gp, x.baseAddress!, beta: fresh ? 0 : 1, gw.baseAddress!)
                } }
                bias?.accumulateGrad { gb in
                    // Each column summed over the rows in order, columns split across threads.
                    let gbp = gb.baseAddress!
                    Threads.parallelFor(n, costPerItem: rows) { columns in
                        for r in 0..<rows {
                            let row = gp + r * n
                            for j in columns { gbp[j] += row[j] }
                        }
                    }
                }
            }
        }
    }
}
