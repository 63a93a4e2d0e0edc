import CLIPCore
import Foundation

/// CLIP: an image tower and a text tower projected into one space, compared by cosine.
///
/// The toy model and ViT-B/32 are this one type with different `CLIPConfig`s; the
/// paper's ResNet models swap the image tower (`ImageTower.resnet`).
/// ```
/// image ─► VisionTransformer ─► visual_projection ─┐
///      (or ModifiedResNet, whose pool projects)     ├─► L2-normalise ─► objective: Î·Tᵀ × e^t (+ b) ─► loss
/// ids   ─► TextTransformer   ─► text_projection  ──┘
/// ```
/// The objective (`Objective`) owns the learned temperature — and SigLIP's bias — and turns
/// cosines into logits, a loss and probabilities.
public final class CLIP: ParameterContainer {
    public let config: CLIPConfig
    public let imageTower: ImageTower
    public let text: TextTransformer
    /// `[D, C_vision]`, no bias; nil for a ResNet tower (its attention pool projects).
    public let visualProjection: Tensor?
    public let textProjection: Tensor     // [D, C_text], no bias
    /// The learned temperature (and bias), the logits, the loss and the probabilities.
    public let objective: Objective
    /// The temperature, stored as a log and exponentiated on use (the objective owns it).
    public var logitScale: Tensor { objective.logitScale }

    /// Builds a model of `config` with `parameters` (random with a seed, or empty to be
    /// filled from a checkpoint).
    public convenience init(config: CLIPConfig, parameters: ParameterFactory = .random(seed: 0)) throws {
        try self.init(config: config, resnet: nil, parameters: parameters)
    }

    /// Builds a model whose image tower is a ModifiedResNet of `resnet` (or a ViT of
    /// `config.visionConfig` when nil). With a ResNet, `config.visionConfig.imageSize`
    /// is set to the ResNet's input size and `resnet.outputDim` must be `projectionDim`.
    public init(config: CLIPConfig, resnet: ResNetConfig?, parameters: ParameterFactory = .random(seed: 0)) throws {
        guard config.projectionDim > 0 else {
            throw ModelError.badConfig(key: "projection_dim", message: "must be positive, got \(config.projectionDim)")
        }
        var make = parameters, config = config
        if let resnet {
            guard resnet.outputDim == config.projectionDim else {
                throw ModelError.badConfig(key: "projection_dim", message: "\(config.projectionDim) differs from the ResNet's output width \(resnet.outputDim)")
            }
            config.visionConfig.imageSize = resnet.imageSize
            try config.checkLimits()
            imageTower = .resnet(try ModifiedResNet(config: resnet, &make))
        } else {
            try config.checkLimits()
            imageTower = .vit(try VisionTransformer(config: config.visionConfig, &make))
        }
        self.config = config
        text = try TextTransformer(config: config.textConfig, &make)
        let (d, cv, ct) = (config.projectionDim, config.visionConfig.hiddenSize, config.textConfig.hiddenSize)
        visualProjection = resnet == nil ? make.normal([d, cv], std: 1 / Float(cv).squareRoot()) : nil
        textProjection = make.normal([d, ct], std: 1 / Float(ct).squareRoot())
        objective = Objective(kind: config.objective, logitScale: make.constant([], config.logitScaleInitValue),
                              logitBias: config.objective == .siglip ? make.constant([], config.logitBiasInitValue) : nil)
    }

    /// The ViT image tower, or nil when the model uses a ResNet.
    public var vision: VisionTransformer? {
        if case let .vit(v) = imageTower { v } else { nil }
    }

    /// Image embeddings in the shared space, not normalised: `[B,3,S,S]` → `[B, D]`.
    /// (A ResNet tower is inference-only: no gradient flows into it.)
    public func encodeImage(_ pixels: Tensor) throws -> Tensor {
        var none: [Tensor]? = nil
        return try imageFeatures(pixels, hidden: &none).projected
    }

    /// The image tower's pooled features and their projection into the shared space.
    ///
    /// - Parameter hidden: when given (ViT only), receives the encoder input and every layer's output.
    /// - Returns: `pooled` `[B, C]` (post-LN CLS state; for a ResNet the attention pool's output,
    ///   which is already `[B, D]`) and `projected` `[B, D]`.
    public func imageFeatures(_ pixels: Tensor, hidden: inout [Tensor]?) throws -> (pooled: Tensor, projected: Tensor) {
        switch imageTower {
        case let .resnet(resnet):
            try resnet.check(pixels: pixels)
            let pooled = resnet(pixels)
            return (pooled, pooled)
        case let .vit(vision):
            try vision.check(pixels: pixels)
            let pooled = vision(pixels, hidden: &hidden)                                          // [B, C]
            return (pooled, visualProjection.map { pooled.matmul($0, transposeOther: true) } ?? pooled)  // -> [B, D]
        }
    }

