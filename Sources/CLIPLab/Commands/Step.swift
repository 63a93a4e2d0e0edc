import CLIPCore
import CLIPData
import CLIPModel
import CLIPTraining
import CLIPViz
import Foundation

extension Command {
    static let step = Command(
        name: "step", group: .model,
        summary: "Walk through one whole CLIP forward pass on the batch, stage by stage",
        help: """
        Runs the batch through the model one stage at a time — tokens, pixels, patches,
        both towers, the projections, normalisation, the cosine matrix, the temperature,
        and the two cross-entropies — printing each stage's shape and values. In a
        terminal it waits for Enter between stages (q stops).

        Example: batch scenes
                 step
        """
    ) { context, _ in
        let model = try context.currentModel()
        let batch = try context.requireBatch()
        let clip = model.clip, n = batch.count, w = context.settings.width, style = context.style
        let console = context.console
        var stage = 0
        func show(_ title: String, _ body: String) -> Bool {
            stage += 1
            console.line("── \(stage). \(title) " + String(repeating: "─", count: max(0, min(w, 72) - CLIPViz.DisplayWidth.of(title) - 6)))
            console.line(body)
            if context.isCancelled() { return false }
            return console.waitForEnter()
        }
        let tokens = model.tokenize(batch.map(\.caption))
        let tokenLines = tokens.map { t in t.tokens.joined(separator: " ") + "   → \(t.ids.count) ids" }
        guard show("captions → token ids", tokenLines.joined(separator: "\n")) else { return Output("stopped") }

        let pixels = try model.pixels(batch.map(\.image), isCancelled: context.isCancelled)
        guard show("images → pixels \(ShapeFlow.shape(pixels.shape))",
                   "resized, center-cropped to \(model.imageSize)×\(model.imageSize), normalised per channel") else { return Output("stopped") }

        let imageEmbeds: Tensor
        if let v = clip.vision, let projection = clip.visualProjection {
            let patches = v.patchify(pixels)
            guard show("pixels → patches \(ShapeFlow.shape(patches.shape))",
                       "\(v.config.gridSize)×\(v.config.gridSize) patches of \(v.config.patchSize)×\(v.config.patchSize)×3 values each, plus a CLS token in front → \(v.config.numPositions) tokens") else { return Output("stopped") }
            let features = try GradMode.noGrad { () throws -> Tensor in
                var none: [Tensor]? = nil
                try v.check(pixels: pixels)
                return v(pixels, hidden: &none)
            }
            guard show("vision transformer → CLS state \(ShapeFlow.shape(features.shape))",
                       "\(v.config.numHiddenLayers) layers of attention + MLP; the CLS token's final state sums up the picture") else { return Output("stopped") }
            imageEmbeds = GradMode.noGrad { features.matmul(projection, transposeOther: true) }
        } else {
            imageEmbeds = try GradMode.noGrad { try clip.encodeImage(pixels) }
            guard show("ResNet → attention pool \(ShapeFlow.shape(imageEmbeds.shape))",
                       "convolution stem, four stages of bottlenecks, then one attention layer pools the feature map into a vector") else { return Output("stopped") }
        }

        let textFeatures = try GradMode.noGrad { () throws -> Tensor in
            var none: [Tensor]? = nil
            try clip.text.check(ids: tokens.map(\.ids))
            return clip.text(tokens.map(\.ids), hidden: &none)
        }
        guard show("text transformer → EOT state \(ShapeFlow.shape(textFeatures.shape))",
                   "\(clip.config.textConfig.numHiddenLayers) causal layers; each caption is read at its end-of-text token") else { return Output("stopped") }

        let (imageUnit, textEmbeds) = GradMode.noGrad {
            (imageEmbeds.l2Normalized(), textFeatures.matmul(clip.textProjection, transposeOther: true).l2Normalized())
        }
        let spark = batch.indices.map { i in
            Sparkline(Array(imageUnit.data[(i * imageUnit.shape[1])..<((i + 1) * imageUnit.shape[1])]),
                      label: "Î\(i)").render(width: w, style: style)
        }
        guard show("project + L2-normalise → Î \(ShapeFlow.shape(imageUnit.shape)), T \(ShapeFlow.shape(textEmbeds.shape))",
                   spark.joined(separator: "\n")) else { return Output("stopped") }

        let cosine = GradMode.noGrad { imageUnit.matmul(textEmbeds, transposeOther: true) }
        let labels = batch.map { ImageSources.label($0.image) }
        let heat = Heatmap(BatchScores.rows(cosine), rowLabels: labels, columnLabels: batch.map(\.caption),
                           title: "S = Î·Tᵀ", format: .fixed(2))
        guard show("cosine matrix S \(ShapeFlow.shape(cosine.shape))", heat.render(width: w, style: style)) else { return Output("stopped") }

        let scale = clip.temperatureScale
        let logits = cosine.scaled(scale)
        guard show("× e^t = \(String(format: "%.2f", scale)) → logits",
                   "the learned temperature sharpens the softmax: cosines live in [-1, 1], logits in [-\(Int(scale)), \(Int(scale))]") else { return Output("stopped") }

        let loss = GradMode.noGrad { ContrastiveLoss.symmetric(logitsPerImage: logits).item }
        _ = show("softmax rows and columns → symmetric cross-entropy",
                 "loss = \(String(format: "%.3f", loss))   (ln \(n) = \(String(format: "%.3f", Foundation.log(Double(n)))) is chance) — 'loss' shows it row by row")
        return .empty
    }
}
