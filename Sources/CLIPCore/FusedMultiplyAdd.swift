#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif

/// `c + x·y` rounded once — what an FMA instruction gives — for the baseline (SSE2) build of the
/// fixed-order kernel, on CPUs without one (`FixedOrderKernel.swift` adds products with
/// fused multiply-adds on every build, so that each output's bits do not depend on the CPU).
///
/// The product of two Floats is exact in Double (24 + 24 significant bits fit in 53), so the
/// Double sum `s = x·y + c` is the exact sum rounded once. Rounding `s` to Float rounds a second
/// time, and that can differ from rounding the exact sum once only when `s` lands exactly on a
/// halfway point between two Floats (no such point can lie strictly between `s` and the exact
/// sum: it would be a Double nearer to the exact sum than `s`). So the common case is two
/// conversions, a multiply and an add; the lanes are checked for a halfway `s` — its low 29 bits
/// `1000…0`, or a magnitude under 2⁻¹²⁶, where Floats are subnormal and the halfway points sit
/// elsewhere — and only such rare lanes go through `fusedExactly`.
///
/// Example: with c = −1 and x = y = 1 + 2⁻¹² in every lane, each lane is 2⁻¹¹ + 2⁻²⁴, where a
/// multiply rounded before the add gives 2⁻¹¹.
@inline(__always)
func fusedMultiplyAdd(c: SIMD4<Float>, x: SIMD4<Float>, y: SIMD4<Float>) -> SIMD4<Float> {
    #if arch(x86_64)
    let low = fusedMultiplyAdd(c: _mm_cvtps_pd(c), x: _mm_cvtps_pd(x), y: _mm_cvtps_pd(y))
    let high = fusedMultiplyAdd(c: _mm_cvtps_pd(_mm_movehl_ps(c, c)), x: _mm_cvtps_pd(_mm_movehl_ps(x, x)),
                                y: _mm_cvtps_pd(_mm_movehl_ps(y, y)))
    return _mm_movelh_ps(low, high)
    #else
    return c.addingProduct(x, y)   // baseline arm64 has FMA
    #endif
}

#if arch(x86_64)

/// Two lanes of `fusedMultiplyAdd`, Floats held in Doubles; the result is in the low two lanes.
@inline(__always)
private func fusedMultiplyAdd(c: SIMD2<Double>, x: SIMD2<Double>, y: SIMD2<Double>) -> SIMD4<Float> {
    let s = _mm_add_pd(_mm_mul_pd(x, y), c)
    // Per lane, the low word keeps the 29 bits Float drops and the high word the magnitude plus
    // 2³¹ − 1, so one compare finds `1000…0` below and one finds 0 < |s| < 2⁻¹²⁶ above (SSE2 has
    // 32-bit compares only; the constants make the other word of each compare false).
    let bits = _mm_add_epi32(_mm_and_si128(_mm_castpd_si128(s), SIMD2(repeating: 0x7FFF_FFFF_1FFF_FFFF)),
                             SIMD2(repeating: 0x7FFF_FFFF_0000_0000))
    let halfway = _mm_cmpeq_epi32(bits, SIMD2(repeating: Int64(bitPattern: 0xFFFF_FFFF_1000_0000)))
    let subnormal = _mm_cmpgt_epi32(SIMD2(repeating: Int64(bitPattern: 0xB80F_FFFF_8000_0000)), bits)
    guard _mm_movemask_epi8(_mm_or_si128(halfway, subnormal)) == 0 else {
        return SIMD4(fusedExactly(c[0], x[0], y[0]), fusedExactly(c[1], x[1], y[1]), 0, 0)
    }
    return _mm_cvtpd_ps(s)
}

/// One lane of `fusedMultiplyAdd` the slow, sure way: the sum is rounded *to odd* in Double
/// first — when it is inexact (Knuth's two-sum gives its error `e`) and `s` ends in a 0 bit, it
/// moves one step toward the exact sum, onto its odd neighbour — and a sum rounded to odd with
/// two or more bits to spare rounds to nearest as if once (Boldo & Melquiond, "Emulation of FMA
/// and correctly rounded sums", IEEE Transactions on Computers, 2008); Double has 29 to spare.
@inline(never)
func fusedExactly(_ c: Double, _ x: Double, _ y: Double) -> Float {
    let p = x * y, s = p + c
    let cVirtual = s - p, pVirtual = s - cVirtual
    let e = (p - pVirtual) + (c - cVirtual)
    guard e != 0, s.isFinite, s.bitPattern & 1 == 0 else { return Float(s) }
    return Float(Double(bitPattern: e.sign == s.sign ? s.bitPattern + 1 : s.bitPattern - 1))
}
#endif

/// The baseline build's vector (`BuildKernels.swift`): eight lanes, four per SSE register.
typealias BuildVector = SIMD8<Float>

/// The eight-lane vector of the baseline build: two halves through `fusedMultiplyAdd`.
extension SIMD8<Float>: FusedMultiplyAddVector {
    @inline(__always)
    static func fused(_ c: Self, _ x: Self, _ y: Self) -> Self {
        Self(lowHalf: fusedMultiplyAdd(c: c.lowHalf, x: x.lowHalf, y: y.lowHalf),
             highHalf: fusedMultiplyAdd(c: c.highHalf, x: x.highHalf, y: y.highHalf))
    }

    /// One vector per row of a tile: SSE has 16 registers, and each SIMD8 takes two.
    @inline(__always)
    static func tileVectors(_ n: Int) -> Int { 1 }
}
