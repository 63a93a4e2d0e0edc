import CLIPCore
import Foundation

/// The architecture of an OpenAI/open_clip-named checkpoint, which carries no config:
/// sizes come from tensor shapes the way OpenAI's `build_model` reads them, and heads,
/// activation and pooling from an `open_clip_config.json` beside the file when there is one.
///
/// A ResNet image tower (RN50-style, `visual.layer1.…`) is sized by `ResNetConfig.inferred`;
/// only the text tower and projection size come from here then.
/// Without that file the OpenAI conventions apply: 64-wide attention heads, QuickGELU,
/// and text pooled at the argmax id.
/// Example: `visual.conv1.weight` `[768,3,32,32]` and `visual.positional_embedding`
/// `[50,768]` give width 768, patch 32 and image 32·√49 = 224.
public enum OpenAIArchitecture {
    /// The name open_clip and the Hugging Face hub give the config beside the weights.
    public static let openCLIPConfigName = "open_clip_config.json"

    /// Infers the `CLIPConfig` of the checkpoint whose keys are `keys` and whose stored
    /// shapes `shape(key)` returns.
    ///
    /// - Parameters:
    ///   - openCLIPConfig: the parsed `model_cfg` of `open_clip_config.json`, if any.
    ///   - file: named in errors.
    public static func config(keys: [String], shape: (String) -> [Int]?, openCLIPConfig: [String: Any]?,
                              file: String) throws -> CLIPConfig {
        func need(_ key: String, _ rank: Int) throws -> [Int] {
            guard let s = shape(key) else { throw ModelError.missingTensor(key: key, file: file) }
            guard s.count == rank else {
                throw ModelError.checkpoint(path: file, message: "tensor '\(key)' has rank \(s.count) (shape \(s)), expected rank \(rank)")
            }
            return s
        }
        let model = openCLIPConfig?["model_cfg"] as? [String: Any] ?? openCLIPConfig
        let visionCfg = model?["vision_cfg"] as? [String: Any] ?? [:]
        try rejectUnsupported(vision: visionCfg, text: model?["text_cfg"] as? [String: Any] ?? [:], file: file)
        let projection = try need("text_projection", 2)             // [C_text, D]
        let text = try textConfig(keys: keys, need: need, openCLIPConfig: openCLIPConfig, file: file)
        if ResNetConfig.isResNet(names: keys) {   // the ResNet tower's own shapes live in ResNetConfig
            return CLIPConfig(text: text, vision: CLIPVisionConfig(), projectionDim: projection[1])
        }
        let conv = try need("visual.conv1.weight", 4)                 // [C, ch, P, P]
        let visionPositions = try need("visual.positional_embedding", 2)[0]
        _ = try need("visual.proj", 2)
        let visionLayers = keys.filter { $0.hasPrefix("visual.") && $0.hasSuffix(".attn.in_proj_weight") }.count
        let grid = Int((Double(visionPositions - 1).squareRoot()).rounded())
        guard grid > 0, grid * grid + 1 == visionPositions else {
            throw ModelError.checkpoint(path: file, message: "visual.positional_embedding has \(visionPositions) rows, not a square grid plus the class token")
        }
        let visionWidth = conv[0], patch = conv[3]
        let act = text.hiddenAct   // one activation for both towers, as open_clip's quick_gelu flag sets it
        let headWidth = int(visionCfg["head_width"]) ?? 64
        var vision = CLIPVisionConfig()
        vision.hiddenSize = visionWidth
        vision.numChannels = conv[1]
        vision.patchSize = patch
        vision.imageSize = patch * grid
        vision.numHiddenLayers = visionLayers
        vision.numAttentionHeads = headWidth > 0 ? visionWidth / headWidth : 0
        vision.intermediateSize = shape("visual.transformer.resblocks.0.mlp.c_fc.weight")?.first ?? 4 * visionWidth
        vision.hiddenAct = act
        try checkHeads("image", width: visionWidth, heads: vision.numAttentionHeads, file: file)
        return CLIPConfig(text: text, vision: vision, projectionDim: projection[1])
    }

    /// The ResNet tower's shape from its tensors, with the pool's head width from
    /// `vision_cfg.head_width` (open_clip: heads = width·32 / head_width; 64 when absent).
    public static func resNetConfig(shapes: [String: [Int]], openCLIPConfig: [String: Any]?) throws -> ResNetConfig {
        var config = try ResNetConfig.inferred(from: shapes)
        let model = openCLIPConfig?["model_cfg"] as? [String: Any] ?? openCLIPConfig
        if let vision = model?["vision_cfg"] as? [String: Any], let headWidth = int(vision["head_width"]) {
            config.headWidth = headWidth
            try config.validate()
        }
        return config
    }

