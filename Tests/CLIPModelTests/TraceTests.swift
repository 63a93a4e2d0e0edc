import CLIPCore
import CLIPText
import Foundation
import Testing
@testable import CLIPModel

/// The stages `step`, `loss` and the lessons print are the ones the model computes.
@Suite("Forward trace and loss breakdown")
struct TraceTests {
    @Test("the trace's stages are the forward pass's own values, layer by layer")
    func traceMatchesForward() throws {
        let model = try CLIP(config: tinyConfig(), parameters: .random(seed: 3))
        var rng = RNG(seed: 4)
        let (pixels, ids) = tinyBatch(&rng)
        let trace = try model.trace(pixels: pixels, ids: ids, layers: true)
        let out = try GradMode.noGrad { try model(pixels: pixels, ids: ids) }
        #expect(trace.image.normalized.data == out.imageEmbeds.data)
        #expect(trace.text.normalized.data == out.textEmbeds.data)
        #expect(trace.scores.logits.data == out.logitsPerImage.data)
        // [3,3,8,8] in 4×4 patches -> [3, 4, 48]; with CLS and positions -> [3, 5, 8]
        #expect(trace.image.patches?.shape == [3, 4, 48] && trace.image.embeddings?.shape == [3, 5, 8])
        #expect(trace.image.layers.count == 1 && trace.image.layers[0].shape == [3, 5, 8])
        #expect(trace.text.layers.count == 1 && trace.text.embeddings?.shape[0] == 3)
        #expect(trace.image.pooled.shape == [3, 8] && trace.image.projected.shape == [3, 6])
        #expect(trace.poolPositions == [3, 2, 4])
        // Hidden states equal Hugging Face's hidden_states as the tower reports them.
        var hidden: [Tensor]? = []
        _ = GradMode.noGrad { model.vision!(pixels, hidden: &hidden) }
        #expect(hidden?.last?.data == trace.image.layers.last?.data)
        let loss = GradMode.noGrad { out.loss().item }
        #expect(abs((trace.loss?.total ?? .nan) - loss) < 1e-5)
    }

    @Test("without layers the trace keeps no layer outputs; a non-square batch has no loss")
    func lightTrace() throws {
        let model = try CLIP(config: tinyConfig(), parameters: .random(seed: 3))
        var rng = RNG(seed: 5)
        let (pixels, ids) = tinyBatch(&rng)
        let trace = try model.trace(pixels: pixels, ids: Array(ids.prefix(2)))
        #expect(trace.image.layers.isEmpty && trace.text.layers.isEmpty)
        #expect(trace.scores.cosine.shape == [3, 2] && trace.loss == nil)
    }

    @Test("the breakdown's rows and columns average to the symmetric loss, soft targets included",
          arguments: [nil, [0, 1, 0, 2]] as [[Int]?])
    func breakdownMatchesLoss(_ groups: [Int]?) {
        var rng = RNG(seed: 9)
        let logits = Tensor.randn([4, 4], rng: &rng).scaled(20)   // peaked rows: large logit gaps
        let parts = ContrastiveLoss.breakdown(logitsPerImage: logits, captionGroups: groups)
        let loss = GradMode.noGrad { ContrastiveLoss.symmetric(logitsPerImage: logits, captionGroups: groups).item }
        #expect(abs(parts.total - loss) < 1e-4 * max(1, abs(loss)))
        #expect(parts.perImage.count == 4 && parts.perText.count == 4)
    }

    @Test("worked example: [[2,0],[0,2]] gives p = e²/(e²+1) and CE = ln(1+e⁻²) everywhere")
    func workedExample() {
        let parts = ContrastiveLoss.breakdown(logitsPerImage: Tensor(shape: [2, 2], data: [2, 0, 0, 2]))
        let p = Float(Foundation.exp(2.0) / (Foundation.exp(2.0) + 1)), ce = Float(Foundation.log(1 + Foundation.exp(-2.0)))
        for i in 0..<2 {
            #expect(abs(parts.rowProbability[i] - p) < 1e-6 && abs(parts.columnProbability[i] - p) < 1e-6)
            #expect(abs(parts.perImage[i] - ce) < 1e-6 && abs(parts.perText[i] - ce) < 1e-6)
        }
        #expect(abs(parts.total - ce) < 1e-6)
    }
}
