import CLIPCore
import Foundation

/// The anti-aliased bottleneck block of CLIP's ResNet.
///
/// ```
/// x ─► 1×1 ConvNorm+ReLU ─► 3×3 ConvNorm+ReLU ─► avgpool(s) ─► 1×1 ConvNorm (×4 channels) ─► + ─► ReLU
/// └──────────────── identity, or avgpool(s) ─► 1×1 ConvNorm ──────────────────────────────────┘
/// ```
/// Every convolution has stride 1; a stride-s block averages s×s windows instead, so
/// downsampling blurs rather than skips pixels. Inference only.
public struct Bottleneck {
    /// Output channels are `planes × expansion`.
    public static let expansion = 4
    public let reduce: ConvNorm, spatial: ConvNorm, expand: ConvNorm
    /// Present when the stride or channel count changes.
    public let downsample: ConvNorm?
    public let stride: Int

    public init(inputs: Int, planes: Int, stride: Int, _ make: inout ParameterFactory) {
        let outputs = planes * Self.expansion
        reduce = ConvNorm(inputs: inputs, outputs: planes, kernel: 1, &make)
        spatial = ConvNorm(inputs: planes, outputs: planes, kernel: 3, &make)
        expand = ConvNorm(inputs: planes, outputs: outputs, kernel: 1, &make)
        downsample = stride > 1 || inputs != outputs ? ConvNorm(inputs: inputs, outputs: outputs, kernel: 1, &make) : nil
        self.stride = stride
    }

    /// `[N, Cin, H, W]` → `[N, 4·planes, H/stride, W/stride]`.
    public func callAsFunction(_ x: Tensor) -> Tensor {
        var out = spatial(reduce(x, relu: true), relu: true)
        if stride > 1 { out = out.avgPool2d(stride) }
        out = expand(out, relu: false)
        let identity = downsample.map { $0(stride > 1 ? x.avgPool2d(stride) : x, relu: false) } ?? x
        return (out + identity).relu()
    }

    public func namedParameters(prefix: String) -> [(String, Tensor)] {
        let (c, n) = (ResNetKeys.blockConvs, ResNetKeys.blockNorms)
        return reduce.namedParameters(conv: prefix + c[0] + ".", norm: prefix + n[0] + ".")
            + spatial.namedParameters(conv: prefix + c[1] + ".", norm: prefix + n[1] + ".")
            + expand.namedParameters(conv: prefix + c[2] + ".", norm: prefix + n[2] + ".")
            + (downsample?.namedParameters(conv: prefix + ResNetKeys.downsampleConv + ".",
                                           norm: prefix + ResNetKeys.downsampleNorm + ".") ?? [])
    }
}
