import Foundation

extension Tensor {
    /// `log σ(x) = −log(1 + e^−x)`, element-wise, without overflow for large |x|.
    ///
    /// Written as `min(x, 0) − log(1 + e^−|x|)`: the exponent is never positive, so
    /// `log σ(−100)` is −100 instead of `log 0 = −∞`, and `log σ(100)` is `−e^−100 ≈ 0`.
    /// Backward multiplies by the derivative `σ(−x) = 1 − σ(x)`, kept from the forward pass.
    /// Computed in Double and rounded once to Float, so the bits do not depend on the CPU's
    /// Float `exp`. Example: `[0, 2, −2]` → `[−0.693, −0.127, −2.127]`.
    ///
    /// SigLIP's loss is `−Σ log σ(z·logits) / N`; see `SigmoidLoss`.
    public func logSigmoid() -> Tensor {
        let n = count
        var derivative = [Float](repeating: 0, count: n)
        let out = Tensor.make(shape) { o in
            read { x in
                for i in 0..<n {
                    let v = Double(x[i])
                    let e = Foundation.exp(-Swift.abs(v))                      // in (0, 1]
                    o[i] = Float(Swift.min(v, 0) - Foundation.log1p(e))
                    derivative[i] = Float(v >= 0 ? e / (1 + e) : 1 / (1 + e))   // σ(−x)
                }
            }
        }
        return out.recorded(from: [self]) { out in
            out.readGrad { g in
                self.accumulateGrad { gx in
                    for i in 0..<n { gx[i] += g[i] * derivative[i] }
                }
            }
        }
    }
}
