import CLIPCore
import Foundation
import Testing
@testable import CLIPModel
import CLIPTestSupport

/// Tiny ViT CLIPs whose attention is sharply peaked (Tests/Fixtures/vit-heads, made by
/// make_vit_head_fixtures.py): a Hugging Face folder with 4 vision heads, 6 text heads,
/// gelu, layer_norm_eps 1e-6, projection_dim 24 and first-EOS pooling at id 5, and an
/// open_clip file with 16-wide heads and mlp_ratio 2.5. Each query's largest attention
/// weight averages 0.88 (vision) and 0.98 (text), so the same weights run with another head
/// count move the embeddings by about 0.3–0.5, far beyond the 1e-5 tolerance. The
/// references are computed in float64 from the stored float16 weights; transformers itself in
/// float32 is 6.4e-6 from them, CLIPLab 2.9e-6 (image) and 3.3e-7 (text), and 1.6e-7 from open_clip's.
struct ViTHeadCountTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/vit-heads")
    static let tolerance: Float = 1e-5

    struct Expected: Decodable {
        struct HF: Decodable {
            let image_embeds: [[Double]]
            let text_embeds: [[Double]]
            let logit_scale: Double
            let vision_mean_max_attention: Double
            let text_mean_max_attention: Double
            let image_difference_with_wrong_heads: Double
        }
        struct OpenCLIP: Decodable {
            let image_embeds: [[Double]]
            let vision_mean_max_attention: Double
            let image_difference_with_64_wide_heads: Double
        }
        let ids: [[Int]]
        let hf: HF
        let open_clip: OpenCLIP
    }

    static func expected() throws -> Expected {
        try JSONDecoder().decode(Expected.self, from: Data(contentsOf: directory.appendingPathComponent("expected.json")))
    }

    /// The script's input: pixel[b, c, y, x] = 1.5 sin(0.37 x + 0.53 y + 1.1 c + 2.3 b).
    static func pixels() -> Tensor {
        var data: [Float] = []
        for b in 0..<2 { for c in 0..<3 { for y in 0..<32 { for x in 0..<32 {
            data.append(Float(1.5 * sin(0.37 * Double(x) + 0.53 * Double(y) + 1.1 * Double(c) + 2.3 * Double(b))))
        } } } }
        return Tensor(shape: [2, 3, 32, 32], data: data)
    }

    static func matrix(_ rows: [[Double]]) -> Tensor {
        Tensor(shape: [rows.count, rows.first?.count ?? 0], data: rows.flatMap { $0 }.map(Float.init))
    }

    /// Normalised image and text embeddings of the fixture inputs.
    static func embeddings(_ model: CLIP, ids: [[Int]]) throws -> (image: Tensor, text: Tensor) {
        try GradMode.noGrad {
            (try model.encodeImage(pixels()).l2Normalized(), try model.encodeText(ids).l2Normalized())
        }
    }

    @Test("A Hugging Face ViT with 4 vision and 6 text heads, gelu and eps 1e-6 matches transformers to 1e-5")
    func huggingFaceParity() throws {
        let expected = try Self.expected()
        #expect(expected.hf.vision_mean_max_attention > 0.8 && expected.hf.text_mean_max_attention > 0.8,
                "the fixture's attention must be peaked for this test to see the head count")
        let loaded = try CheckpointLoader.load(Self.directory.appendingPathComponent("hf").path)
        let config = loaded.model.config
        #expect(config.visionConfig.numAttentionHeads == 4 && config.textConfig.numAttentionHeads == 6)
        #expect(config.visionConfig.hiddenAct == "gelu" && config.textConfig.layerNormEps == 1e-6)
        #expect(config.projectionDim == 24 && config.textConfig.eosTokenId == 5)
        #expect(abs(Double(loaded.model.logitScale.item) - expected.hf.logit_scale) < 1e-6,
                "the stored logit_scale is used, not logit_scale_init_value")
        let (image, text) = try Self.embeddings(loaded.model, ids: expected.ids)
        let imageDifference = maxAbsDifference(image, Self.matrix(expected.hf.image_embeds))
        let textDifference = maxAbsDifference(text, Self.matrix(expected.hf.text_embeds))
        #expect(imageDifference <= Self.tolerance, "image embeddings differ from transformers by \(imageDifference)")
        #expect(textDifference <= Self.tolerance, "text embeddings differ from transformers by \(textDifference)")
    }

    @Test("The same weights run with 1 vision and 3 text heads miss the fixture by far more than the tolerance")
    func wrongHeadCountFails() throws {
        let expected = try Self.expected()
        let folder = Self.directory.appendingPathComponent("hf")
        var config = try CheckpointLoader.readConfig(folder.appendingPathComponent("config.json"))
        config.visionConfig.numAttentionHeads = 1
        config.textConfig.numAttentionHeads = 3
        let model = try CheckpointLoader.build(config, file: "wrong heads")
        try CheckpointLoader.fill(model, from: SafeTensorsCollection(path: folder.path), naming: .huggingFace, file: "wrong heads")
        let (image, text) = try Self.embeddings(model, ids: expected.ids)
        let imageDifference = maxAbsDifference(image, Self.matrix(expected.hf.image_embeds))
        let textDifference = maxAbsDifference(text, Self.matrix(expected.hf.text_embeds))
        #expect(imageDifference > 1000 * Self.tolerance, "a wrong vision head count moved the embeddings only \(imageDifference)")
        #expect(textDifference > 1000 * Self.tolerance, "a wrong text head count moved the embeddings only \(textDifference)")
        // transformers with the same wrong heads moved them as far (the script records it).
        #expect(abs(Double(imageDifference) - expected.hf.image_difference_with_wrong_heads) < 1e-3)
    }

    @Test("An open_clip ViT with head_width 16 and mlp_ratio 2.5 matches open_clip to 1e-5")
    func openCLIPParity() throws {
        let expected = try Self.expected()
        #expect(expected.open_clip.vision_mean_max_attention > 0.8)
        #expect(expected.open_clip.image_difference_with_64_wide_heads > 0.1)
        let loaded = try CheckpointLoader.load(Self.directory.appendingPathComponent("openclip/open_clip_model.safetensors").path)
        let vision = loaded.model.config.visionConfig
        #expect(vision.numAttentionHeads == 4 && vision.intermediateSize == 160)
        let image = try GradMode.noGrad { try loaded.model.encodeImage(Self.pixels()).l2Normalized() }
        let difference = maxAbsDifference(image, Self.matrix(expected.open_clip.image_embeds))
        #expect(difference <= Self.tolerance, "image embeddings differ from open_clip by \(difference)")
    }
}
