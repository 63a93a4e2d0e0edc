/// The element-wise loops of training that take the most time (GELU and AdamW), and the
/// written-out `exp` and `erf` they use.
///
/// Like `FixedOrderKernel.swift`, this file is compiled three times — into CLIPCore for
/// baseline x86-64 and, through symbolic links, into CLIPKernelsAVX2 and CLIPKernelsAVX512 —
/// and `Elementwise` runs the widest build the CPU has. Each element is computed alone, with
/// multiplies, adds, divisions and square roots each rounded once (no fused multiply-add:
/// Swift does not contract them on any target), so a build only changes how many elements
/// are computed at once, never the bits.

/// GELU with the exact erf, `x·Φ(x) = ½x(1 + erf(x/√2))`, over `range`; with `derivative`, also
/// d/dx x·Φ(x) = Φ(x) + x·φ(x) (φ(x) = e^(−x²/2)/√(2π), from the exponential erf already
/// computed), so that backward is one multiply per element.
@inline(__always)
func geluLoop(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, derivative: UnsafeMutablePointer<Float>?,
              _ range: Range<Int>) {
    if let derivative {
        for i in range {
            let v = x[i], (erf, gaussian) = fastErfAndGaussian(v * 0.70710678), p = 0.5 * (1 + erf)
            out[i] = v * p
            derivative[i] = p + v * 0.39894228 * gaussian
        }
    } else {
        for i in range { let v = x[i]; out[i] = 0.5 * v * (1 + fastErf(v * 0.70710678)) }
    }
}

/// One AdamW step over `count` elements: the moments `m`, `v` move toward the gradient `g` and
/// its square; the weight moves by `lr·(decay·w + m̂/(√v̂ + eps))`, where `c1`, `c2` are the
/// bias corrections `1 − βᵗ`.
@inline(__always)
func adamWLoop(weights w: UnsafeMutablePointer<Float>, gradients g: UnsafePointer<Float>, m: UnsafeMutablePointer<Float>,
               v: UnsafeMutablePointer<Float>, count: Int, beta1 b1: Float, beta2 b2: Float, c1: Float, c2: Float,
               learningRate lr: Float, eps e: Float, decay wd: Float) {
    for j in 0..<count {
        m[j] = b1 * m[j] + (1 - b1) * g[j]
        v[j] = b2 * v[j] + (1 - b2) * g[j] * g[j]
        let update = (m[j] / c1) / ((v[j] / c2).squareRoot() + e)
        w[j] -= lr * (wd * w[j] + update)
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
