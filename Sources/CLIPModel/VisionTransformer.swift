import CLIPCore
import Foundation

/// The image tower: a ViT (Dosovitskiy et al.) as CLIP uses it.
///
/// ```
/// pixels [B,3,H,W] ─patchify─► [B,N,3·P·P] ─·Wᵀ─► [B,N,C] ─(+CLS)─► [B,N+1,C] ─(+pos)─► pre-LN
///   ─► L × EncoderLayer ─► CLS token [B,C] ─► post-LN ─► (CLIP projects to the shared space)
/// ```
/// The stride-P convolution of the patch embedding is written as patchify + one matmul.
public struct VisionTransformer: ParameterContainer {
    public let config: CLIPVisionConfig
    public let patchEmbedding: Tensor      // [C, channels, P, P], no bias
    public let classEmbedding: Tensor      // [C]
    public let positionEmbedding: Tensor   // [N+1, C]
    public let preLayerNorm: LayerNorm
    public let encoder: Transformer
    public let postLayerNorm: LayerNorm

    public init(config: CLIPVisionConfig, _ make: inout ParameterFactory) throws {
        try Self.validate(config)
        self.config = config
        let c = config.hiddenSize, p = config.patchSize
        let act = try Activation(configValue: config.hiddenAct)
        patchEmbedding = make.normal([c, config.numChannels, p, p], std: 0.02)
        classEmbedding = make.normal([c], std: 1 / Float(c).squareRoot())
        positionEmbedding = make.normal([config.numPositions, c], std: 0.02)
        preLayerNorm = LayerNorm(width: c, eps: config.layerNormEps, &make)
        encoder = Transformer(count: config.numHiddenLayers, width: c, intermediate: config.intermediateSize,
                              heads: config.numAttentionHeads, activation: act, eps: config.layerNormEps, &make)
        postLayerNorm = LayerNorm(width: c, eps: config.layerNormEps, &make)
    }

    static func validate(_ c: CLIPVisionConfig) throws {
        func bad(_ key: String, _ msg: String) -> ModelError { .badConfig(key: "vision_config.\(key)", message: msg) }
        guard c.hiddenSize > 0 else { throw bad("hidden_size", "must be positive, got \(c.hiddenSize)") }
        guard c.numAttentionHeads > 0, c.hiddenSize % c.numAttentionHeads == 0 else {
            throw bad("num_attention_heads", "\(c.numAttentionHeads) must divide hidden_size \(c.hiddenSize)")
        }
        guard c.patchSize > 0, c.imageSize >= c.patchSize, c.imageSize % c.patchSize == 0 else {
            throw bad("patch_size", "\(c.patchSize) must divide image_size \(c.imageSize)")
        }
        guard c.numHiddenLayers >= 0, c.intermediateSize > 0, c.numChannels > 0 else {
            throw bad("num_hidden_layers", "layer counts and widths must be positive")
        }
    }

    /// Cuts images into flattened patches in the order of the convolution weight.
    ///
    /// `[B, ch, H, W]` → `[B, (H/P)·(W/P), ch·P·P]`; patch `(gy, gx)` is row `gy·(W/P) + gx`
    /// and its values run over channel, then row, then column within the patch.
    public func patchify(_ pixels: Tensor) -> Tensor {
        let (b, ch, s, p) = (pixels.shape[0], config.numChannels, config.imageSize, config.patchSize)
        let g = s / p
        var out = [Float](repeating: 0, count: b * g * g * ch * p * p)
        pixels.data.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { o in
                var dst = 0
                for n in 0..<b { for gy in 0..<g { for gx in 0..<g { for c in 0..<ch { for py in 0..<p {
                    let src = ((n * ch + c) * s + gy * p + py) * s + gx * p
                    for px in 0..<p { o[dst + px] = x[src + px] }
                    dst += p
                } } } } }
            }
        }
        return Tensor(shape: [b, g * g, ch * p * p], data: out)
    }

    /// Checks that `pixels` is `[B, channels, imageSize, imageSize]`.
    public func check(pixels: Tensor) throws {
        let s = config.imageSize
        guard pixels.rank == 4, pixels.shape[1] == config.numChannels, pixels.shape[2] == s, pixels.shape[3] == s,
              pixels.shape[0] > 0 else {
            throw ModelError.badInput("pixels have shape \(pixels.shape); this model takes [N,\(config.numChannels),\(s),\(s)] (preprocess the image for this model)")
        }
    }

    /// The patch + class + position embeddings: `[B,3,H,W]` → `[B, N+1, C]`.
    public func embed(_ pixels: Tensor) -> Tensor {
        let b = pixels.shape[0], c = config.hiddenSize
        let w = patchEmbedding.reshaped([c, -1])                              // [C,3,P,P] -> [C,3·P·P]
        let patches = patchify(pixels).linear(w)                               // [B,N,3PP] -> [B,N,C]
        let cls = classEmbedding.reshaped([1, 1, c])
        let clsRows = Tensor.concat(Array(repeating: cls, count: b), axis: 0)  // [B,1,C]
        return Tensor.concat([clsRows, patches], axis: 1) + positionEmbedding  // [B,N+1,C]
    }

    /// Pooled image features `[B, C]` (post-LN CLS state).
    ///
    /// - Parameter hidden: when given, receives the encoder input and every layer's output
    ///   (Hugging Face's `hidden_states`).
    public func callAsFunction(_ pixels: Tensor, hidden: inout [Tensor]?) -> Tensor {
        let x = preLayerNorm(embed(pixels))
        hidden?.append(x)
        let y = encoder(x, mask: nil, hidden: &hidden)
        let cls = y.slice(axis: 1, 0..<1).reshaped([pixels.shape[0], config.hiddenSize])  // [B,1,C] -> [B,C]
        return postLayerNorm(cls)
    }

    public func namedParameters(prefix: String) -> [(String, Tensor)] {
        [(prefix + "embeddings.class_embedding", classEmbedding),
         (prefix + "embeddings.patch_embedding.weight", patchEmbedding),
         (prefix + "embeddings.position_embedding.weight", positionEmbedding)]
            + preLayerNorm.namedParameters(prefix: prefix + "pre_layrnorm.")
            + encoder.namedParameters(prefix: prefix + "encoder.")
            + postLayerNorm.namedParameters(prefix: prefix + "post_layernorm.")
    }
}