    /// Text embeddings in the shared space, not normalised: id rows → `[B, D]`.
    public func encodeText(_ ids: [[Int]]) throws -> Tensor {
        var none: [Tensor]? = nil
        return try textFeatures(ids, hidden: &none).projected
    }

    /// The text tower's EOT states `[B, C]` and their projection `[B, D]`.
    ///
    /// - Parameter hidden: when given, receives the token + position embeddings and every layer's output.
    public func textFeatures(_ ids: [[Int]], hidden: inout [Tensor]?) throws -> (pooled: Tensor, projected: Tensor) {
        try text.check(ids: ids)
        let pooled = text(ids, hidden: &hidden)                                  // [B, C]
        return (pooled, pooled.matmul(textProjection, transposeOther: true))     // -> [B, D]
    }

    /// `e^logit_scale`, the factor cosines are multiplied by.
    public var temperatureScale: Float { objective.scale }

    /// The full forward pass on a batch of images and texts: both towers, unit length, then
    /// the objective's cosines and logits (`Objective.output`).
    public func callAsFunction(pixels: Tensor, ids: [[Int]]) throws -> CLIPOutput {
        let image = try encodeImage(pixels).l2Normalized()           // [Bi, D]
        let text = try encodeText(ids).l2Normalized()                // [Bt, D]
        return objective.output(imageEmbeds: image, textEmbeds: text)
    }

    /// Every parameter with its Hugging Face key (a ResNet tower, which Hugging Face
    /// lacks, keeps its OpenAI names under `visual.`).
    public func namedParameters(prefix: String = "") -> [(String, Tensor)] {
        var named = text.namedParameters(prefix: prefix + "text_model.") + imageTower.namedParameters(prefix: prefix)
        if let visualProjection { named.append((prefix + "visual_projection.weight", visualProjection)) }
        named.append((prefix + "text_projection.weight", textProjection))
        return named + objective.namedParameters(prefix: prefix)
    }

    /// All trainable tensors.
    public var parameters: [Tensor] { namedParameters().map(\.1) }

    /// Parameter counts: image tower (with its projection), text tower (with its), total.
    public var parameterCounts: (image: Int, text: Int, total: Int) {
        let image = imageTower.namedParameters(prefix: "").reduce(0) { $0 + $1.1.count } + (visualProjection?.count ?? 0)
        let text = text.namedParameters(prefix: "").reduce(0) { $0 + $1.1.count } + textProjection.count
        return (image, text, image + text + objective.namedParameters().count)
    }
}

/// What one CLIP forward pass produces.
public struct CLIPOutput {
    /// L2-normalised image embeddings `[Bi, D]`.
    public let imageEmbeds: Tensor
    /// L2-normalised text embeddings `[Bt, D]`.
    public let textEmbeds: Tensor
    /// `Î·Tᵀ`, `[Bi, Bt]`.
    public let cosine: Tensor
    /// `e^t · Î·Tᵀ` (`+ b` for SigLIP), `[Bi, Bt]`: row i scores image i against every text.
    public let logitsPerImage: Tensor
    /// The objective that made the logits (its scale, bias and loss).
    public let objective: Objective
    /// The transpose: row j scores text j against every image.
    public var logitsPerText: Tensor { logitsPerImage.transposed() }

    /// The objective's loss of this batch (pair i is image i with text i).
    public func loss(captionGroups: [Int]? = nil) -> Tensor {
        objective.loss(logits: logitsPerImage, captionGroups: captionGroups)
    }

    /// The loss taken apart by rows and columns (no gradient).
    public func breakdown(captionGroups: [Int]? = nil) -> LossBreakdown {
        objective.breakdown(logits: logitsPerImage, captionGroups: captionGroups)
    }

    /// Softmax rows (CLIP) or independent sigmoids (SigLIP) of the logits.
    public var probabilities: Tensor { objective.probabilities(logits: logitsPerImage) }
}

/// The image encoder of a CLIP: the ViT or the paper's modified ResNet.
public enum ImageTower {
    case vit(VisionTransformer)
    case resnet(ModifiedResNet)

    /// `vision_model.…` (Hugging Face) for a ViT, `visual.…` (OpenAI) for a ResNet.
    public func namedParameters(prefix: String) -> [(String, Tensor)] {
        switch self {
        case let .vit(v): v.namedParameters(prefix: prefix + "vision_model.")
        case let .resnet(r): r.namedParameters(prefix: prefix + ResNetKeys.prefix)
        }
    }
}
