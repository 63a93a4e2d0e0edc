import CLIPCore
import CLIPText
import Foundation
import Testing
@testable import CLIPModel
import CLIPTestSupport

/// Stage-by-stage parity with Hugging Face transformers on tiny random models whose biases
/// and LayerNorms are all perturbed (see Tests/Reference/make_model_fixtures.py).
/// Tolerances: hidden states, pooled outputs and embeddings ≤ 1e-4 absolute, logits ≤ 1e-3.
@Suite("Parity with transformers")
struct ParityTests {
    static let embeddingTolerance: Float = 1e-4
    static let logitTolerance: Float = 1e-3

    /// Compares every stage of `model` with the fixture `name`.
    static func checkStages(_ model: CLIP, _ name: String) throws {
        let pixels = try ModelFixtures.pixels(name)
        let inputs = try ModelFixtures.inputs(name)
        let values = try ModelFixtures.values(name)
        func expect(_ got: Tensor, _ array: String, _ tolerance: Float = embeddingTolerance) throws {
            let difference = maxAbsDifference(got, try ModelFixtures.expected(name, array))
            #expect(difference <= tolerance, "\(name) \(array): max |Δ| = \(difference)")
        }
        let vision = try #require(model.vision, "a ViT image tower")
        try GradMode.noGrad {
            var visionHidden: [Tensor]? = []
            try expect(vision(pixels, hidden: &visionHidden), "vision_pooled")
            #expect(visionHidden?.count == values.vision_hidden_states)
            for (i, h) in (visionHidden ?? []).enumerated() { try expect(h, "vision_hidden_\(i)") }

            var textHidden: [Tensor]? = []
            try expect(model.text(inputs.ids, hidden: &textHidden), "text_pooled")
            #expect(textHidden?.count == values.text_hidden_states)
            for (i, h) in (textHidden ?? []).enumerated() { try expect(h, "text_hidden_\(i)") }
            if let last = textHidden?.last { try expect(model.text.finalLayerNorm(last), "text_last_hidden") }

            try expect(model.encodeImage(pixels), "image_features")
            try expect(model.encodeText(inputs.ids), "text_features")
            let output = try model(pixels: pixels, ids: inputs.ids)
            try expect(output.imageEmbeds, "image_embeds")
            try expect(output.textEmbeds, "text_embeds")
            try expect(output.logitsPerImage, "logits_per_image", logitTolerance)
            #expect(abs(output.loss().item - values.loss) <= embeddingTolerance, "\(name) loss \(output.loss().item) vs \(values.loss)")
            #expect(abs(model.logitScale.item - values.logit_scale) <= 1e-6)
        }
    }

    @Test("A Hugging Face folder matches transformers at every stage", arguments: ModelFixtures.names)
    func huggingFaceFolder(name: String) throws {
        let checkpoint = try CheckpointLoader.load(ModelFixtures.hfFolder(name).path)
        #expect(checkpoint.naming == .huggingFace)
        try Self.checkStages(checkpoint.model, name)
    }

    @Test("Inference without a graph computes what the differentiable path computes", arguments: ModelFixtures.names)
    func inferenceMatchesGraph(name: String) throws {
        let model = try CheckpointLoader.load(ModelFixtures.hfFolder(name).path).model
        let pixels = try ModelFixtures.pixels(name), ids = try ModelFixtures.inputs(name).ids
        let graph = try model(pixels: pixels, ids: ids)
        let plain = try GradMode.noGrad { try model(pixels: pixels, ids: ids) }
        #expect(graph.logitsPerImage.requiresGrad && !plain.logitsPerImage.requiresGrad)
        #expect(maxAbsDifference(graph.imageEmbeds, plain.imageEmbeds) <= 1e-6)
        #expect(maxAbsDifference(graph.textEmbeds, plain.textEmbeds) <= 1e-6)
    }

    @Test("The fixture ids are what the model's tokenizer produces")
    func tokenizerIds() throws {
        let checkpoint = try CheckpointLoader.load(ModelFixtures.hfFolder("tiny-a").path)
        #expect(checkpoint.vocabulary == nil)
        let inputs = try ModelFixtures.inputs("tiny-a")
        let tokenizer = try checkpoint.tokenizer()
        #expect(inputs.captions.map { tokenizer.encode($0, contextLength: 77).ids } == inputs.ids)
    }

    @Test("Stored types are reported: F32 with an F16 embedding, and BF16 with int64 buffers skipped")
    func storedTypes() throws {
        #expect(try CheckpointLoader.load(ModelFixtures.hfFolder("tiny-a").path).storedTypes == ["F16", "F32"])
        #expect(try CheckpointLoader.load(ModelFixtures.hfFolder("tiny-b").path).storedTypes == ["BF16", "I64"])
    }

