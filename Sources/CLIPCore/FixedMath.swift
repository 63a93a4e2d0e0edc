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
        let s = (m - 1) / (m + 1)
        return (e * 1.9082149292705877e-10 + 2 * s * horner(atanhSeries, s * s)) + e * 0.6931471803691238
    }

    /// `cos(2π·t)` for t in [0, 1) (a turn fraction, as Box–Muller draws it): t is reduced to
    /// the nearest quarter turn exactly, then a Taylor polynomial on |x| ≤ π/4.
    public static func cosTurns(_ t: Double) -> Double {
        let quarter = (4 * t).rounded()
        let x = 2 * Double.pi * (t - quarter / 4), x2 = x * x
        let c = horner(cosSeries, x2), s = horner(sinSeries, x2) * x
        switch Int(quarter) & 3 {
        case 0: return c
        case 1: return -s
        case 2: return -c
        default: return s
        }
    }

    /// `log` lane by lane, for positive normal Doubles (Box–Muller's u₁ ≥ 1e-300 is): the same
    /// operations in the same order as the scalar one, so each lane has its bits.
    static func log(_ x: SIMD8<Double>) -> SIMD8<Double> {
        let bits = unsafeBitCast(x, to: SIMD8<UInt64>.self)
        var m = unsafeBitCast((bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000, to: SIMD8<Double>.self)   // significand
        var e = SIMD8<Double>(SIMD8<Int64>(truncatingIfNeeded: bits &>> 52) &- 1023)                          // exponent
        let high = m .> 1.4142135623730951
        m.replace(with: m * 0.5, where: high)
        e.replace(with: e + 1, where: high)
        let s = (m - 1) / (m + 1)
        return (e * 1.9082149292705877e-10 + 2 * s * horner(atanhSeries, s * s)) + e * 0.6931471803691238
    }

    /// `cosTurns` lane by lane, for t in [0, 1): the nearest quarter turn (ties away from zero,
    /// as `rounded()`) by comparison, the same polynomials, the quadrant by selection.
    static func cosTurns(_ t: SIMD8<Double>) -> SIMD8<Double> {
        let y = 4 * t
        var quarter = SIMD8<Double>()
        quarter.replace(with: 1, where: y .>= 0.5)
        quarter.replace(with: 2, where: y .>= 1.5)
        quarter.replace(with: 3, where: y .>= 2.5)
        quarter.replace(with: 4, where: y .>= 3.5)
        let x = 2 * Double.pi * (t - quarter / 4), x2 = x * x
        let c = horner(cosSeries, x2), s = horner(sinSeries, x2) * x
        var result = c   // quarter 0 or 4
        result.replace(with: -s, where: quarter .== 1)
        result.replace(with: -c, where: quarter .== 2)
        result.replace(with: s, where: quarter .== 3)
        return result
    }

    /// The series of `log`'s `atanh(s)/s` in s², highest power first: 1/21, 1/19, …, 1/1.
    private static let atanhSeries: [Double] = [1.0 / 21, 1.0 / 19, 1.0 / 17, 1.0 / 15, 1.0 / 13, 1.0 / 11, 1.0 / 9,
                                                1.0 / 7, 1.0 / 5, 1.0 / 3, 1.0 / 1]
    /// cos x in x², highest power first: −1/18!, 1/16!, …, −1/2!, 1.
    private static let cosSeries: [Double] = [-1.0 / 6_402_373_705_728_000, 1.0 / 20_922_789_888_000, -1.0 / 87_178_291_200,
                                              1.0 / 479_001_600, -1.0 / 3_628_800, 1.0 / 40_320, -1.0 / 720, 1.0 / 24, -1.0 / 2, 1]
    /// sin x / x in x², highest power first: 1/17!, −1/15!, …, −1/3!, 1.
    private static let sinSeries: [Double] = [1.0 / 355_687_428_096_000, -1.0 / 1_307_674_368_000, 1.0 / 6_227_020_800,
                                              -1.0 / 39_916_800, 1.0 / 362_880, -1.0 / 5040, 1.0 / 120, -1.0 / 6, 1]

    /// `c₀·xⁿ + … + cₙ` by Horner's rule, the first coefficient first.
    @inline(__always)
    private static func horner(_ coefficients: [Double], _ x: Double) -> Double {
        var p = coefficients[0]
        for c in coefficients.dropFirst() { p = p * x + c }
        return p
    }

    @inline(__always)
    private static func horner(_ coefficients: [Double], _ x: SIMD8<Double>) -> SIMD8<Double> {
        var p = SIMD8<Double>(repeating: coefficients[0])
        for c in coefficients.dropFirst() { p = p * x + c }
        return p
    }
}
