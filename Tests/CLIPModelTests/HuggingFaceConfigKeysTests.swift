import CLIPCore
import Foundation
import Testing
@testable import CLIPModel

/// Every key of a Hugging Face config.json is read, refused by name and value, or listed as
/// not read with why.
struct HuggingFaceConfigKeysTests {
    /// A config.json with `edit` applied to a copy of the tiny-a fixture's, read back.
    static func readEdited(_ edit: (inout [String: Any]) -> Void) throws -> CLIPConfig {
        let data = try Data(contentsOf: ModelFixtures.hfFolder("tiny-a").appendingPathComponent("config.json"))
        var object = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        edit(&object)
        let folder = try ModelFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("config.json")
        try JSONSerialization.data(withJSONObject: object).write(to: url)
        let config = try CheckpointLoader.readConfig(url)
        try config.checkLimits()
        return config
    }

    static func tower(_ object: inout [String: Any], _ section: String, _ key: String, _ value: Any) {
        var tower = object[section] as? [String: Any] ?? [:]
        tower[key] = value
        object[section] = tower
    }

    @Test("keys that cannot change the embeddings are listed with why, unknown keys once as unknown")
    func notRead() {
        let config: [String: Any] = [
            "projection_dim": 24, "model_type": "clip", "logit_scale_init_value": 3.1, "dtype": "float16", "mystery": 3,
            "text_config": ["hidden_size": 48, "hidden_act": "gelu", "eos_token_id": 5, "attention_dropout": 0.1,
                            "projection_dim": 512, "rope_theta": 10_000] as [String: Any],
            "vision_config": ["hidden_size": 64, "num_channels": 3, "dropout": 0.0, "max_length": 20] as [String: Any],
        ]
        #expect(HuggingFaceConfigKeys.notRead(config) == [
            "dtype = \"float16\" (weights are computed in float32)",
            "logit_scale_init_value = 3.1 (initial value only: the stored logit_scale is used)",
            "mystery = 3 (unknown here: not read)",
            "text_config.attention_dropout = 0.1 (training only: dropout is off at inference)",
            "text_config.projection_dim = 512 (CLIPModel projects with the top-level projection_dim)",
            "text_config.rope_theta = 10000 (unknown here: not read)",
            "vision_config.dropout = 0 (training only: dropout is off at inference)",
            "vision_config.max_length = 20 (text generation only: CLIP does not generate)",
        ])
    }

    @Test("the transformers fixture configs list no unknown key")
    func fixturesKnown() throws {
        for folder in [ModelFixtures.hfFolder("tiny-a"), ModelFixtures.hfFolder("tiny-b")] {
            let data = try Data(contentsOf: folder.appendingPathComponent("config.json"))
            let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
            let unknown = HuggingFaceConfigKeys.notRead(object).filter { $0.contains(ConfigKeyTable.unknown) }
            #expect(unknown.isEmpty, "\(unknown)")
        }
    }

    @Test("settings that would change the computation are refused in one line naming key and value", arguments: [
        ("vision_config", "hidden_act", #""gelu_new""#, #"vision_config.hidden_act = "gelu_new""#),
        ("text_config", "hidden_act", #""silu""#, #"text_config.hidden_act = "silu""#),
        ("text_config", "pruned_heads", #"{"0": [1]}"#, #"text_config.pruned_heads = {"0":[1]}"#),
        ("vision_config", "num_channels", "4", "vision_config.num_channels': 4"),
        ("text_config", "layer_norm_eps", "0", "text_config.layer_norm_eps': 0"),
        ("text_config", "eos_token_id", "[5, 6]", "text_config.eos_token_id"),
        ("vision_config", "image_size", "[32, 32]", "vision_config.image_size"),
    ])
    func refused(section: String, key: String, json: String, expected: String) throws {
        let value = try JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed])
        do {
            _ = try Self.readEdited { Self.tower(&$0, section, key, value) }
            Issue.record("expected \(section).\(key) to be refused")
        } catch {
            let message = "\(error)"
            #expect(message.contains(expected), "\(message)")
            #expect(!message.contains("\n"))
        }
    }

    @Test("quick_gelu, gelu and relu are honoured, as are eps, heads, sizes and the pooling token")
    func honoured() throws {
        for act in HuggingFaceConfigKeys.activations {
            let config = try Self.readEdited { Self.tower(&$0, "vision_config", "hidden_act", act) }
            #expect(config.visionConfig.hiddenAct == act)
        }
        let config = try Self.readEdited {
            Self.tower(&$0, "text_config", "layer_norm_eps", 1e-6)
            Self.tower(&$0, "text_config", "eos_token_id", 5)
            Self.tower(&$0, "vision_config", "intermediate_size", 40)
            $0["projection_dim"] = 12
        }
        #expect(config.textConfig.layerNormEps == 1e-6 && config.visionConfig.intermediateSize == 40 && config.projectionDim == 12)
        #expect(!config.textConfig.poolsAtArgmax)
    }

    @Test("text_config_dict wins over text_config, as in transformers")
    func legacyDictionaries() throws {
        let config = try Self.readEdited {
            $0["text_config_dict"] = ["hidden_act": "gelu", "layer_norm_eps": 1e-6]
            $0["vision_config_dict"] = ["num_attention_heads": 2]
        }
        #expect(config.textConfig.hiddenAct == "gelu" && config.textConfig.layerNormEps == 1e-6)
        #expect(config.visionConfig.numAttentionHeads == 2 && config.visionConfig.hiddenSize == 32)
        #expect(throws: ModelError.self) {
            _ = try Self.readEdited { $0["vision_config_dict"] = ["hidden_act": "swish"] }
        }
    }

    @Test("eos_token_id 2 pools at the largest id (the legacy rule); any other value at its first occurrence, else at 0")
    func poolingRule() throws {
        var config = CLIPConfig.toy
        config.textConfig.vocabSize = 64
        config.textConfig.eosTokenId = 5
        let ids = [[60, 7, 33, 5, 40, 5, 0, 0], [9, 8, 63, 7, 0, 0, 0, 0]]
        #expect(try CLIP(config: config, resnet: nil).text.poolPositions(ids) == [3, 0])   // no 5: position 0, as transformers
        config.textConfig.eosTokenId = 2
        #expect(try CLIP(config: config, resnet: nil).text.poolPositions(ids) == [0, 2])
    }
}
