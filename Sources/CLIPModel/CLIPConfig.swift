import Foundation

/// The text tower's shape, decoded from a Hugging Face `config.json` (`text_config`).
///
/// Missing keys take transformers' defaults, so a minimal config still decodes.
public struct CLIPTextConfig: Codable, Sendable, Equatable {
    public var vocabSize = 49_408
    public var hiddenSize = 512
    public var intermediateSize = 2048
    public var numHiddenLayers = 12
    public var numAttentionHeads = 8
    public var maxPositionEmbeddings = 77
    public var hiddenAct = "quick_gelu"
    public var layerNormEps: Float = 1e-5
    /// `2` in the released OpenAI configs, which means "pool at the argmax id" (the EOT
    /// id 49407 is the largest); otherwise pool at the first `eosTokenId`.
    public var eosTokenId = 49_407

    enum CodingKeys: String, CodingKey {
        case vocabSize = "vocab_size", hiddenSize = "hidden_size", intermediateSize = "intermediate_size"
        case numHiddenLayers = "num_hidden_layers", numAttentionHeads = "num_attention_heads"
        case maxPositionEmbeddings = "max_position_embeddings", hiddenAct = "hidden_act"
        case layerNormEps = "layer_norm_eps", eosTokenId = "eos_token_id"
    }

    public init() {}

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = CLIPTextConfig()
        vocabSize = try c.decodeIfPresent(Int.self, forKey: .vocabSize) ?? d.vocabSize
        hiddenSize = try c.decodeIfPresent(Int.self, forKey: .hiddenSize) ?? d.hiddenSize
        intermediateSize = try c.decodeIfPresent(Int.self, forKey: .intermediateSize) ?? d.intermediateSize
        numHiddenLayers = try c.decodeIfPresent(Int.self, forKey: .numHiddenLayers) ?? d.numHiddenLayers
        numAttentionHeads = try c.decodeIfPresent(Int.self, forKey: .numAttentionHeads) ?? d.numAttentionHeads
        maxPositionEmbeddings = try c.decodeIfPresent(Int.self, forKey: .maxPositionEmbeddings) ?? d.maxPositionEmbeddings
        hiddenAct = try c.decodeIfPresent(String.self, forKey: .hiddenAct) ?? d.hiddenAct
        layerNormEps = try c.decodeIfPresent(Float.self, forKey: .layerNormEps) ?? d.layerNormEps
        eosTokenId = try c.decodeIfPresent(Int.self, forKey: .eosTokenId) ?? d.eosTokenId
    }

    /// Whether pooling uses the legacy "argmax of the ids" rule.
    public var poolsAtArgmax: Bool { eosTokenId == 2 }
}

/// The vision tower's shape, decoded from a Hugging Face `config.json` (`vision_config`).
public struct CLIPVisionConfig: Codable, Sendable, Equatable {
    public var hiddenSize = 768
    public var intermediateSize = 3072
    public var numHiddenLayers = 12
    public var numAttentionHeads = 12
    public var numChannels = 3
    public var imageSize = 224
    public var patchSize = 32
    public var hiddenAct = "quick_gelu"
    public var layerNormEps: Float = 1e-5

    enum CodingKeys: String, CodingKey {
        case hiddenSize = "hidden_size", intermediateSize = "intermediate_size"
        case numHiddenLayers = "num_hidden_layers", numAttentionHeads = "num_attention_heads"
        case numChannels = "num_channels", imageSize = "image_size", patchSize = "patch_size"
        case hiddenAct = "hidden_act", layerNormEps = "layer_norm_eps"
    }

    public init() {}

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = CLIPVisionConfig()
        hiddenSize = try c.decodeIfPresent(Int.self, forKey: .hiddenSize) ?? d.hiddenSize
        intermediateSize = try c.decodeIfPresent(Int.self, forKey: .intermediateSize) ?? d.intermediateSize
        numHiddenLayers = try c.decodeIfPresent(Int.self, forKey: .numHiddenLayers) ?? d.numHiddenLayers
        numAttentionHeads = try c.decodeIfPresent(Int.self, forKey: .numAttentionHeads) ?? d.numAttentionHeads
        numChannels = try c.decodeIfPresent(Int.self, forKey: .numChannels) ?? d.numChannels
        imageSize = try c.decodeIfPresent(Int.self, forKey: .imageSize) ?? d.imageSize
        patchSize = try c.decodeIfPresent(Int.self, forKey: .patchSize) ?? d.patchSize
        hiddenAct = try c.decodeIfPresent(String.self, forKey: .hiddenAct) ?? d.hiddenAct
        layerNormEps = try c.decodeIfPresent(Float.self, forKey: .layerNormEps) ?? d.layerNormEps
    }

    /// Patches per side (`imageSize / patchSize`).
    public var gridSize: Int { imageSize / patchSize }
    /// Tokens the vision transformer sees: the patches plus the class token.
    public var numPositions: Int { gridSize * gridSize + 1 }
}

/// A whole CLIP: both towers and the shared embedding space, as in Hugging Face's
/// `config.json`. Named presets build random-weight models of the published sizes.
///
/// Example: `try JSONDecoder().decode(CLIPConfig.self, from: data)` or `CLIPConfig.vitB32`.
public struct CLIPConfig: Codable, Sendable, Equatable {
    public var textConfig = CLIPTextConfig()
    public var visionConfig = CLIPVisionConfig()
    public var projectionDim = 512
    /// Initial `logit_scale` (a log): ln(1/0.07) ≈ 2.6592 for CLIP; SigLIP starts at ln 10.
    public var logitScaleInitValue: Float = 2.6592
    /// The loss the model trains with (`"objective"`, written only when not `clip`).
    public var objective: ObjectiveKind = .clip
    /// Initial `logit_bias` of a SigLIP objective: −10, as in the paper.
    public var logitBiasInitValue: Float = -10

