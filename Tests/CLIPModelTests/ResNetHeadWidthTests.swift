import CLIPCore
import Foundation
import Testing
@testable import CLIPModel
import CLIPTestSupport

/// A ResNet whose attention pool has 16-wide heads, set only by `vision_cfg.head_width` in
/// open_clip_config.json (Tests/Fixtures/resnet-heads, made by make_resnet_head_fixtures.py).
/// Its pool attends sharply (largest weight 0.91 on average over 5 tokens), so a wrong head
/// count moves the embeddings by about 0.5; open_clip itself in float32 is 4.6e-6 from its float64 reference.
struct ResNetHeadWidthTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/resnet-heads")

    struct Expected: Decodable {
        let heads: Int
        let image_embeds: [[Double]]
        let mean_max_attention: Double
        let max_difference_with_64_wide_heads: Double
    }

    /// The script's input: pixel[b, c, y, x] = 1.5 sin(0.37 x + 0.53 y + 1.1 c + 2.3 b).
    static func pixels() -> Tensor {
        var data: [Float] = []
        for b in 0..<2 { for c in 0..<3 { for y in 0..<64 { for x in 0..<64 {
            data.append(Float(1.5 * sin(0.37 * Double(x) + 0.53 * Double(y) + 1.1 * Double(c) + 2.3 * Double(b))))
        } } } }
        return Tensor(shape: [2, 3, 64, 64], data: data)
    }

    @Test("head_width from open_clip_config.json sets the ResNet pool's heads, and the embeddings match open_clip to 1e-5")
    func headWidth() throws {
        let expected = try JSONDecoder().decode(Expected.self, from: Data(contentsOf: Self.directory.appendingPathComponent("expected.json")))
        #expect(expected.mean_max_attention > 0.8, "the fixture's attention must be peaked for this test to see the head count")
        #expect(expected.max_difference_with_64_wide_heads > 0.1)
        let loaded = try CheckpointLoader.load(Self.directory.appendingPathComponent("model.safetensors").path)
        guard case let .resnet(tower) = loaded.model.imageTower else {
            Issue.record("expected a ResNet image tower")
            return
        }
        #expect(tower.config.headWidth == 16 && tower.config.heads == expected.heads)
        let embeds = try GradMode.noGrad { try loaded.model.encodeImage(Self.pixels()) }.l2Normalized()
        let reference = Tensor(shape: [2, expected.image_embeds[0].count], data: expected.image_embeds.flatMap { $0 }.map(Float.init))
        let difference = maxAbsDifference(embeds, reference)
        #expect(difference <= 1e-5, "largest difference from open_clip: \(difference)")
    }

    @Test("a head_width that does not divide the pool width is refused, naming the key")
    func badHeadWidth() throws {
        let file = try SafeTensorsFile(url: Self.directory.appendingPathComponent("model.safetensors"))
        var shapes: [String: [Int]] = [:]
        for name in file.names { shapes[name] = file.info(name)?.shape }
        #expect(throws: ModelError.self) {
            try OpenAIArchitecture.resNetConfig(shapes: shapes, openCLIPConfig: ["model_cfg": ["vision_cfg": ["head_width": 48]]])
        }
        let plain = try OpenAIArchitecture.resNetConfig(shapes: shapes, openCLIPConfig: nil)
        #expect(plain.headWidth == 64 && plain.heads == 2)
    }
}