    @Test("The same weights in OpenAI naming load to identical parameters and outputs", arguments: ModelFixtures.names)
    func openAINaming(name: String) throws {
        let hf = try CheckpointLoader.load(ModelFixtures.hfFolder(name).path).model
        // tiny-a is a bare file whose 8-wide text tower defeats the 64-wide-heads rule, so its
        // config is given; tiny-b has open_clip_config.json beside it.
        let config: CLIPConfig? = name == "tiny-a" ? hf.config : nil
        let openAI = try CheckpointLoader.loadOpenAI(file: ModelFixtures.openAIFile(name), config: config)
        #expect(openAI.naming == .openAI)
        let a = hf.namedParameters(), b = openAI.model.namedParameters()
        #expect(a.map(\.0) == b.map(\.0))
        for ((key, x), (_, y)) in zip(a, b) { #expect(x.data == y.data, "\(key) differs") }
        try Self.checkStages(openAI.model, name)
    }

    @Test("open_clip_config.json sets activation, heads and pooling of an OpenAI-named file")
    func openCLIPConfig() throws {
        let config = try CheckpointLoader.load(ModelFixtures.openAIFile("tiny-b").path).model.config
        #expect(config.visionConfig.hiddenAct == "gelu" && config.textConfig.hiddenAct == "gelu")
        #expect(config.visionConfig.numAttentionHeads == 3 && config.textConfig.numAttentionHeads == 4)
        #expect(config.textConfig.poolsAtArgmax)
        #expect(config.visionConfig.imageSize == 48 && config.visionConfig.patchSize == 16)
        #expect(config.visionConfig.intermediateSize == 80 && config.textConfig.intermediateSize == 24)
        #expect(config.projectionDim == 24 && config.visionConfig.numHiddenLayers == 3)
    }

    @Test("Architecture is inferred from OpenAI shapes as build_model does", arguments: [
        ("vit-b-32", CLIPConfig.vitB32), ("vit-b-16", CLIPConfig.vitB16), ("vit-l-14-336", CLIPConfig.vitL14_336),
    ])
    func inferredArchitecture(name: String, config: CLIPConfig) throws {
        let model = try CLIP(config: config, parameters: .unfilled)
        var shapes: [String: [Int]] = [:]
        for (key, parameter) in model.namedParameters() {
            let source = WeightMap.source(for: key, naming: .openAI)
            shapes[source.key] = source.storedShape(for: parameter.shape)
        }
        #expect(shapes.count == model.namedParameters().count - 2 * (12 + config.visionConfig.numHiddenLayers) * 2,
                "q, k and v share one in_proj weight and bias per layer")
        let inferred = try OpenAIArchitecture.config(keys: Array(shapes.keys), shape: { shapes[$0] },
                                                     openCLIPConfig: nil, file: name)
        #expect(inferred == config)
    }

    @Test("The weight map names OpenAI keys and orientations")
    func weightMapEntries() {
        let cases: [(String, String, WeightSource.Transform)] = [
            ("vision_model.embeddings.patch_embedding.weight", "visual.conv1.weight", .identity),
            ("vision_model.pre_layrnorm.bias", "visual.ln_pre.bias", .identity),
            ("vision_model.encoder.layers.11.self_attn.v_proj.weight", "visual.transformer.resblocks.11.attn.in_proj_weight", .rows(part: 2, parts: 3)),
            ("text_model.encoder.layers.0.self_attn.k_proj.bias", "transformer.resblocks.0.attn.in_proj_bias", .rows(part: 1, parts: 3)),
            ("text_model.encoder.layers.3.self_attn.out_proj.weight", "transformer.resblocks.3.attn.out_proj.weight", .identity),
            ("text_model.encoder.layers.3.mlp.fc2.bias", "transformer.resblocks.3.mlp.c_proj.bias", .identity),
            ("text_model.encoder.layers.3.layer_norm2.weight", "transformer.resblocks.3.ln_2.weight", .identity),
            ("visual_projection.weight", "visual.proj", .transpose),
            ("text_projection.weight", "text_projection", .transpose),
            ("text_model.final_layer_norm.weight", "ln_final.weight", .identity),
        ]
        for (hf, openAI, transform) in cases {
            #expect(WeightMap.source(for: hf, naming: .openAI) == WeightSource(key: openAI, transform: transform))
            #expect(WeightMap.source(for: hf, naming: .huggingFace) == WeightSource(key: hf, transform: .identity))
        }
    }
}
