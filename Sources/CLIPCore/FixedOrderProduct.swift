import CLIPKernelsAVX2
import CLIPKernelsAVX512

/// Row-major `C = alpha·op(A)·op(B) + beta·C` summed in one fixed order per output, so the bits
/// do not depend on the CPU or the thread count (`ProductKernel` says which products come
/// here). The tile kernel (`FixedOrderKernel.swift`) runs 16-wide in one register from its
/// AVX-512 build, 16-wide in two from its AVX2 build, 8-wide from the baseline build elsewhere —
/// the same arithmetic per output.
@inline(__always)
func fixedOrderGemm(_ transA: Bool, _ transB: Bool, m: Int, n: Int, k: Int, alpha: Float,
                    _ a: UnsafePointer<Float>, lda: Int, _ b: UnsafePointer<Float>, ldb: Int, beta: Float,
                    _ c: UnsafeMutablePointer<Float>, ldc: Int) {
    switch ProductKernel.fixedOrderBuild {
    case .avx512:
        fixedOrderGemmAVX512(transA, transB, m: m, n: n, k: k, alpha: alpha, a, lda: lda, b, ldb: ldb, beta: beta, c, ldc: ldc)
    case .avx2:
        fixedOrderGemmAVX2(transA, transB, m: m, n: n, k: k, alpha: alpha, a, lda: lda, b, ldb: ldb, beta: beta, c, ldc: ldc)
    case .sse2:
        fixedOrderKernel(SIMD8<Float>.self, transA, transB, m: m, n: n, k: k, alpha: alpha, a, lda: lda, b, ldb: ldb,
                         beta: beta, c, ldc: ldc)
    }
}

/// Double-precision products in the same fixed order (the linear probe's logistic regression):
/// row-major `C[m,n] = op(A)·op(B) + beta·C`, A stored `[k,m]` when `transA`, B `[n,k]` when `transB`.
///
/// Each output is summed over p = 0, 1, … in turn; the loops run across a row of C, so they
/// vectorise without reordering any sum.
public func fixedOrderProduct(_ transA: Bool, _ transB: Bool, m: Int, n: Int, k: Int,
                              _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, beta: Double,
                              _ c: UnsafeMutablePointer<Double>) {
    guard m > 0, n > 0 else { return }
    // op(B) as rows of k: [k, n].
    let bRows = UnsafeMutablePointer<Double>.allocate(capacity: max(1, k * n))
    defer { bRows.deallocate() }
    for p in 0..<k { for j in 0..<n { bRows[p * n + j] = transB ? b[j * k + p] : b[p * n + j] } }
    let acc = UnsafeMutablePointer<Double>.allocate(capacity: n)
    defer { acc.deallocate() }
    for i in 0..<m {
        acc.update(repeating: 0, count: n)
        for p in 0..<k {
            let aip = transA ? a[p * m + i] : a[i * k + p]
            let row = bRows + p * n
            for j in 0..<n { acc[j] += aip * row[j] }
        }
        let out = c + i * n
        for j in 0..<n { out[j] = beta == 0 ? acc[j] : acc[j] + beta * out[j] }
    }
}
