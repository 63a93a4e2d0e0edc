/// Reductions along one row with eight running sums, so they vectorise: a plain
/// `for j { s += x[j] }` cannot (float addition is not reassociated), and a 64-wide row of
/// layer norm or softmax then costs 64 dependent additions. The order is fixed — lane `j % 8`,
/// then the lanes in order, then the `n % 8` tail — so a result never depends on threads.

@inline(__always)
private func load8(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
}

/// `Σ p[j]` for `j < n`. Example: `rowSum([1, 2, 3], 3) == 6`.
@inline(__always)
func rowSum(_ p: UnsafePointer<Float>, _ n: Int) -> Float {
    var acc = SIMD8<Float>(), j = 0
    while j + 8 <= n { acc += load8(p + j); j += 8 }
    var s = acc.sum()
    while j < n { s += p[j]; j += 1 }
    return s
}

/// `Σ a[j]·b[j]` for `j < n`.
@inline(__always)
func rowDot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
    var acc = SIMD8<Float>(), j = 0
    while j + 8 <= n { acc += load8(a + j) * load8(b + j); j += 8 }
    var s = acc.sum()
    while j < n { s += a[j] * b[j]; j += 1 }
    return s
}

/// `Σ (p[j] − mean)²` for `j < n`.
@inline(__always)
func rowSquaredDeviation(_ p: UnsafePointer<Float>, _ n: Int, mean: Float) -> Float {
    var acc = SIMD8<Float>(), j = 0
    let m = SIMD8<Float>(repeating: mean)
    while j + 8 <= n { let d = load8(p + j) - m; acc += d * d; j += 8 }
    var s = acc.sum()
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
