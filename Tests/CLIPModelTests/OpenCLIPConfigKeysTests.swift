import Foundation
import Testing
@testable import CLIPModel

/// Every open_clip_config.json key is read, refused by name and value, or listed as not read.
struct OpenCLIPConfigKeysTests {
    @Test("keys that cannot change inference, and unknown keys, are listed once with their values")
    func notRead() {
        let config: [String: Any] = [
            "model_cfg": [
                "embed_dim": 512, "quick_gelu": true, "mystery": 3,
                "vision_cfg": ["width": 768, "head_width": 64, "patch_dropout": 0.5, "output_tokens": false],
                "text_cfg": ["width": 512, "heads": 8, "pad_id": 0],
            ] as [String: Any],
            "preprocess_cfg": ["mean": [0.5, 0.5, 0.5]],
        ]
        let listed = OpenCLIPConfigKeys.notRead(config)
        #expect(listed == [
            "mystery = 3 (unknown here: not read)",
            "text_cfg.pad_id = 0 (padding never reaches the pooled token)",
            "vision_cfg.output_tokens = false (changes what encode_image returns, not the pooled embedding)",
            "vision_cfg.patch_dropout = 0.5 (training only: open_clip drops patches only in train mode)",
        ])
    }

    @Test("options that would change the computation are refused in one line naming key and value", arguments: [
        (#"{"ls_init_value": 0.1}"#, "{}", "vision_cfg.ls_init_value = 0.1"),
        ("{}", #"{"ls_init_value": 1e-5}"#, "text_cfg.ls_init_value = "),
        (#"{"norm_kwargs": {"eps": 1e-6}}"#, "{}", #"vision_cfg.norm_kwargs = {"eps":"#),
        (#"{"pos_embed_type": "sin_cos_2d"}"#, "{}", #"vision_cfg.pos_embed_type = "sin_cos_2d""#),
        (#"{"attentional_pool": true}"#, "{}", "vision_cfg.attentional_pool = true"),
    ])
    func refused(vision: String, text: String, expected: String) throws {
        func object(_ json: String) throws -> [String: Any] {
            try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] ?? [:]
        }
        do {
            try OpenAIArchitecture.rejectUnsupported(vision: try object(vision), text: try object(text), file: "m.safetensors")
            Issue.record("expected a refusal")
        } catch {
            let message = "\(error)"
            #expect(message.contains(expected), "\(message)")
            #expect(!message.contains("\n"))
        }
    }

    @Test("null layer scale, empty kwargs and learnable positions are accepted")
    func accepted() throws {
        try OpenAIArchitecture.rejectUnsupported(vision: ["ls_init_value": NSNull(), "norm_kwargs": [String: Any](),
                                                          "pos_embed_type": "learnable", "patch_dropout": 0.5],
                                                 text: ["ls_init_value": NSNull()], file: "m.safetensors")
    }
}