    /// The text tower's config from the shapes (and open_clip's `text_cfg`).
    static func textConfig(keys: [String], need: (String, Int) throws -> [Int], openCLIPConfig: [String: Any]?,
                           file: String) throws -> CLIPTextConfig {
        let model = openCLIPConfig?["model_cfg"] as? [String: Any] ?? openCLIPConfig
        let textCfg = model?["text_cfg"] as? [String: Any] ?? [:]
        let width = try need("ln_final.weight", 1)[0]
        var text = CLIPTextConfig()
        text.vocabSize = try need("token_embedding.weight", 2)[0]
        text.hiddenSize = width
        text.maxPositionEmbeddings = try need("positional_embedding", 2)[0]
        text.numHiddenLayers = Set(keys.compactMap { key -> Substring? in
            guard key.hasPrefix("transformer.resblocks.") else { return nil }
            return key.split(separator: ".").dropFirst(2).first
        }).count
        text.numAttentionHeads = int(textCfg["heads"]) ?? width / 64
        text.intermediateSize = text.numHiddenLayers > 0 ? try need("transformer.resblocks.0.mlp.c_fc.weight", 2)[0] : 4 * width
        text.hiddenAct = (model?["quick_gelu"] as? Bool ?? (openCLIPConfig == nil)) ? "quick_gelu" : "gelu"
        text.eosTokenId = (textCfg["pool_type"] as? String) == "eos" ? int(textCfg["eos_id"]) ?? 2 : 2
        try checkHeads("text", width: width, heads: text.numAttentionHeads, file: file)
        return text
    }

    static func checkHeads(_ tower: String, width: Int, heads: Int, file: String) throws {
        guard heads <= 0 || width % heads != 0 else { return }
        throw ModelError.checkpoint(path: file, message: "cannot infer the \(tower) tower's attention heads for width \(width) (OpenAI models use 64-wide heads) — put an \(openCLIPConfigName) with the heads beside the file")
    }

    /// Reads `open_clip_config.json` beside `file`, if present.
    public static func openCLIPConfig(besides file: URL) throws -> [String: Any]? {
        let url = file.deletingLastPathComponent().appendingPathComponent(openCLIPConfigName)
        let bytes: [UInt8]
        do {
            bytes = try FileAccess.read(url.path, maxBytes: CheckpointLoader.maxConfigBytes)
        } catch {
            guard case .notFound = error else { throw ModelError.file(error) }
            return nil
        }
        do {
            let data = Data(bytes)
            guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw ModelError.checkpoint(path: url.path, message: "not a JSON object — expected open_clip's {\"model_cfg\": …}")
            }
            return object
        } catch let error as ModelError {
            throw error
        } catch {
            throw ModelError.checkpoint(path: url.path, message: "not valid JSON (\(error.localizedDescription)) — fix or delete the file")
        }
    }

    /// open_clip options this implementation does not compute, refused by name and value.
    static func rejectUnsupported(vision: [String: Any], text: [String: Any], file: String) throws {
        func refuse(_ option: String, _ value: Any?) throws -> Never {
            throw ModelError.checkpoint(path: file, message: "open_clip option \(option) = \(OpenCLIPConfigKeys.describe(value)) is not supported by this CLIP implementation (remove it only if the weights were trained without it)")
        }
        func isSet(_ value: Any?) -> Bool { value != nil && !(value is NSNull) }
        for (name, cfg) in [("vision_cfg", vision), ("text_cfg", text)] {
            // Layer scale multiplies each residual branch by learned gammas; timm and Hugging Face towers are other networks.
            for key in ["timm_model_name", "hf_model_name", "ls_init_value", "input_patchnorm"] where isSet(cfg[key]) && cfg[key] as? Bool != false {
                try refuse("\(name).\(key)", cfg[key])
            }
            for key in ["norm_kwargs", "act_kwargs"] where isSet(cfg[key]) && !((cfg[key] as? [String: Any])?.isEmpty ?? false) {
                try refuse("\(name).\(key)", cfg[key])
            }
        }
        for key in ["attentional_pool", "no_ln_pre", "final_ln_after_pool", "qk_norm", "scaled_cosine_attn", "scale_heads",
                    "scale_attn_inner", "scale_attn", "scale_fc", "global_average_pool"] where vision[key] as? Bool == true {
            try refuse("vision_cfg.\(key)", vision[key])
        }
        for key in ["embed_cls", "no_causal_mask", "final_ln_after_pool", "proj_bias", "qk_norm", "scaled_cosine_attn",
                    "scale_heads", "scale_attn_inner", "scale_attn", "scale_fc"] where text[key] as? Bool == true {
            try refuse("text_cfg.\(key)", text[key])
        }
        if let pool = vision["pool_type"] as? String, pool != "tok" { try refuse("vision_cfg.pool_type", pool) }
        if let pool = text["pool_type"] as? String, pool != "argmax", pool != "eos" { try refuse("text_cfg.pool_type", pool) }
        if let embed = vision["pos_embed_type"] as? String, embed != "learnable" { try refuse("vision_cfg.pos_embed_type", embed) }
    }

    private static func int(_ value: Any?) -> Int? {
        (value as? NSNumber)?.intValue
    }
}
