/// Upper bounds on the sizes a `config.json` may declare, checked before anything is
/// allocated, so a corrupt or hostile file is refused with a message instead of
/// exhausting memory.
///
/// The bounds sit far above every published CLIP (ViT-bigG/14: width 1664, 48 layers,
/// image 224; the widest text tower: 1280) and far below sizes that overflow arithmetic.
public enum CLIPConfigLimits {
    public static let maxWidth = 16_384
    public static let maxLayers = 256
    public static let maxVocabulary = 1_000_000
    public static let maxPositions = 16_384
    public static let maxImageSize = 4_096
    /// One image tower sees at most this many patches (a 4096-pixel image cut into 16-pixel patches).
    public static let maxPatches = 65_536
}

extension CLIPConfig {
    /// Checks every size against `CLIPConfigLimits` and the rules the towers need
    /// (heads dividing widths, patches tiling the image, RGB input).
    ///
    /// - Throws: `ModelError.badConfig` naming the key, e.g. `text_config.hidden_size`.
    public func checkLimits() throws {
        func positive(_ key: String, _ value: Int, max limit: Int) throws {
            guard value > 0, value <= limit else {
                throw ModelError.badConfig(key: key, message: "\(value) is outside 1…\(limit) — the file is corrupt or not a CLIP config")
            }
        }
        let t = textConfig, v = visionConfig
        try positive("projection_dim", projectionDim, max: CLIPConfigLimits.maxWidth)
        try positive("text_config.hidden_size", t.hiddenSize, max: CLIPConfigLimits.maxWidth)
        try positive("text_config.intermediate_size", t.intermediateSize, max: 4 * CLIPConfigLimits.maxWidth)
        try positive("text_config.num_attention_heads", t.numAttentionHeads, max: t.hiddenSize)
        try positive("text_config.vocab_size", t.vocabSize, max: CLIPConfigLimits.maxVocabulary)
        try positive("text_config.max_position_embeddings", t.maxPositionEmbeddings, max: CLIPConfigLimits.maxPositions)
        guard (0...CLIPConfigLimits.maxLayers).contains(t.numHiddenLayers) else {
            throw ModelError.badConfig(key: "text_config.num_hidden_layers", message: "\(t.numHiddenLayers) is outside 0…\(CLIPConfigLimits.maxLayers)")
        }
        try positive("vision_config.hidden_size", v.hiddenSize, max: CLIPConfigLimits.maxWidth)
        try positive("vision_config.intermediate_size", v.intermediateSize, max: 4 * CLIPConfigLimits.maxWidth)
        try positive("vision_config.num_attention_heads", v.numAttentionHeads, max: v.hiddenSize)
        try positive("vision_config.image_size", v.imageSize, max: CLIPConfigLimits.maxImageSize)
        try positive("vision_config.patch_size", v.patchSize, max: v.imageSize)
        guard (0...CLIPConfigLimits.maxLayers).contains(v.numHiddenLayers) else {
            throw ModelError.badConfig(key: "vision_config.num_hidden_layers", message: "\(v.numHiddenLayers) is outside 0…\(CLIPConfigLimits.maxLayers)")
        }
        guard v.numChannels == 3 else {
            throw ModelError.badConfig(key: "vision_config.num_channels", message: "\(v.numChannels) — CLIPLab's images are RGB, so it must be 3")
        }
        let side = v.imageSize / v.patchSize
        guard side * side <= CLIPConfigLimits.maxPatches else {
            throw ModelError.badConfig(key: "vision_config.patch_size", message: "\(side * side) patches per image, more than \(CLIPConfigLimits.maxPatches)")
        }
        for (key, eps) in [("text_config.layer_norm_eps", t.layerNormEps), ("vision_config.layer_norm_eps", v.layerNormEps)] {
            guard eps.isFinite, eps > 0, eps < 1 else {
                throw ModelError.badConfig(key: key, message: "\(eps) must be a small positive number such as 1e-05")
            }
        }
        guard logitScaleInitValue.isFinite else {
            throw ModelError.badConfig(key: "logit_scale_init_value", message: "must be a finite number such as 2.6592")
        }
        guard logitBiasInitValue.isFinite else {
            throw ModelError.badConfig(key: "logit_bias_init_value", message: "must be a finite number such as -10")
        }
    }

    /// Parameters of the ViT model this config describes (what `CLIP(config:)` allocates),
    /// computed without building it; call `checkLimits()` first.
    ///
    /// Example: `CLIPConfig.vitB32.parameterCount == 151_277_313`.
    public var parameterCount: Int {
        func layers(_ count: Int, width c: Int, hidden f: Int) -> Int {
            // q, k, v, out projections with biases; two LayerNorms; the MLP.
            count * (4 * (c * c + c) + 2 * 2 * c + (c * f + f) + (f * c + c))
        }
        let t = textConfig, v = visionConfig
        let text = t.vocabSize * t.hiddenSize + t.maxPositionEmbeddings * t.hiddenSize
            + layers(t.numHiddenLayers, width: t.hiddenSize, hidden: t.intermediateSize) + 2 * t.hiddenSize
        let patches = (v.imageSize / v.patchSize) * (v.imageSize / v.patchSize)
        let vision = v.hiddenSize * v.numChannels * v.patchSize * v.patchSize + v.hiddenSize
            + (patches + 1) * v.hiddenSize + 2 * 2 * v.hiddenSize
            + layers(v.numHiddenLayers, width: v.hiddenSize, hidden: v.intermediateSize)
        return text + vision + projectionDim * (t.hiddenSize + v.hiddenSize) + (objective == .siglip ? 2 : 1)   // + t (+ b)
    }
}
