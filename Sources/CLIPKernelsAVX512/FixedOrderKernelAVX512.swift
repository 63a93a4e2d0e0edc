/// The fixed-order product kernel of CLIPCore, compiled for AVX-512 CPUs (Skylake-SP and later,
/// Zen 4): this module holds links to CLIPCore's `FixedOrderKernel.swift` and
/// `ElementwiseKernels.swift` and these entry points, 16 Floats per vector in one 512-bit register. CLIPCore calls it only when the CPU has
/// AVX-512 (`ProductKernel.fixedOrderBuild`); each output is the same bits as the baseline
/// build's (same order, the same fused multiply-adds, here one instruction each).
public func fixedOrderGemmAVX512(_ transA: Bool, _ transB: Bool, m: Int, n: Int, k: Int, alpha: Float,
                                 _ a: UnsafePointer<Float>, lda: Int, _ b: UnsafePointer<Float>, ldb: Int, beta: Float,
                                 _ c: UnsafeMutablePointer<Float>, ldc: Int, bias: UnsafePointer<Float>? = nil) {
    fixedOrderKernel(SIMD16<Float>.self, transA, transB, m: m, n: n, k: k, alpha: alpha, a, lda: lda, b, ldb: ldb,
                     beta: beta, c, ldc: ldc, bias: bias, vectors: n > 32 ? 4 : n > 16 ? 2 : 1)
}

extension SIMD16<Float>: FusedMultiplyAddVector {
    /// One `vfmadd` per register.
    @inline(__always)
    static func fused(_ c: Self, _ x: Self, _ y: Self) -> Self { c.addingProduct(x, y) }
}

/// `geluLoop` (ElementwiseKernels.swift) in this build: the same bits as the baseline build's.
public func geluAVX512(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, derivative: UnsafeMutablePointer<Float>?,
                  _ range: Range<Int>) {
    geluLoop(x, out, derivative: derivative, range)
}

/// `adamWLoop` (ElementwiseKernels.swift) in this build: the same bits as the baseline build's.
public func adamWAVX512(weights w: UnsafeMutablePointer<Float>, gradients g: UnsafePointer<Float>, m: UnsafeMutablePointer<Float>,
                   v: UnsafeMutablePointer<Float>, count: Int, beta1: Float, beta2: Float, c1: Float, c2: Float,
                   learningRate: Float, eps: Float, decay: Float) {
    adamWLoop(weights: w, gradients: g, m: m, v: v, count: count, beta1: beta1, beta2: beta2, c1: c1, c2: c2,
              learningRate: learningRate, eps: eps, decay: decay)
}

/// `layerNormLoop` (ElementwiseKernels.swift) in this build: the same bits as the baseline build's.
public func layerNormAVX512(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, weight: UnsafePointer<Float>,
                       bias: UnsafePointer<Float>, meanRstd: UnsafeMutablePointer<Float>, width: Int, eps: Float,
                       _ rows: Range<Int>) {
    layerNormLoop(x, out, weight: weight, bias: bias, meanRstd: meanRstd, width: width, eps: eps, rows)
}

/// `layerNormBackwardLoop` (ElementwiseKernels.swift) in this build: the same bits as the baseline build's.
public func layerNormBackwardAVX512(_ g: UnsafePointer<Float>, _ x: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                               meanRstd: UnsafePointer<Float>, into gx: UnsafeMutablePointer<Float>, width: Int,
                               scratch: UnsafeMutablePointer<Float>, _ rows: Range<Int>) {
    layerNormBackwardLoop(g, x, weight: weight, meanRstd: meanRstd, into: gx, width: width, scratch: scratch, rows)
}
