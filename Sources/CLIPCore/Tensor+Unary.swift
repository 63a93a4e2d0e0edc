import Foundation

extension Tensor {
    /// Applies `f` element-wise; `df(x, y)` is the derivative given input and output.
    /// Large tensors split across threads.
    func unary(cost: Int = 1, _ f: @escaping (Float) -> Float, _ df: @escaping (Float, Float) -> Float) -> Tensor {
        let n = count
        let out = Tensor.make(shape) { o in
            read { x in
                nonisolated(unsafe) let (xs, os) = (x, o)
                Threads.parallelFor(n, costPerItem: cost) { range in
                    for i in range { os[i] = f(xs[i]) }
                }
            }
        }
        return out.recorded(from: [self]) { out in
            out.readGrad { g in self.read { x in out.read { y in
                self.accumulateGrad { gx in
                    nonisolated(unsafe) let (gs, xs, ys, gxs) = (g, x, y, gx)
                    Threads.parallelFor(n, costPerItem: cost) { range in
                        for i in range { gxs[i] += gs[i] * df(xs[i], ys[i]) }
                    }
                }
            } } }
        }
    }

    /// `e^x`.
    public func exp() -> Tensor { unary(cost: 4, { FixedMath.exp($0) }, { _, y in y }) }
    /// Natural log.
    public func log() -> Tensor { unary(cost: 4, { FixedMath.log($0) }, { x, _ in 1 / x }) }
    /// Square root.
    public func sqrt() -> Tensor { unary(cost: 2, { $0.squareRoot() }, { _, y in 0.5 / y }) }
    /// `|x|` (gradient `sign(x)`, 0 at 0).
    public func abs() -> Tensor { unary({ Swift.abs($0) }, { x, _ in x > 0 ? 1 : (x < 0 ? -1 : 0) }) }
    /// `x^p` for a constant exponent. Example: `[2, 3]` to the power 2 → `[4, 9]`.
    public func pow(_ p: Float) -> Tensor {
        unary(cost: 4, { Foundation.pow($0, p) }, { x, _ in p == 0 ? 0 : p * Foundation.pow(x, p - 1) })
    }
    /// `s·x`.
    public func scaled(_ s: Float) -> Tensor { unary({ $0 * s }, { _, _ in s }) }
    /// `x + c`.
    public func adding(_ c: Float) -> Tensor { unary({ $0 + c }, { _, _ in 1 }) }
    /// `-x`.
    public static prefix func - (x: Tensor) -> Tensor { x.scaled(-1) }
    /// `max(x, 0)`.
    public func relu() -> Tensor { unary({ max($0, 0) }, { x, _ in x > 0 ? 1 : 0 }) }
    /// Logistic sigmoid `1/(1+e^-x)`.
    public func sigmoid() -> Tensor { unary(cost: 4, { 1 / (1 + FixedMath.exp(-$0)) }, { _, y in y * (1 - y) }) }

    /// GELU with the exact erf: `x·Φ(x) = ½x(1 + erf(x/√2))` (`hidden_act: "gelu"`).
    public func gelu() -> Tensor {
        if !Tensor.recording(self) {   // inference: a closure-free pass
            let n = count
            return Tensor.make(shape) { o in read { x in
                nonisolated(unsafe) let (xs, os) = (x, o)
                Threads.parallelFor(n, costPerItem: 8) { range in
                    for i in range { let v = xs[i]; os[i] = 0.5 * v * (1 + fastErf(v * 0.70710678)) }
                }
            } }
        }
        // Training: the forward pass keeps the derivative d/dx x·Φ(x) = Φ(x) + x·φ(x), with
        // φ(x) = e^(−x²/2)/√(2π) from the exponential erf already computed, so backward is
        // one multiply-add per element.
        let n = count
        var derivative = [Float](uninitializedCount: n) { _ in }   // written below
        let out = Tensor.make(shape) { o in read { x in derivative.withUnsafeMutableBufferPointer { d in
            nonisolated(unsafe) let (xs, os, ds) = (x, o, d)
            Threads.parallelFor(n, costPerItem: 8) { range in
                for i in range {
                    let v = xs[i], (erf, gaussian) = fastErfAndGaussian(v * 0.70710678), p = 0.5 * (1 + erf)
                    os[i] = v * p
                    ds[i] = p + v * 0.39894228 * gaussian
                }
            }
        } } }
        return out.recorded(from: [self]) { out in
            out.readGrad { g in derivative.withUnsafeBufferPointer { d in self.accumulateGrad { gx in
                nonisolated(unsafe) let (gs, ds, gxs) = (g, d, gx)
                Threads.parallelFor(n, costPerItem: 2) { range in
                    for i in range { gxs[i] += gs[i] * ds[i] }
                }
            } } }
        }
    }

