import CLIPCore
import Foundation

/// A bias-free convolution followed by batch normalisation with stored statistics
/// (and optionally ReLU) — the unit every convolution of CLIP's ResNet comes in.
///
/// Inference only: the ops it uses record no autodiff graph.
/// `y = relu?(BN(conv(x)))`, `[N, Cin, H, W]` → `[N, Cout, Ho, Wo]`.
public struct ConvNorm {
    public let weight: Tensor                 // [Cout, Cin, k, k]
    public let normWeight: Tensor, normBias: Tensor
    public let runningMean: Tensor, runningVariance: Tensor
    public let stride: Int, padding: Int
    /// PyTorch's `BatchNorm2d` default.
    public let eps: Float = 1e-5

    public init(inputs: Int, outputs: Int, kernel: Int, stride: Int = 1, _ make: inout ParameterFactory) {
        // He initialisation for a ReLU network: std = √(2 / fan-in).
        weight = make.normal([outputs, inputs, kernel, kernel], std: (2 / Float(inputs * kernel * kernel)).squareRoot())
        normWeight = make.ones([outputs])
        normBias = make.zeros([outputs])
        runningMean = Tensor.zeros([outputs])
        runningVariance = Tensor.ones([outputs])
        self.stride = stride
        padding = kernel / 2
    }

    public func callAsFunction(_ x: Tensor, relu: Bool) -> Tensor {
        x.conv2d(weight: weight, stride: stride, padding: padding)
            .batchNorm(mean: runningMean, variance: runningVariance, weight: normWeight, bias: normBias, eps: eps, relu: relu)
    }

    /// The convolution's weight under `conv` and the norm's four tensors under `norm`
    /// (full prefixes, e.g. `"visual.layer1.0.conv1."` and `"visual.layer1.0.bn1."`).
    public func namedParameters(conv: String, norm: String) -> [(String, Tensor)] {
        [(conv + "weight", weight),
         (norm + ResNetKeys.normWeight, normWeight), (norm + ResNetKeys.normBias, normBias),
         (norm + ResNetKeys.normMean, runningMean), (norm + ResNetKeys.normVariance, runningVariance)]
    }
}
