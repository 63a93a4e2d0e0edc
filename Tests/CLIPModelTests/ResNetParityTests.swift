import CLIPCore
import Foundation
import Testing
@testable import CLIPModel
import CLIPTestSupport

/// The ResNet CLIP against open_clip on the same weights (make_resnet_fixtures.py).
struct ResNetParityTests {
    @Test("architecture inferred from the OpenAI-named checkpoint matches the fixture's config")
    func inferredConfig() throws {
        let file = try SafeTensorsFile(url: ResNetFixture.url("openai.safetensors"))
        var shapes: [String: [Int]] = [:]
        for name in file.names { shapes[name] = file.info(name)?.shape }
        let inferred = try ResNetConfig.inferred(from: shapes)
        #expect(inferred == (try ResNetFixture.configs().1))
        #expect(inferred.layers == [2, 1, 1, 1] && inferred.width == 8 && inferred.imageSize == 64)
        #expect(inferred.heads == 4 && inferred.embedDim == 256 && inferred.outputDim == 32)
        #expect(ResNetConfig.isResNet(names: file.names))
    }

    @Test("image embeddings match open_clip to 1e-4; raw features to 1e-4 relative")
    func imageEmbeddings() throws {
        let model = try ResNetFixture.model()
        let pixels = try ResNetFixture.npy("pixels.npy")
        let features = try GradMode.noGrad { try model.encodeImage(pixels) }
        let expected = try ResNetFixture.npy("expected/image_features.npy")
        let scale = expected.data.map(abs).max() ?? 1
        #expect(maxAbsDifference(features, expected) / scale < 1e-4)
        let embeds = features.l2Normalized()
        #expect(maxAbsDifference(embeds, try ResNetFixture.npy("expected/image_embeds.npy")) < 1e-4)
    }

    @Test("text embeddings and logits of the ResNet CLIP match open_clip")
    func logits() throws {
        let model = try ResNetFixture.model()
        struct Inputs: Decodable { let ids: [[Int]] }
        let inputs = try JSONDecoder().decode(Inputs.self, from: Data(contentsOf: ResNetFixture.url("inputs.json")))
        let out = try GradMode.noGrad { try model(pixels: try ResNetFixture.npy("pixels.npy"), ids: inputs.ids) }
        #expect(maxAbsDifference(out.textEmbeds, try ResNetFixture.npy("expected/text_embeds.npy")) < 1e-4)
        #expect(maxAbsDifference(out.logitsPerImage, try ResNetFixture.npy("expected/logits_per_image.npy")) < 2e-3)
    }

    @Test("CheckpointLoader reads the OpenAI-named ResNet file (batch-norm counters ignored) and matches open_clip")
    func checkpointLoader() throws {
        let loaded = try CheckpointLoader.load(ResNetFixture.url("openai.safetensors").path)
        guard case let .resnet(tower) = loaded.model.imageTower else {
            Issue.record("expected a ResNet image tower")
            return
        }
        #expect(tower.config == (try ResNetFixture.configs().1))
        #expect(loaded.model.config.textConfig.numAttentionHeads == 1 && loaded.model.config.textConfig.poolsAtArgmax)
        struct Inputs: Decodable { let ids: [[Int]] }
        let inputs = try JSONDecoder().decode(Inputs.self, from: Data(contentsOf: ResNetFixture.url("inputs.json")))
        let out = try GradMode.noGrad { try loaded.model(pixels: try ResNetFixture.npy("pixels.npy"), ids: inputs.ids) }
        #expect(maxAbsDifference(out.imageEmbeds, try ResNetFixture.npy("expected/image_embeds.npy")) < 1e-4)
        #expect(maxAbsDifference(out.textEmbeds, try ResNetFixture.npy("expected/text_embeds.npy")) < 1e-4)
        #expect(maxAbsDifference(out.logitsPerImage, try ResNetFixture.npy("expected/logits_per_image.npy")) < 2e-3)
    }

    @Test("a ResNet CLIP has no visual projection and keeps OpenAI names for its tower")
    func names() throws {
        let model = try ResNetFixture.model()
        #expect(model.visualProjection == nil && model.vision == nil)
        let keys = Set(model.namedParameters().map(\.0))
        for key in ["visual.conv1.weight", "visual.bn1.running_mean", "visual.bn1.running_var",
                    "visual.layer1.0.downsample.0.weight", "visual.layer2.0.downsample.1.bias",
                    "visual.attnpool.positional_embedding", "visual.attnpool.c_proj.weight"] {
            #expect(keys.contains(key), "\(key)")
        }
        #expect(!keys.contains("visual_projection.weight"))
        #expect(model.config.visionConfig.imageSize == 64)
    }

    @Test("the published ResNet sizes build with the paper's head counts",
          arguments: [(ResNetConfig.rn50, 32, 1024), (.rn101, 32, 512), (.rn50x4, 40, 640), (.rn50x16, 48, 768),
                      (.rn50x64, 64, 1024)])
    func presets(_ c: (ResNetConfig, Int, Int)) throws {
        try c.0.validate()
        #expect(c.0.heads == c.1 && c.0.outputDim == c.2)
    }

    @Test("RN50 at random weights has the published image-tower size (38.3 M parameters)")
    func rn50Size() throws {
        var make = ParameterFactory.empty
        let tower = try ModifiedResNet(config: .rn50, &make)
        let trainable = tower.namedParameters(prefix: "").filter { !$0.0.hasSuffix("running_mean") && !$0.0.hasSuffix("running_var") }
        let count = trainable.reduce(0) { $0 + $1.1.count }
        #expect((38_200_000...38_400_000).contains(count), "\(count)")
    }

    @Test("bad ResNet configs and inputs give clear errors")
    func badInput() throws {
        #expect(throws: ModelError.self) { try ResNetConfig(layers: [1, 1, 1], width: 8, imageSize: 64, outputDim: 8).validate() }
        #expect(throws: ModelError.self) { try ResNetConfig(layers: [1, 1, 1, 1], width: 8, imageSize: 60, outputDim: 8).validate() }
        #expect(throws: ModelError.self) { try ResNetConfig.inferred(from: ["visual.conv1.weight": [4, 3, 3, 3]]) }
        let model = try ResNetFixture.model()
        #expect(throws: ModelError.self) { try model.encodeImage(Tensor.zeros([1, 3, 32, 32])) }
        var config = try ResNetFixture.configs().0
        config.projectionDim = 16
        #expect(throws: ModelError.self) { try CLIP(config: config, resnet: try ResNetFixture.configs().1) }
    }
}
