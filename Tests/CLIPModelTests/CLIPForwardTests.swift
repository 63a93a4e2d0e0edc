import CLIPCore
import Foundation
import Testing
@testable import CLIPModel

/// A toy-sized config small enough for finite differences.
func tinyConfig(act: String = "gelu", eos: Int = 9) -> CLIPConfig {
    var c = CLIPConfig.make(textWidth: 8, textLayers: 1, textHeads: 2, visionWidth: 8, visionLayers: 1, visionHeads: 2,
                            patch: 4, image: 8, projection: 6, act: act, vocab: 10, context: 6, eos: eos)
    c.textConfig.intermediateSize = 12
    c.visionConfig.intermediateSize = 12
    return c
}

func tinyBatch(_ rng: inout RNG) -> (Tensor, [[Int]]) {
    let pixels = Tensor.randn([3, 3, 8, 8], rng: &rng)
    return (pixels, [[8, 1, 2, 9], [8, 3, 9], [8, 4, 5, 6, 9]])
}

@Suite("CLIP forward pass and gradients")
struct CLIPForwardTests {
    @Test("embeddings are unit vectors and logits are scaled cosines")
    func forwardShapes() throws {
        let model = try CLIP(config: tinyConfig(), parameters: .random(seed: 1))
        var rng = RNG(seed: 2)
        let (pixels, ids) = tinyBatch(&rng)
        let out = try GradMode.noGrad { try model(pixels: pixels, ids: ids) }
        #expect(out.imageEmbeds.shape == [3, 6] && out.textEmbeds.shape == [3, 6] && out.logitsPerImage.shape == [3, 3])
        for r in 0..<3 {
            let norm = (0..<6).map { out.imageEmbeds.data[r * 6 + $0] }.map { $0 * $0 }.reduce(0, +)
            #expect(abs(norm - 1) < 1e-5)
        }
        let scale = Foundation.exp(Float(2.6592))
        var cos: Float = 0
        for j in 0..<6 { cos += out.imageEmbeds.data[j] * out.textEmbeds.data[6 + j] }
        #expect(abs(out.logitsPerImage.data[1] - scale * cos) < 1e-4)
        #expect(out.logitsPerText.data[3] == out.logitsPerImage.data[1])
    }

    @Test("the pooled text state does not depend on padding or on what follows EOT")
    func paddingInvariance() throws {
        let model = try CLIP(config: tinyConfig(), parameters: .random(seed: 3))
        let alone = try GradMode.noGrad { try model.encodeText([[8, 1, 9]]) }
        let batched = try GradMode.noGrad { try model.encodeText([[8, 1, 9], [8, 2, 3, 4, 5, 9]]) }
        let trailing = try GradMode.noGrad { try model.encodeText([[8, 1, 9, 7, 7]]) }
        for j in 0..<6 {
            #expect(abs(alone.data[j] - batched.data[j]) < 1e-5)
            #expect(abs(alone.data[j] - trailing.data[j]) < 1e-5)
        }
    }

    @Test("argmax pooling (eos_token_id 2) and first-EOT pooling pick their positions",
          arguments: [(2, [1, 1, 3]), (9, [0, 1, 3])])
    func pooling(eos: Int, expected: [Int]) throws {
        let model = try CLIP(config: tinyConfig(eos: eos), parameters: .random(seed: 4))
        // Row 0 has no EOT (9): argmax takes the largest id, first-EOT takes position 0, as
        // transformers' and open_clip's (ids == eos).argmax() do.
        // Row 1 has two: both rules take the first. Row 2: EOT is also the largest id.
        #expect(model.text.poolPositions([[5, 8, 1], [1, 9, 9], [8, 1, 2, 9]]) == expected)
    }

    @Test("bad inputs and configs are errors, not crashes")
    func badInputs() throws {
        let model = try CLIP(config: tinyConfig(), parameters: .random(seed: 5))
        #expect(throws: ModelError.self) { try model.encodeImage(Tensor.zeros([1, 3, 16, 16])) }
        #expect(throws: ModelError.self) { try model.encodeText([[8, 99, 9]]) }
        #expect(throws: ModelError.self) { try model.encodeText([Array(repeating: 1, count: 7)]) }
        #expect(throws: ModelError.self) { try model.encodeText([]) }
        var bad = tinyConfig()
        bad.visionConfig.numAttentionHeads = 3
        #expect(throws: ModelError.self) { try CLIP(config: bad) }
        bad = tinyConfig(act: "swish")
        #expect(throws: ModelError.self) { try CLIP(config: bad) }
    }

