#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif

/// The element-wise loops of training that take the most time (GELU, layer norm and AdamW),
/// the written-out `exp` and `erf` and the row reductions they use.
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

/// Layer normalisation of `rows` (each `c` wide): `y = (x − mean)·rstd·weight + bias`, with
/// `rstd = 1/√(var + eps)`; each row's mean and rstd are kept in `meanRstd` for backward.
@inline(__always)
func layerNormLoop(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, weight w: UnsafePointer<Float>,
                   bias b: UnsafePointer<Float>, meanRstd: UnsafeMutablePointer<Float>, width c: Int, eps: Float,
                   _ rows: Range<Int>) {
    for r in rows {
        let row = x + r * c, o = out + r * c
        let mean = rowSum(row, c) / Float(c)
        let v = rowSquaredDeviation(row, c, mean: mean)
        let rstd = 1 / (v / Float(c) + eps).squareRoot()
        meanRstd[2 * r] = mean; meanRstd[2 * r + 1] = rstd
        for j in 0..<c { o[j] = (row[j] - mean) * rstd * w[j] + b[j] }
    }
}

/// Layer norm's input gradient for `rows`, added into `gx`: `dx = rstd·(dx̂ − mean(dx̂) −
/// x̂·mean(dx̂⊙x̂))` with `dx̂ = g⊙weight`. `scratch` holds 2c floats.
@inline(__always)
func layerNormBackwardLoop(_ g: UnsafePointer<Float>, _ x: UnsafePointer<Float>, weight w: UnsafePointer<Float>,
                           meanRstd: UnsafePointer<Float>, into gx: UnsafeMutablePointer<Float>, width c: Int,
                           scratch: UnsafeMutablePointer<Float>, _ rows: Range<Int>) {
    let xh = scratch, dxh = scratch + c
    for r in rows {
        let base = r * c, mean = meanRstd[2 * r], rstd = meanRstd[2 * r + 1]
        let gr = g + base, xr = x + base
        for j in 0..<c { xh[j] = (xr[j] - mean) * rstd }
        for j in 0..<c { dxh[j] = gr[j] * w[j] }
        let m1 = rowSum(dxh, c) / Float(c), m2 = rowDot(dxh, xh, c) / Float(c)
        let gxr = gx + base
        for j in 0..<c { gxr[j] += rstd * (dxh[j] - m1 - xh[j] * m2) }
    }
}

/// One AdamW step over `count` elements: the moments `m`, `v` move toward the gradient `g` and
/// its square; the weight moves by `lr·(decay·w + m̂/(√v̂ + eps))`, where `c1`, `c2` are the
/// bias corrections `1 − βᵗ`.
@inline(__always)
func adamWLoop(weights w: UnsafeMutablePointer<Float>, gradients g: UnsafePointer<Float>, m: UnsafeMutablePointer<Float>,
               v: UnsafeMutablePointer<Float>, count: Int, beta1 b1: Float, beta2 b2: Float, c1: Float, c2: Float,
               learningRate lr: Float, eps e: Float, decay wd: Float) {
    // Four at a time: `Float.squareRoot()` is a libm call, which keeps a plain loop from
    // vectorising; `sqrtps` is the same correctly rounded square root.
    @inline(__always) func load(_ p: UnsafePointer<Float>) -> SIMD4<Float> { UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Float>.self) }
    @inline(__always) func store(_ x: SIMD4<Float>, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: x, as: SIMD4<Float>.self)
    }
    var j = 0
    while j + 4 <= count {
        let gj = load(g + j)
        let mj = b1 * load(m + j) + (1 - b1) * gj
        let vj = b2 * load(v + j) + (1 - b2) * gj * gj
        store(mj, m + j)
        store(vj, v + j)
        let update = (mj / c1) / (squareRoot(vj / c2) + e)
        let wj = load(w + j)
        store(wj - lr * (wd * wj + update), w + j)
        j += 4
    }
    while j < count {
        m[j] = b1 * m[j] + (1 - b1) * g[j]
        v[j] = b2 * v[j] + (1 - b2) * g[j] * g[j]
        let update = (m[j] / c1) / ((v[j] / c2).squareRoot() + e)
        w[j] -= lr * (wd * w[j] + update)
        j += 1
    }
}

/// The correctly rounded square root of each lane, in one instruction.
@inline(__always)
func squareRoot(_ x: SIMD4<Float>) -> SIMD4<Float> {
    #if arch(x86_64)
    return _mm_sqrt_ps(x)
    #else
    return x.squareRoot()
    #endif
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

// Reductions along one row with eight running sums, so they vectorise: a plain
// `for j { s += x[j] }` cannot (float addition is not reassociated), and a 64-wide row of
// layer norm or softmax then costs 64 dependent additions. The order is fixed — lane `j % 8`,
// then the lanes in order 0…7 (written out: the standard library's `sum()` leaves its order
// open), then the `n % 8` tail — so a result depends neither on threads nor on the build.

@inline(__always)
func load8(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
}

/// The eight lanes added in order.
@inline(__always)
func laneSum(_ v: SIMD8<Float>) -> Float {
    var s = v[0]
    for lane in 1..<8 { s += v[lane] }
    return s
}

/// `Σ p[j]` for `j < n`. Example: `rowSum([1, 2, 3], 3) == 6`.
@inline(__always)
func rowSum(_ p: UnsafePointer<Float>, _ n: Int) -> Float {
    var acc = SIMD8<Float>(), j = 0
    while j + 8 <= n { acc += load8(p + j); j += 8 }
    var s = laneSum(acc)
    while j < n { s += p[j]; j += 1 }
    return s
}

/// `Σ a[j]·b[j]` for `j < n`.
@inline(__always)
func rowDot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
    var acc = SIMD8<Float>(), j = 0
    while j + 8 <= n { acc += load8(a + j) * load8(b + j); j += 8 }
    var s = laneSum(acc)
    while j < n { s += a[j] * b[j]; j += 1 }
    return s
}

/// `Σ (p[j] − mean)²` for `j < n`.
@inline(__always)
func rowSquaredDeviation(_ p: UnsafePointer<Float>, _ n: Int, mean: Float) -> Float {
    var acc = SIMD8<Float>(), j = 0
    let m = SIMD8<Float>(repeating: mean)
    while j + 8 <= n { let d = load8(p + j) - m; acc += d * d; j += 8 }
    var s = laneSum(acc)
    while j < n { let d = p[j] - mean; s += d * d; j += 1 }
    return s
}

/// `max p[j]` for `j < n` (−∞ for an empty row; a NaN in the row may or may not win). Four
/// running maxima (a maximum is exact, so their order cannot show); the standard library's
/// `pointwiseMax` and `SIMD.max()` are calls, not instructions, for the short rows of attention.
@inline(__always)
func rowMax(_ p: UnsafePointer<Float>, _ n: Int) -> Float {
    var m0 = -Float.infinity, m1 = m0, m2 = m0, m3 = m0, j = 0
    while j + 4 <= n {
        m0 = Swift.max(m0, p[j]); m1 = Swift.max(m1, p[j + 1])
        m2 = Swift.max(m2, p[j + 2]); m3 = Swift.max(m3, p[j + 3])
        j += 4
    }
    while j < n { m0 = Swift.max(m0, p[j]); j += 1 }
    return Swift.max(Swift.max(m0, m1), Swift.max(m2, m3))
}