    enum CodingKeys: String, CodingKey {
        case textConfig = "text_config", visionConfig = "vision_config"
        case projectionDim = "projection_dim", logitScaleInitValue = "logit_scale_init_value"
        case modelType = "model_type"
        case objective, logitBiasInitValue = "logit_bias_init_value"
    }

    public init(text: CLIPTextConfig = .init(), vision: CLIPVisionConfig = .init(), projectionDim: Int = 512) {
        textConfig = text
        visionConfig = vision
        self.projectionDim = projectionDim
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        textConfig = try c.decodeIfPresent(CLIPTextConfig.self, forKey: .textConfig) ?? .init()
        visionConfig = try c.decodeIfPresent(CLIPVisionConfig.self, forKey: .visionConfig) ?? .init()
        projectionDim = try c.decodeIfPresent(Int.self, forKey: .projectionDim) ?? 512
        logitScaleInitValue = try c.decodeIfPresent(Float.self, forKey: .logitScaleInitValue) ?? 2.6592
        objective = try c.decodeIfPresent(ObjectiveKind.self, forKey: .objective) ?? .clip
        logitBiasInitValue = try c.decodeIfPresent(Float.self, forKey: .logitBiasInitValue) ?? -10
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(textConfig, forKey: .textConfig)
        try c.encode(visionConfig, forKey: .visionConfig)
        try c.encode(projectionDim, forKey: .projectionDim)
        try c.encode(logitScaleInitValue, forKey: .logitScaleInitValue)
        try c.encode("clip", forKey: .modelType)
        if objective != .clip {
            try c.encode(objective, forKey: .objective)
            try c.encode(logitBiasInitValue, forKey: .logitBiasInitValue)
        }
    }

    /// This config trained with SigLIP's sigmoid loss, initialised as the paper does:
    /// `t' = ln 10`, `b = −10`.
    public func withSigmoidLoss() -> CLIPConfig {
        var c = self
        c.objective = .siglip
        c.logitScaleInitValue = Foundation.log(10)
        c.logitBiasInitValue = -10
        return c
    }
}

extension CLIPConfig {
    /// Builds a config from tower sizes (the published models differ only in these).
    static func make(textWidth: Int, textLayers: Int, textHeads: Int, visionWidth: Int, visionLayers: Int,
                     visionHeads: Int, patch: Int, image: Int, projection: Int, act: String = "quick_gelu",
                     vocab: Int = 49_408, context: Int = 77, eos: Int = 2) -> CLIPConfig {
        var t = CLIPTextConfig()
        t.vocabSize = vocab; t.hiddenSize = textWidth; t.intermediateSize = 4 * textWidth
        t.numHiddenLayers = textLayers; t.numAttentionHeads = textHeads; t.maxPositionEmbeddings = context
        t.hiddenAct = act; t.eosTokenId = eos
        var v = CLIPVisionConfig()
        v.hiddenSize = visionWidth; v.intermediateSize = 4 * visionWidth; v.numHiddenLayers = visionLayers
        v.numAttentionHeads = visionHeads; v.patchSize = patch; v.imageSize = image; v.hiddenAct = act
        return CLIPConfig(text: t, vision: v, projectionDim: projection)
    }

    /// OpenAI ViT-B/32 (`openai/clip-vit-base-patch32`): 151 M parameters.
    public static let vitB32 = make(textWidth: 512, textLayers: 12, textHeads: 8, visionWidth: 768,
                                    visionLayers: 12, visionHeads: 12, patch: 32, image: 224, projection: 512)
    /// OpenAI ViT-B/16.
    public static let vitB16 = make(textWidth: 512, textLayers: 12, textHeads: 8, visionWidth: 768,
                                    visionLayers: 12, visionHeads: 12, patch: 16, image: 224, projection: 512)
    /// OpenAI ViT-L/14.
    public static let vitL14 = make(textWidth: 768, textLayers: 12, textHeads: 12, visionWidth: 1024,
                                    visionLayers: 24, visionHeads: 16, patch: 14, image: 224, projection: 768)
    /// OpenAI ViT-L/14 at 336 px.
    public static let vitL14_336 = make(textWidth: 768, textLayers: 12, textHeads: 12, visionWidth: 1024,
                                        visionLayers: 24, visionHeads: 16, patch: 14, image: 336, projection: 768)

    /// The toy model that trains live: 32×32 images in 8×8 patches, a word-level
    /// vocabulary, two small layers per tower, a 32-d shared space.
    public static let toy: CLIPConfig = {
        var c = make(textWidth: 64, textLayers: 2, textHeads: 4, visionWidth: 64, visionLayers: 2,
                     visionHeads: 4, patch: 8, image: 32, projection: 32, act: "gelu", vocab: 64, context: 16, eos: 1)
        c.textConfig.intermediateSize = 128
        c.visionConfig.intermediateSize = 128
        return c
    }()

    /// Presets by name, for `load PRESET` and benchmarks.
    public static let presets: [(name: String, config: CLIPConfig)] = [
        ("toy", .toy), ("vit-b-32", .vitB32), ("vit-b-16", .vitB16), ("vit-l-14", .vitL14), ("vit-l-14-336", .vitL14_336),
    ]
}
