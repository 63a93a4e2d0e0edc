import Foundation

/// The two key spellings CLIP checkpoints come in.
public enum CheckpointNaming: String, Sendable {
    /// Hugging Face transformers: `vision_model.encoder.layers.0.self_attn.q_proj.weight`, …
    case huggingFace
    /// OpenAI's release and open_clip: `visual.transformer.resblocks.0.attn.in_proj_weight`, …
    case openAI
}

/// Where one model parameter is stored in a checkpoint, and how to turn it into the
/// parameter (the model always holds Hugging Face names and orientations).
public struct WeightSource: Equatable, Sendable {
    /// How the stored tensor relates to the parameter.
    public enum Transform: Equatable, Sendable {
        /// Stored as the parameter is.
        case identity
        /// Stored transposed: OpenAI keeps projections `[C, D]`, the model `[D, C]`.
        case transpose
        /// The parameter is block `part` of `parts` equal blocks along the first axis:
        /// OpenAI fuses q, k and v into one `in_proj` `[3C, C]`.
        case rows(part: Int, parts: Int)
    }

    /// The key in the checkpoint file.
    public let key: String
    public let transform: Transform

    /// The stored shape for a parameter of `shape`.
    ///
    /// Example: `visual.proj` for a `[512, 768]` projection is stored `[768, 512]`.
    public func storedShape(for shape: [Int]) -> [Int] {
        switch transform {
        case .identity: shape
        case .transpose: shape.reversed()
        case let .rows(_, parts): shape.isEmpty ? shape : [shape[0] * parts] + shape.dropFirst()
        }
    }
}

/// The one table of checkpoint key names: every model parameter (Hugging Face key) to
/// its place in a Hugging Face or OpenAI/open_clip checkpoint.
///
/// Example: `WeightMap.source(for: "visual_projection.weight", naming: .openAI)` is
/// `visual.proj`, transposed; `…layers.3.self_attn.k_proj.bias` is block 1 of 3 of
/// `…resblocks.3.attn.in_proj_bias`.
public enum WeightMap {
    /// Whole-model keys: Hugging Face prefix → OpenAI prefix, and the transform.
    /// Longest matching prefix wins; encoder layers continue in `layerTable`.
    static let modelTable: [(hf: String, openAI: String, transform: WeightSource.Transform)] = [
        ("vision_model.embeddings.class_embedding", "visual.class_embedding", .identity),
        ("vision_model.embeddings.patch_embedding.weight", "visual.conv1.weight", .identity),
        ("vision_model.embeddings.position_embedding.weight", "visual.positional_embedding", .identity),
        ("vision_model.pre_layrnorm.", "visual.ln_pre.", .identity),
        ("vision_model.encoder.layers.", "visual.transformer.resblocks.", .identity),
        ("vision_model.post_layernorm.", "visual.ln_post.", .identity),
        ("visual_projection.weight", "visual.proj", .transpose),
        ("text_model.embeddings.token_embedding.weight", "token_embedding.weight", .identity),
        ("text_model.embeddings.position_embedding.weight", "positional_embedding", .identity),
        ("text_model.encoder.layers.", "transformer.resblocks.", .identity),
        ("text_model.final_layer_norm.", "ln_final.", .identity),
        ("text_projection.weight", "text_projection", .transpose),
        ("logit_scale", "logit_scale", .identity),
        ("logit_bias", "logit_bias", .identity),
    ]

    /// Keys inside one encoder layer (after `layers.N.` / `resblocks.N.`).
    static let layerTable: [(hf: String, openAI: String, transform: WeightSource.Transform)] = [
        ("layer_norm1.", "ln_1.", .identity),
        ("layer_norm2.", "ln_2.", .identity),
        ("self_attn.q_proj.weight", "attn.in_proj_weight", .rows(part: 0, parts: 3)),
        ("self_attn.k_proj.weight", "attn.in_proj_weight", .rows(part: 1, parts: 3)),
        ("self_attn.v_proj.weight", "attn.in_proj_weight", .rows(part: 2, parts: 3)),
        ("self_attn.q_proj.bias", "attn.in_proj_bias", .rows(part: 0, parts: 3)),
        ("self_attn.k_proj.bias", "attn.in_proj_bias", .rows(part: 1, parts: 3)),
        ("self_attn.v_proj.bias", "attn.in_proj_bias", .rows(part: 2, parts: 3)),
        ("self_attn.out_proj.", "attn.out_proj.", .identity),
        ("mlp.fc1.", "mlp.c_fc.", .identity),
        ("mlp.fc2.", "mlp.c_proj.", .identity),
    ]

    /// Stored keys that are not parameters (buffers and metadata exporters leave in files).
    /// Example: older Hugging Face exports carry `text_model.embeddings.position_ids`;
    /// OpenAI's release carries `input_resolution`, `context_length` and `vocab_size`.
    public static func isIgnored(_ key: String, naming: CheckpointNaming) -> Bool {
        switch naming {
        case .huggingFace: key.hasSuffix("embeddings.position_ids")
        case .openAI: ["input_resolution", "context_length", "vocab_size", "attn_mask"].contains(key)
                || key.hasSuffix(".attn_mask") || key.hasSuffix("." + ResNetKeys.ignoredSuffix)
        }
    }

    /// Where the parameter `key` (a Hugging Face name from `CLIP.namedParameters()`) is
    /// stored under `naming`.
    public static func source(for key: String, naming: CheckpointNaming) -> WeightSource {
        guard naming == .openAI else { return WeightSource(key: key, transform: .identity) }
        guard let rule = longestPrefix(of: key, in: modelTable) else { return WeightSource(key: key, transform: .identity) }
        let rest = String(key.dropFirst(rule.hf.count))
        guard rule.hf.hasSuffix("layers.") else { return WeightSource(key: rule.openAI + rest, transform: rule.transform) }
        // rest = "N.self_attn.q_proj.weight"
        guard let dot = rest.firstIndex(of: ".") else { return WeightSource(key: rule.openAI + rest, transform: .identity) }
        let index = rest[..<dot], inLayer = String(rest[rest.index(after: dot)...])
        guard let inner = longestPrefix(of: inLayer, in: layerTable) else {
            return WeightSource(key: rule.openAI + rest, transform: .identity)
        }
        let tail = inLayer.dropFirst(inner.hf.count)
        return WeightSource(key: "\(rule.openAI)\(index).\(inner.openAI)\(tail)", transform: inner.transform)
    }

    private static func longestPrefix(of key: String, in table: [(hf: String, openAI: String, transform: WeightSource.Transform)])
        -> (hf: String, openAI: String, transform: WeightSource.Transform)? {
        table.filter { rule in
            rule.hf.hasSuffix(".") ? key.hasPrefix(rule.hf) : key == rule.hf
        }.max { $0.hf.count < $1.hf.count }
    }

    /// Which naming a checkpoint uses, from its keys (nil when neither fits).
    public static func naming(ofKeys keys: [String]) -> CheckpointNaming? {
        if keys.contains(where: { $0.hasPrefix("vision_model.") || $0.hasPrefix("text_model.") }) { return .huggingFace }
        if keys.contains(where: { $0.hasPrefix("visual.") || $0 == "token_embedding.weight" }) { return .openAI }
        return nil
    }
}
