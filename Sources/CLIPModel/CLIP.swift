import CLIPCore
import Foundation

/// CLIP: an image tower and a text tower projected into one space, compared by cosine.
///
/// The toy model and ViT-B/32 are this one type with different `CLIPConfig`s.
/// ```
/// image ─► VisionTransformer ─► visual_projection ─┐
///                                                   ├─► L2-normalise ─► Î·Tᵀ × e^logit_scale
/// ids   ─► TextTransformer   ─► text_projection  ──┘
/// ```
public final class CLIP: ParameterContainer {
    public let config: CLIPConfig
    public let vision: VisionTransformer
    public let text: TextTransformer
    public let visualProjection: Tensor   // [D, C_vision], no bias
    public let textProjection: Tensor     // [D, C_text], no bias
    /// The temperature, stored as a log and exponentiated on use (CLIP learns it).
    public let logitScale: Tensor         // []

    /// Builds a model of `config` with `parameters` (random with a seed, or empty to be
    /// filled from a checkpoint).
    public init(config: CLIPConfig, parameters: ParameterFactory = .random(seed: 0)) throws {
        guard config.projectionDim > 0 else {
            throw ModelError.badConfig(key: "projection_dim", message: "must be positive, got \(config.projectionDim)")
        }
        var make = parameters
        self.config = config
        vision = try VisionTransformer(config: config.visionConfig, &make)
        text = try TextTransformer(config: config.textConfig, &make)
        let (d, cv, ct) = (config.projectionDim, config.visionConfig.hiddenSize, config.textConfig.hiddenSize)
        visualProjection = make.normal([d, cv], std: 1 / Float(cv).squareRoot())
        textProjection = make.normal([d, ct], std: 1 / Float(ct).squareRoot())
        logitScale = make.constant([], config.logitScaleInitValue)
    }

    /// Image embeddings in the shared space, not normalised: `[B,3,S,S]` → `[B, D]`.
    public func encodeImage(_ pixels: Tensor) throws -> Tensor {
        try vision.check(pixels: pixels)
        var none: [Tensor]? = nil
        return vision(pixels, hidden: &none).matmul(visualProjection, transposeOther: true)
    }

    /// Text embeddings in the shared space, not normalised: id rows → `[B, D]`.
    public func encodeText(_ ids: [[Int]]) throws -> Tensor {
        try text.check(ids: ids)
        var none: [Tensor]? = nil
        return text(ids, hidden: &none).matmul(textProjection, transposeOther: true)
    }

    /// `e^logit_scale`, the factor cosines are multiplied by.
    public var temperatureScale: Float { Foundation.exp(logitScale.item) }

    /// The full forward pass on a batch of images and texts.
    public func callAsFunction(pixels: Tensor, ids: [[Int]]) throws -> CLIPOutput {
        let image = try encodeImage(pixels).l2Normalized()
        let text = try encodeText(ids).l2Normalized()
        let cosine = image.matmul(text, transposeOther: true)        // [Bi, D]·[Bt, D]ᵀ -> [Bi, Bt]
        let logits = cosine * logitScale.exp()
        return CLIPOutput(imageEmbeds: image, textEmbeds: text, logitsPerImage: logits)
    }

    /// Every parameter with its Hugging Face key.
    public func namedParameters(prefix: String = "") -> [(String, Tensor)] {
        text.namedParameters(prefix: prefix + "text_model.")
            + vision.namedParameters(prefix: prefix + "vision_model.")
            + [(prefix + "visual_projection.weight", visualProjection),
               (prefix + "text_projection.weight", textProjection),
               (prefix + "logit_scale", logitScale)]
    }

    /// All trainable tensors.
    public var parameters: [Tensor] { namedParameters().map(\.1) }

    /// Parameter counts: image tower (with its projection), text tower (with its), total.
    public var parameterCounts: (image: Int, text: Int, total: Int) {
        let image = vision.namedParameters(prefix: "").reduce(0) { $0 + $1.1.count } + visualProjection.count
        let text = text.namedParameters(prefix: "").reduce(0) { $0 + $1.1.count } + textProjection.count
        return (image, text, image + text + 1)
    }
}

/// What one CLIP forward pass produces.
public struct CLIPOutput {
    /// L2-normalised image embeddings `[Bi, D]`.
    public let imageEmbeds: Tensor
    /// L2-normalised text embeddings `[Bt, D]`.
    public let textEmbeds: Tensor
    /// `e^t · Î·Tᵀ`, `[Bi, Bt]`: row i scores image i against every text.
    public let logitsPerImage: Tensor
    /// The transpose: row j scores text j against every image.
    public var logitsPerText: Tensor { logitsPerImage.transposed() }

    /// The symmetric contrastive loss of this batch (pair i is image i with text i).
    public func loss(captionGroups: [Int]? = nil) -> Tensor {
        ContrastiveLoss.symmetric(logitsPerImage: logitsPerImage, captionGroups: captionGroups)
    }
}
