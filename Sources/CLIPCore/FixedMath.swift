/// Elementary functions written out in Swift, so a result is the same bits on every CPU.
///
/// glibc picks `expf`, `logf`, `exp`, `log`, `pow`, `cos` variants at start-up from the CPU
/// (an FMA build on CPUs that have it, SSE2 otherwise) and those variants may round the last
/// bit differently. These functions are plain adds, multiplies and divides in a fixed order —
/// Swift never fuses `a * b + c` into one rounding — so the toy model's training, its
/// evaluation and the numbers in the lessons do not depend on the machine. They are accurate
/// to a few ulp (Float) and about 1 ulp (Double), which is all a tensor op needs.
///
/// Example: `FixedMath.exp(Float(1)) ≈ 2.7182817`, `FixedMath.log(100.0) ≈ 4.605170185988091`.
public enum FixedMath {
    /// `e^x` for Float, to about 2 ulp (see `fastExp`); +∞ above ln(Float.greatestFiniteMagnitude).
    @inline(__always)
    public static func exp(_ x: Float) -> Float { x.isNaN || x > 88.72284 ? x + .infinity : fastExp(x) }

    /// `ln x` for Float, to about 1 ulp; −∞ at 0, NaN below 0, +∞ at +∞.
    ///
    /// `x = 2ᵉ·m` with m in [√½, √2), then Cephes' degree-9 polynomial for `ln(1 + f)`,
    /// `f = m − 1`, and `e·ln 2` added in two parts.
    @inline(__always)
    public static func log(_ x: Float) -> Float {
        guard x > 0, x < .infinity else { return x == 0 ? -.infinity : (x == .infinity ? x : .nan) }
        var bits = x.bitPattern
        var e = 0
        if bits < 0x0080_0000 { bits = (x * 8_388_608).bitPattern; e = -23 }   // subnormal: scale by 2²³
        e += Int(bits >> 23) - 126
        var f = Float(bitPattern: (bits & 0x007F_FFFF) | 0x3F00_0000)   // mantissa in [0.5, 1)
        if f < 0.70710678 { e -= 1; f = f + f - 1 } else { f -= 1 }
        let z = f * f
        var p: Float = 7.0376836292e-2
        p = p * f - 1.1514610310e-1
        p = p * f + 1.1676998740e-1
        p = p * f - 1.2420140846e-1
        p = p * f + 1.4249322787e-1
        p = p * f - 1.6668057665e-1
        p = p * f + 2.0000714765e-1
        p = p * f - 2.4999993993e-1
        p = p * f + 3.3333331174e-1
        let fe = Float(e)
        var y = p * f * z + fe * -2.12194440e-4
        y += -0.5 * z
        return (f + y) + fe * 0.693359375
    }

    /// `base^n` for a whole exponent n ≥ 0, by repeated squaring in Double (Adam's `β^t`).
    public static func power(_ base: Float, _ n: Int) -> Float {
        var result = 1.0, b = Double(base), e = n
        while e > 0 {
            if e & 1 == 1 { result *= b }
            b *= b
            e >>= 1
        }
        return Float(result)
    }

    /// `e^x` for Double, to about 1 ulp: `x = n·ln2 + r`, |r| ≤ ln2/2, a degree-13 Taylor
    /// polynomial for `e^r`, then `2ⁿ`. Below −745 it is 0, above 709.78 +∞.
    public static func exp(_ x: Double) -> Double {
        if x.isNaN { return x }
        if x > 709.782712893384 { return .infinity }
        if x < -745.2 { return 0 }
        let n = (x * 1.4426950408889634).rounded()
        let r = (x - n * 0.6931471803691238) - n * 1.9082149292705877e-10
        var p = 1.0 / 6_227_020_800
        for d in [479_001_600.0, 39_916_800, 3_628_800, 362_880, 40_320, 5040, 720, 120, 24, 6, 2, 1, 1] {
            p = p * r + 1 / d
        }
        // 2ⁿ in two halves, so n down to −1075 stays representable on the way.
        let n1 = Int(n) / 2, n2 = Int(n) - n1
        return p * Double(sign: .plus, exponent: n1, significand: 1) * Double(sign: .plus, exponent: n2, significand: 1)
    }

    /// `ln x` for Double, to about 1 ulp: `x = 2ᵉ·m` with m in [√½, √2), then
    /// `ln m = 2·atanh(s)`, `s = (m − 1)/(m + 1)`, as a series in s² to s²¹.
    public static func log(_ x: Double) -> Double {
        guard x > 0, x < .infinity else { return x == 0 ? -.infinity : (x == .infinity ? x : .nan) }
        var m = x.significand   // [1, 2)
        var e = Double(x.exponent)
        if m > 1.4142135623730951 { m *= 0.5; e += 1 }
        let s = (m - 1) / (m + 1), s2 = s * s
        var series = 1.0 / 21
        for d in [19.0, 17, 15, 13, 11, 9, 7, 5, 3, 1] { series = series * s2 + 1 / d }
        return (e * 1.9082149292705877e-10 + 2 * s * series) + e * 0.6931471803691238
    }

    /// `cos(2π·t)` for t in [0, 1) (a turn fraction, as Box–Muller draws it): t is reduced to
    /// the nearest quarter turn exactly, then a Taylor polynomial on |x| ≤ π/4.
    public static func cosTurns(_ t: Double) -> Double {
        let quarter = (4 * t).rounded()
        let x = 2 * Double.pi * (t - quarter / 4), x2 = x * x
        var c = -1.0 / 6_402_373_705_728_000, s = 1.0 / 355_687_428_096_000
        for d in [20_922_789_888_000.0, 87_178_291_200, 479_001_600, 3_628_800, 40_320, 720, 24, 2] {
            c = c * x2 + (d == 2 || d == 720 || d == 3_628_800 || d == 87_178_291_200 ? -1 : 1) / d
        }
        c = c * x2 + 1
        for d in [1_307_674_368_000.0, 6_227_020_800, 39_916_800, 362_880, 5040, 120, 6] {
            s = s * x2 + (d == 6 || d == 5040 || d == 39_916_800 || d == 1_307_674_368_000 ? -1 : 1) / d
        }
        s = (s * x2 + 1) * x
        switch Int(quarter) & 3 {
        case 0: return c
        case 1: return -s
        case 2: return -c
        default: return s
        }
    }
}
