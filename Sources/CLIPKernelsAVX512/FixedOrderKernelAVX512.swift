/// The fixed-order product kernel of CLIPCore, compiled for AVX-512 CPUs (Skylake-SP and later,
/// Zen 4): this module holds a link to CLIPCore's `FixedOrderKernel.swift` and this entry point,
/// 16 Floats per vector in one 512-bit register. CLIPCore calls it only when the CPU has
/// AVX-512 (`ProductKernel.fixedOrderBuild`); each output is the same bits as the baseline
/// build's (same order, the same fused multiply-adds).
public func fixedOrderGemmAVX512(_ transA: Bool, _ transB: Bool, m: Int, n: Int, k: Int, alpha: Float,
                                 _ a: UnsafePointer<Float>, lda: Int, _ b: UnsafePointer<Float>, ldb: Int, beta: Float,
                                 _ c: UnsafeMutablePointer<Float>, ldc: Int) {
    fixedOrderKernel(SIMD16<Float>.self, transA, transB, m: m, n: n, k: k, alpha: alpha, a, lda: lda, b, ldb: ldb,
                     beta: beta, c, ldc: ldc, wide: n > 16)
}
