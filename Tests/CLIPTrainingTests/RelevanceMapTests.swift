import CLIPCore
import CLIPData
import CLIPModel
import CLIPTestSupport
import CLIPText
import Foundation
import Testing
@testable import CLIPTraining

/// Grad-CAM relevance maps and the pointing game.
@Suite(.serialized)
struct RelevanceMapTests {
    static func caption(_ model: CLIP, _ tokenizer: any TextTokenizer, _ text: String) throws -> [Float] {
        try GradMode.noGrad { try model.encodeText([tokenizer.encode(text, contextLength: 16).ids]).l2Normalized().data }
    }

    @Test("a toy map has one value per patch in 0…1, its cosine matches the forward pass, and no gradient is left behind")
    func toyMap() throws {
        let tokenizer = ToyTrainer.tokenizer()
        let model = try CLIP(config: ToyTrainer.toyConfig(for: tokenizer), parameters: .random(seed: 3))
        var random = RNG.stream(seed: 1, purpose: 9)
        let picture = ToyWorld().draw(ToyObjects(shape: .circle, color: .red, size: .small, position: .left), random: &random)
        let pixels = ToyImage.batchTensor([picture.image])
        let text = try Self.caption(model, tokenizer, "a red circle")
        let map = try RelevanceMap.gradCAM(model: model, pixels: pixels, caption: text)
        #expect(map.grid == 4 && map.values.count == 16)
        #expect(map.values.allSatisfy { $0 >= 0 && $0 <= 1 })
        #expect(map.values.max() == 1 || map.values.allSatisfy { $0 == 0 })
        let image = try GradMode.noGrad { try model.encodeImage(pixels).l2Normalized().data }
        var cosine: Float = 0
        for (a, b) in zip(image, text) { cosine += a * b }
        #expect(abs(map.score - cosine) < 1e-5)
        #expect(model.parameters.allSatisfy { $0.grad == nil })
    }

    @Test("a ResNet image tower gets a one-line message that explain does not apply")
    func resnet() throws {
        let model = try ResNetFixture.model()
        let s = model.config.visionConfig.imageSize
        let pixels = Tensor(shape: [1, 3, s, s], repeating: 0)
        #expect {
            try RelevanceMap.gradCAM(model: model, pixels: pixels, caption: [Float](repeating: 0, count: model.config.projectionDim))
        } throws: { error in
            "\(error)".contains("ResNet") && !"\(error)".contains("\n")
        }
    }

    @Test("pointing masks cover the drawn shape and the touched patches give the chance level")
    func pointingSet() throws {
        let pictures = ToyWorld().pointingSet(count: 20, seed: 5)
        #expect(pictures.count == 20)
        for p in pictures {
            let covered = p.mask.filter { $0 }.count
            #expect(covered > 10 && covered < 32 * 32 / 4)
            let touched = PointingGame.patchesTouched(p.mask, width: 32, height: 32, grid: 4)
            #expect(touched.contains(true) && touched.contains(false))
        }
        // The same seed draws the same pictures as the plain renderer would.
        #expect(ToyWorld().pointingSet(count: 3, seed: 5).map(\.sample.image) == pictures.prefix(3).map(\.sample.image))
    }

    @Test("after a short training run the map's peak falls on the named object more often than chance")
    func pointingAfterTraining() throws {
        let trainer = try ToyTrainer(tokenizer: ToyTrainer.tokenizer(), options: shortRun(steps: 300))
        _ = trainer.run()
        let game = try PointingGame.run(pipeline: trainer.pipeline, count: 100)
        #expect(game.count == 100)
        #expect(game.chance > 0.05 && game.chance < 0.5)
        #expect(game.accuracy > game.chance)
    }
}
