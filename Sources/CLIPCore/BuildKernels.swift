/// One build's entry points into the kernels of `FixedOrderKernel.swift` and
/// `ElementwiseKernels.swift`, on that build's vector type `BuildVector`.
///
/// Like those files, this one is compiled three times: into CLIPCore for baseline x86-64
/// (`SIMD8`), and through symbolic links into CLIPKernelsAVX2 and CLIPKernelsAVX512 (`SIMD16`,
/// compiled for Haswell-class and AVX-512 CPUs; each module's other file says so). CLIPCore
/// calls `CLIPKernelsAVX512.BuildKernels`, `CLIPKernelsAVX2.BuildKernels` or its own
/// `BuildKernels`, the widest the CPU runs (`ProductKernel.fixedOrderBuild`); every build gives
/// the same bits.
public enum BuildKernels {
    /// `fixedOrderKernel`: row-major `C = alpha·op(A)·op(B) + beta·C` (plus `bias` on every row).
    @inline(__always)
    public static func gemm(_ transA: Bool, _ transB: Bool, m: Int, n: Int, k: Int, alpha: Float,
                            _ a: UnsafePointer<Float>, lda: Int, _ b: UnsafePointer<Float>, ldb: Int, beta: Float,
                            _ c: UnsafeMutablePointer<Float>, ldc: Int, bias: UnsafePointer<Float>? = nil) {
        fixedOrderKernel(BuildVector.self, transA, transB, m: m, n: n, k: k, alpha: alpha, a, lda: lda, b, ldb: ldb,
                         beta: beta, c, ldc: ldc, bias: bias)
    }

    /// `geluLoop` over `range`.
    public static func gelu(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>,
                            derivative: UnsafeMutablePointer<Float>?, _ range: Range<Int>) {
        geluLoop(x, out, derivative: derivative, range)
    }

    /// `layerNormLoop` over `rows`.
    public static func layerNorm(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, weight: UnsafePointer<Float>,
                                 bias: UnsafePointer<Float>, meanRstd: UnsafeMutablePointer<Float>, width: Int, eps: Float,
                                 _ rows: Range<Int>) {
        layerNormLoop(x, out, weight: weight, bias: bias, meanRstd: meanRstd, width: width, eps: eps, rows)
    }

    /// `layerNormBackwardLoop` over `rows`.
    public static func layerNormBackward(_ g: UnsafePointer<Float>, _ x: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                                         meanRstd: UnsafePointer<Float>, into gx: UnsafeMutablePointer<Float>, width: Int,
                                         scratch: UnsafeMutablePointer<Float>, _ rows: Range<Int>) {
        layerNormBackwardLoop(g, x, weight: weight, meanRstd: meanRstd, into: gx, width: width, scratch: scratch, rows)
    }

    /// `adamWLoop` over `count` elements.
    public static func adamW(weights w: UnsafeMutablePointer<Float>, gradients g: UnsafePointer<Float>,
                             m: UnsafeMutablePointer<Float>, v: UnsafeMutablePointer<Float>, count: Int, beta1: Float,
                             beta2: Float, c1: Float, c2: Float, learningRate: Float, eps: Float, decay: Float) {
        adamWLoop(weights: w, gradients: g, m: m, v: v, count: count, beta1: beta1, beta2: beta2, c1: c1, c2: c2,
                  learningRate: learningRate, eps: eps, decay: decay)
    }
}
