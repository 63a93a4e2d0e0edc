import CLIPModel
import Foundation
import Testing

@Suite("Config limits")
struct ConfigLimitsTests {
    static func small() -> CLIPConfig {
        var c = CLIPConfig.vitB32
        c.textConfig.hiddenSize = 16; c.textConfig.intermediateSize = 24; c.textConfig.numAttentionHeads = 2
        c.textConfig.numHiddenLayers = 2; c.textConfig.vocabSize = 50; c.textConfig.maxPositionEmbeddings = 9
        c.visionConfig.hiddenSize = 12; c.visionConfig.intermediateSize = 20; c.visionConfig.numAttentionHeads = 3
        c.visionConfig.numHiddenLayers = 1; c.visionConfig.imageSize = 24; c.visionConfig.patchSize = 8
        c.projectionDim = 6
        return c
    }

    @Test("parameterCount is what building the model allocates")
    func parameterCount() throws {
        let config = Self.small()
        #expect(config.parameterCount == (try CLIP(config: config)).parameterCounts.total)
        #expect(CLIPConfig.vitB32.parameterCount == 151_277_313)      // openai/clip-vit-base-patch32
        #expect(CLIPConfig.vitL14.parameterCount == 427_616_513)      // openai/clip-vit-large-patch14
    }

    static let hostile: [(String, CLIPConfig)] = {
        func with(_ change: (inout CLIPConfig) -> Void) -> CLIPConfig { var c = CLIPConfig.vitB32; change(&c); return c }
        return [
            ("text_config.hidden_size", with { $0.textConfig.hiddenSize = 1 << 40 }),
            ("text_config.vocab_size", with { $0.textConfig.vocabSize = Int.max }),
            ("text_config.num_hidden_layers", with { $0.textConfig.numHiddenLayers = 100_000 }),
            ("text_config.max_position_embeddings", with { $0.textConfig.maxPositionEmbeddings = -3 }),
            ("vision_config.image_size", with { $0.visionConfig.imageSize = 1_000_000 }),
            ("vision_config.patch_size", with { $0.visionConfig.patchSize = 0 }),
            ("vision_config.num_channels", with { $0.visionConfig.numChannels = 4 }),
            ("vision_config.layer_norm_eps", with { $0.visionConfig.layerNormEps = .nan }),
            ("projection_dim", with { $0.projectionDim = 1 << 50 }),
        ]
    }()

    @Test("Sizes a hostile config.json declares are refused before anything is allocated", arguments: hostile)
    func refused(key: String, config: CLIPConfig) {
        #expect {
            try config.checkLimits()
        } throws: { error in
            let text = "\(error)"
            return text.contains(key) && !text.contains("\n")
        }
        #expect(throws: (any Error).self) { try CLIP(config: config) }
        #expect(throws: Never.self) { try CLIPConfig.vitL14_336.checkLimits() }
    }
}
