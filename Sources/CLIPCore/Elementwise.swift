import CLIPKernelsAVX2
import CLIPKernelsAVX512

/// The element-wise loops of `ElementwiseKernels.swift`, run from the widest build the CPU has
/// (`BuildKernels`, chosen by `ProductKernel.fixedOrderBuild` as the products are): 8 or 16
/// elements at a time with AVX2 or AVX-512, 4 otherwise, and the same bits from each.
enum Elementwise {
    /// `geluLoop` over `range`.
    @inline(__always)
    static func gelu(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, derivative: UnsafeMutablePointer<Float>?,
                     _ range: Range<Int>) {
        switch ProductKernel.fixedOrderBuild {
        case .avx512: CLIPKernelsAVX512.BuildKernels.gelu(x, out, derivative: derivative, range)
        case .avx2: CLIPKernelsAVX2.BuildKernels.gelu(x, out, derivative: derivative, range)
        case .sse2: BuildKernels.gelu(x, out, derivative: derivative, range)
        }
    }

    /// `layerNormLoop` over `rows`.
    @inline(__always)
    static func layerNorm(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, weight: UnsafePointer<Float>,
                          bias: UnsafePointer<Float>, meanRstd: UnsafeMutablePointer<Float>, width: Int, eps: Float,
                          _ rows: Range<Int>) {
        switch ProductKernel.fixedOrderBuild {
        case .avx512:
            CLIPKernelsAVX512.BuildKernels.layerNorm(x, out, weight: weight, bias: bias, meanRstd: meanRstd, width: width,
                                                     eps: eps, rows)
        case .avx2:
            CLIPKernelsAVX2.BuildKernels.layerNorm(x, out, weight: weight, bias: bias, meanRstd: meanRstd, width: width,
                                                   eps: eps, rows)
        case .sse2:
            BuildKernels.layerNorm(x, out, weight: weight, bias: bias, meanRstd: meanRstd, width: width, eps: eps, rows)
        }
    }

    /// `layerNormBackwardLoop` over `rows`.
    @inline(__always)
    static func layerNormBackward(_ g: UnsafePointer<Float>, _ x: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                                  meanRstd: UnsafePointer<Float>, into gx: UnsafeMutablePointer<Float>, width: Int,
                                  scratch: UnsafeMutablePointer<Float>, _ rows: Range<Int>) {
        switch ProductKernel.fixedOrderBuild {
        case .avx512:
            CLIPKernelsAVX512.BuildKernels.layerNormBackward(g, x, weight: weight, meanRstd: meanRstd, into: gx, width: width,
                                                             scratch: scratch, rows)
        case .avx2:
            CLIPKernelsAVX2.BuildKernels.layerNormBackward(g, x, weight: weight, meanRstd: meanRstd, into: gx, width: width,
                                                           scratch: scratch, rows)
        case .sse2:
            BuildKernels.layerNormBackward(g, x, weight: weight, meanRstd: meanRstd, into: gx, width: width, scratch: scratch,
                                           rows)
        }
    }

    /// `adamWLoop` over `count` elements.
    @inline(__always)
    static func adamW(weights w: UnsafeMutablePointer<Float>, gradients g: UnsafePointer<Float>, m: UnsafeMutablePointer<Float>,
                      v: UnsafeMutablePointer<Float>, count: Int, beta1: Float, beta2: Float, c1: Float, c2: Float,
                      learningRate: Float, eps: Float, decay: Float) {
        switch ProductKernel.fixedOrderBuild {
        case .avx512:
            CLIPKernelsAVX512.BuildKernels.adamW(weights: w, gradients: g, m: m, v: v, count: count, beta1: beta1, beta2: beta2,
                                                 c1: c1, c2: c2, learningRate: learningRate, eps: eps, decay: decay)
        case .avx2:
            CLIPKernelsAVX2.BuildKernels.adamW(weights: w, gradients: g, m: m, v: v, count: count, beta1: beta1, beta2: beta2,
                                               c1: c1, c2: c2, learningRate: learningRate, eps: eps, decay: decay)
        case .sse2:
            BuildKernels.adamW(weights: w, gradients: g, m: m, v: v, count: count, beta1: beta1, beta2: beta2, c1: c1, c2: c2,
                               learningRate: learningRate, eps: eps, decay: decay)
        }
    }
}