    @Test("loss gradients through the whole toy CLIP match finite differences, for every kind of parameter")
    func fullModelGradients() throws {
        for act in ["gelu", "quick_gelu"] {
            let model = try CLIP(config: tinyConfig(act: act), parameters: .random(seed: 6))
            var rng = RNG(seed: 7)
            let (pixels, ids) = tinyBatch(&rng)
            // Perturb LN/bias parameters so no gradient hides behind a 0 or 1.
            for (name, p) in model.namedParameters() where name.contains("bias") || name.contains("norm") {
                for i in 0..<p.count { p.data[i] += rng.normal() * 0.1 }
            }
            func loss() throws -> Double {
                Double(try GradMode.noGrad { try model(pixels: pixels, ids: ids).loss().item })
            }
            model.parameters.forEach { $0.zeroGrad() }
            try model(pixels: pixels, ids: ids).loss().backward()
            var checked = 0
            for (name, p) in model.namedParameters() {
                let g = try #require(p.grad, "\(name) got no gradient")
                for i in Set([0, p.count / 2, p.count - 1]) {
                    // Small step: embeddings are ~0.02 wide and feed a LayerNorm.
                    let old = p.data[i], h: Float = 2e-3
                    p.data[i] = old + h; let up = try loss()
                    p.data[i] = old - h; let down = try loss()
                    p.data[i] = old
                    let numeric = Float((up - down) / Double(2 * h))
                    #expect(abs(g[i] - numeric) <= 2e-3 + 3e-2 * abs(numeric), "\(act) \(name)[\(i)]: \(g[i]) vs \(numeric)")
                    checked += 1
                }
            }
            #expect(checked > 60)
        }
    }

    @Test("duplicate captions: soft targets stop true matches being punished")
    func duplicateCaptions() {
        let t = ContrastiveLoss.targetMatrix(n: 3, groups: [0, 1, 0])
        #expect(t.data == [0.5, 0, 0.5, 0, 1, 0, 0.5, 0, 0.5])
        // Images 0 and 2 carry the same caption, so a matrix scoring both equally is perfect.
        let values: [Float] = [10, -10, 10, -10, 10, -10, 10, -10, 10]
        let soft = Tensor(shape: [3, 3], data: values, requiresGrad: true)
        let softLoss = ContrastiveLoss.symmetric(logitsPerImage: soft, captionGroups: [0, 1, 0])
        // Rows 0 and 2 sit at the entropy floor of a ½/½ target; row 1 is ~0.
        #expect(abs(softLoss.item - 2 * Float(Foundation.log(2.0)) / 3) < 1e-4)
        softLoss.backward()
        let hard = Tensor(shape: [3, 3], data: values, requiresGrad: true)
        ContrastiveLoss.symmetric(logitsPerImage: hard).backward()
        // Image 0 with caption 2 (the same caption) is a true match: soft targets leave it
        // alone, hard targets push its score down as if it were a negative.
        #expect(abs(soft.grad![2]) < 1e-6)
        #expect(hard.grad![2] > 0.1)
        let uniform = ContrastiveLoss.symmetric(logitsPerImage: Tensor.zeros([4, 4])).item
        #expect(abs(uniform - Float(Foundation.log(4.0))) < 1e-5)
    }

    @Test("parameter names are Hugging Face's and counts add up for ViT-B/32")
    func namesAndCounts() throws {
        let model = try CLIP(config: .vitB32, parameters: .empty)
        let names = Set(model.namedParameters().map(\.0))
        #expect(names.contains("vision_model.pre_layrnorm.weight"))
        #expect(names.contains("text_model.encoder.layers.11.self_attn.q_proj.bias"))
        #expect(names.count == model.namedParameters().count)
        let counts = model.parameterCounts
        #expect(counts.total == 151_277_313)
    }
}