    /// QuickGELU `x·σ(1.702x)`, the activation of OpenAI's released CLIP weights.
    public func quickGelu() -> Tensor {
        if !Tensor.recording(self) {   // inference: one vectorisable pass, no closures
            let n = count
            return Tensor.make(shape) { o in read { x in
                nonisolated(unsafe) let (xs, os) = (x, o)
                Threads.parallelFor(n, costPerItem: 4) { range in
                    for i in range { let v = xs[i]; os[i] = v / (1 + fastExp(-1.702 * v)) }
                }
            } }
        }
        return unary(cost: 6, { x in x / (1 + FixedMath.exp(-1.702 * x)) }, { x, _ in
            let s = 1 / (1 + FixedMath.exp(-1.702 * x))
            return s + 1.702 * x * s * (1 - s)
        })
    }

    /// Values clamped into `[low, high]` (gradient 0 where clamped).
    public func clamped(_ low: Float, _ high: Float) -> Tensor {
        unary({ min(max($0, low), high) }, { x, _ in x >= low && x <= high ? 1 : 0 })
    }
}

/// `erf(x)` to 5·10⁻⁷ absolute (1.5·10⁻⁷ in exact arithmetic) without a libm call, so GELU's loop vectorises.
///
/// Abramowitz & Stegun 7.1.26: `erf(x) = 1 − (a₁t + a₂t² + … + a₅t⁵)·e^(−x²)` with
/// `t = 1/(1 + p·x)` for x ≥ 0, and `erf(−x) = −erf(x)`. Example: `fastErf(1) ≈ 0.8427008`.
@inline(__always)
func fastErf(_ x: Float) -> Float { fastErfAndGaussian(x).erf }

/// `fastErf(x)` and the `e^(−x²)` it is built from (GELU's derivative needs both).
@inline(__always)
func fastErfAndGaussian(_ x: Float) -> (erf: Float, gaussian: Float) {
    let a = abs(x)
    let t = 1 / (1 + 0.3275911 * a)
    var p: Float = 1.061405429
    p = p * t - 1.453152027
    p = p * t + 1.421413741
    p = p * t - 0.284496736
    p = p * t + 0.254829592
    let gaussian = fastExp(-a * a)
    let y = 1 - p * t * gaussian
    return (x < 0 ? -y : y, gaussian)
}

/// `e^x` to about 2 ulp without a libm call, so loops over it vectorise.
///
/// Range reduction `x = n·ln2 + r` (n by the 1.5·2²³ rounding trick, ln2 split in two
/// parts), a degree-6 polynomial for `e^r` on |r| ≤ ln2/2 (Cephes' `expf` coefficients),
/// then `2ⁿ` built from its exponent bits. Below −87.3 (including −∞) it returns 0; above 88 it saturates at e⁸⁸.
/// Example: `fastExp(1) ≈ 2.7182817`.
@inline(__always)
func fastExp(_ x: Float) -> Float {
    let clamped = min(max(x, -87.3), 88.0)
    let n = (clamped * 1.442695041 + 12_582_912) - 12_582_912
    let r = clamped - n * 0.693359375 + n * 2.12194440e-4
    var p: Float = 1.9875691500e-4
    p = p * r + 1.3981999507e-3
    p = p * r + 8.3334519073e-3
    p = p * r + 4.1665795894e-2
    p = p * r + 1.6666665459e-1
    p = p * r + 5.0000001201e-1
    let er = p * r * r + r + 1
    let scale = Float(bitPattern: UInt32(bitPattern: Int32(n) &+ 127) << 23)
    return x < -87.3 ? 0 : er * scale
}
