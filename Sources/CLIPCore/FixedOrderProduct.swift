import CLIPKernelsAVX2
import CLIPKernelsAVX512

/// Row-major `C = alpha·op(A)·op(B) + beta·C` (plus `bias` on every row) summed in one fixed
/// order per output, so the bits do not depend on the CPU or the thread count (`ProductKernel`
/// says which products come here). The tile kernel (`FixedOrderKernel.swift`, through
/// `BuildKernels`) runs 16-wide in one register from its AVX-512 build, 16-wide in two from its
/// AVX2 build, 8-wide from the baseline build elsewhere — the same arithmetic per output.
@inline(__always)
func fixedOrderGemm(_ transA: Bool, _ transB: Bool, m: Int, n: Int, k: Int, alpha: Float,
                    _ a: UnsafePointer<Float>, lda: Int, _ b: UnsafePointer<Float>, ldb: Int, beta: Float,
                    _ c: UnsafeMutablePointer<Float>, ldc: Int, bias: UnsafePointer<Float>? = nil) {
    switch ProductKernel.fixedOrderBuild {
    case .avx512:
        CLIPKernelsAVX512.BuildKernels.gemm(transA, transB, m: m, n: n, k: k, alpha: alpha, a, lda: lda, b,
                                            ldb: ldb, beta: beta, c, ldc: ldc, bias: bias)
    case .avx2:
        CLIPKernelsAVX2.BuildKernels.gemm(transA, transB, m: m, n: n, k: k, alpha: alpha, a, lda: lda, b,
                                          ldb: ldb, beta: beta, c, ldc: ldc, bias: bias)
    case .sse2:
        BuildKernels.gemm(transA, transB, m: m, n: n, k: k, alpha: alpha, a, lda: lda, b, ldb: ldb, beta: beta, c,
                          ldc: ldc, bias: bias)
    }
}

/// Double-precision products in the same fixed order (the linear probe's logistic regression):
/// row-major `C[m,n] = op(A)·op(B) + beta·C`, A stored `[k,m]` when `transA`, B `[n,k]` when `transB`.
///
/// Each output starts at 0 and adds `a[i,p]·b[p,j]` for p = 0, 1, … in turn, then `beta·C`.
/// Four rows of C and four of its columns are summed at once in registers, which changes no
/// output's order; the edges go one output row at a time.
public func fixedOrderProduct(_ transA: Bool, _ transB: Bool, m: Int, n: Int, k: Int,
                              _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, beta: Double,
                              _ c: UnsafeMutablePointer<Double>) {
    guard m > 0, n > 0 else { return }
    // op(B) as rows of k: [k, n].
    let bRows = UnsafeMutablePointer<Double>.allocate(capacity: max(1, k * n))
    defer { bRows.deallocate() }
    for p in 0..<k { for j in 0..<n { bRows[p * n + j] = transB ? b[j * k + p] : b[p * n + j] } }
    @inline(__always) func element(_ i: Int, _ p: Int) -> Double { transA ? a[p * m + i] : a[i * k + p] }
    @inline(__always) func finish(_ sum: SIMD4<Double>, row i: Int, column j: Int) {
        let out = c + i * n + j
        for lane in 0..<4 { out[lane] = beta == 0 ? sum[lane] : sum[lane] + beta * out[lane] }
    }
    let acc = UnsafeMutablePointer<Double>.allocate(capacity: n)
    defer { acc.deallocate() }
    var i = 0
    while i < m {
        if i + 4 <= m {
            var j = 0
            while j + 4 <= n {
                var s0 = SIMD4<Double>(), s1 = SIMD4<Double>(), s2 = SIMD4<Double>(), s3 = SIMD4<Double>()
                for p in 0..<k {
                    let row = UnsafeRawPointer(bRows + p * n + j).loadUnaligned(as: SIMD4<Double>.self)
                    s0 += SIMD4(repeating: element(i, p)) * row
                    s1 += SIMD4(repeating: element(i + 1, p)) * row
                    s2 += SIMD4(repeating: element(i + 2, p)) * row
                    s3 += SIMD4(repeating: element(i + 3, p)) * row
                }
                finish(s0, row: i, column: j)
                finish(s1, row: i + 1, column: j)
                finish(s2, row: i + 2, column: j)
                finish(s3, row: i + 3, column: j)
                j += 4
            }
            if j == n { i += 4; continue }
        }
        // One row at a time: the last rows, and the rows of a block whose width is not a multiple of 4.
        let rows = i + 4 <= m ? 4 : 1
        for r in i..<(i + rows) {
            let first = rows == 4 ? n - n % 4 : 0
            acc.update(repeating: 0, count: n)
            for p in 0..<k {
                let arp = element(r, p)
                let row = bRows + p * n
                for j in first..<n { acc[j] += arp * row[j] }
            }
            let out = c + r * n
            for j in first..<n { out[j] = beta == 0 ? acc[j] : acc[j] + beta * out[j] }
        }
        i += rows
    }
}
