import CLIPCore
import Foundation

/// One pre-norm residual block, shared by both towers:
/// `x = x + attn(ln1(x)); x = x + mlp(ln2(x))`.
public struct EncoderLayer: ParameterContainer {
    public let layerNorm1: LayerNorm, layerNorm2: LayerNorm
    public let q: Linear, k: Linear, v: Linear, out: Linear
    public let fc1: Linear, fc2: Linear
    public let heads: Int
    public let activation: Activation

    /// Random weights with the scales transformers' CLIP uses at initialisation.
    public init(width: Int, intermediate: Int, heads: Int, layers: Int, activation: Activation, eps: Float,
                _ make: inout ParameterFactory) {
        let c = Float(width)
        let attnStd = 1 / c.squareRoot() / Float(2 * layers).squareRoot()
        layerNorm1 = LayerNorm(width: width, eps: eps, &make)
        layerNorm2 = LayerNorm(width: width, eps: eps, &make)
        q = Linear(inputs: width, outputs: width, std: attnStd, &make)
        k = Linear(inputs: width, outputs: width, std: attnStd, &make)
        v = Linear(inputs: width, outputs: width, std: attnStd, &make)
        out = Linear(inputs: width, outputs: width, std: 1 / c.squareRoot(), &make)
        fc1 = Linear(inputs: width, outputs: intermediate, std: 1 / (2 * c).squareRoot(), &make)
        fc2 = Linear(inputs: intermediate, outputs: width, std: attnStd, &make)
        self.heads = heads
        self.activation = activation
    }

    /// - Parameters: `x` `[B, T, C]`; `mask` `[T, T]` additive (causal for text).
    /// - Returns: `[B, T, C]`.
    public func callAsFunction(_ x: Tensor, mask: Tensor?) -> Tensor {
        let h = layerNorm1(x)
        // Inference computes the same attention without a graph or permuted copies.
        let attended = GradMode.isEnabled
            ? Tensor.attention(q: q(h), k: k(h), v: v(h), heads: heads, mask: mask)
            : Tensor.selfAttentionInference(h, projections: [(q.weight, q.bias), (k.weight, k.bias), (v.weight, v.bias)],
                                            heads: heads, mask: mask)
        let x = x + out(attended)
        return x + fc2(activation(fc1(layerNorm2(x))))
    }

    public func namedParameters(prefix: String) -> [(String, Tensor)] {
        layerNorm1.namedParameters(prefix: prefix + "layer_norm1.")
            + q.namedParameters(prefix: prefix + "self_attn.q_proj.")
            + k.namedParameters(prefix: prefix + "self_attn.k_proj.")
            + v.namedParameters(prefix: prefix + "self_attn.v_proj.")
            + out.namedParameters(prefix: prefix + "self_attn.out_proj.")
            + layerNorm2.namedParameters(prefix: prefix + "layer_norm2.")
            + fc1.namedParameters(prefix: prefix + "mlp.fc1.")
            + fc2.namedParameters(prefix: prefix + "mlp.fc2.")
    }
}

/// A stack of `EncoderLayer`s (the `encoder` of each tower).
public struct Transformer: ParameterContainer {
    public let layers: [EncoderLayer]

    public init(layers: [EncoderLayer]) { self.layers = layers }

    /// `count` freshly made layers of one shape (both towers build their stack this way).
    public init(count: Int, width: Int, intermediate: Int, heads: Int, activation: Activation, eps: Float,
                _ make: inout ParameterFactory) {
        var layers: [EncoderLayer] = []
        for _ in 0..<count {
            layers.append(EncoderLayer(width: width, intermediate: intermediate, heads: heads, layers: count,
                                       activation: activation, eps: eps, &make))
        }
        self.layers = layers
    }

    /// Runs every layer; when `hidden` is given, appends each layer's output to it.
    public func callAsFunction(_ x: Tensor, mask: Tensor?, hidden: inout [Tensor]?) -> Tensor {
        var x = x
        for layer in layers {
            x = layer(x, mask: mask)
            hidden?.append(x)
        }
        return x
    }

    public func namedParameters(prefix: String) -> [(String, Tensor)] {
        layers.enumerated().flatMap { i, l in l.namedParameters(prefix: prefix + "layers.\(i).") }
    }
}
