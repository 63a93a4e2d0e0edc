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
        // One traced forward pass: every stage printed below is what the model computed.
        let tokens = model.tokenize(batch.map(\.caption))
        let trace = try model.trace(images: batch.map(\.image), texts: batch.map(\.caption), isCancelled: context.isCancelled)
        context.session.bindBatch(images: trace.image.normalized, texts: trace.text.normalized, scores: trace.scores,
                                  loss: trace.loss?.total, by: "step")
        let tokenLines = tokens.map { t in t.tokens.joined(separator: " ") + "   → \(t.ids.count) ids" }
        guard show("captions → token ids", tokenLines.joined(separator: "\n")) else { return Output("stopped") }

        guard show("images → pixels \(ShapeFlow.shape(trace.pixels.shape))",
                   "resized, center-cropped to \(model.imageSize)×\(model.imageSize), normalised per channel") else { return Output("stopped") }

        if let v = clip.vision, let patches = trace.image.patches {
            guard show("pixels → patches \(ShapeFlow.shape(patches.shape))",
                       "\(v.config.gridSize)×\(v.config.gridSize) patches of \(v.config.patchSize)×\(v.config.patchSize)×3 values each, plus a CLS token in front → \(v.config.numPositions) tokens") else { return Output("stopped") }
            guard show("vision transformer → CLS state \(ShapeFlow.shape(trace.image.pooled.shape))",
                       "\(v.config.numHiddenLayers) layers of attention + MLP; the CLS token's final state sums up the picture") else { return Output("stopped") }
        } else {
            guard show("ResNet → attention pool \(ShapeFlow.shape(trace.image.pooled.shape))",
                       "convolution stem, four stages of bottlenecks, then one attention layer pools the feature map into a vector") else { return Output("stopped") }
        }

        guard show("text transformer → EOT state \(ShapeFlow.shape(trace.text.pooled.shape))",
                   "\(clip.config.textConfig.numHiddenLayers) causal layers; each caption is read at its end-of-text token") else { return Output("stopped") }

        let (imageUnit, textEmbeds) = (trace.image.normalized, trace.text.normalized)
        let spark = batch.indices.map { i in
            Sparkline(Array(imageUnit.data[(i * imageUnit.shape[1])..<((i + 1) * imageUnit.shape[1])]),
                      label: "Î\(i)").render(width: w, style: style)
        }
        guard show("project + L2-normalise → Î \(ShapeFlow.shape(imageUnit.shape)), T \(ShapeFlow.shape(textEmbeds.shape))",
                   spark.joined(separator: "\n")) else { return Output("stopped") }

        let cosine = trace.scores.cosine
        let labels = batch.map { ImageSources.label($0.image) }
        let heat = Heatmap(SimilarityScores.rows(cosine), rowLabels: labels, columnLabels: batch.map(\.caption),
                           title: "S = Î·Tᵀ", format: .fixed(2))
        guard show("cosine matrix S \(ShapeFlow.shape(cosine.shape))", heat.render(width: w, style: style)) else { return Output("stopped") }

        let scale = trace.scores.scale, objective = trace.scores.objective
        let loss = trace.loss?.total ?? .nan
        if objective.kind == .siglip {
            let b = objective.bias, f = { (x: Float) in String(format: "%.2f", x) }
            guard show("× e^t = \(f(scale)), + b = \(f(b)) → logits",
                       "the learned temperature and bias: cosines live in [-1, 1], logits in [\(f(b - scale)), \(f(b + scale))]") else { return Output("stopped") }
            _ = show("σ(z·logit) for each of the \(n * n) pairs → sigmoid loss",
                     "loss = −Σ log σ(z·logit) / \(n) = \(String(format: "%.3f", loss))   (z = +1 for a true pair, −1 otherwise; no softmax) — 'loss' shows it row by row")
            return .empty
        }
        guard show("× e^t = \(String(format: "%.2f", scale)) → logits",
                   "the learned temperature sharpens the softmax: cosines live in [-1, 1], logits in [-\(Int(scale)), \(Int(scale))]") else { return Output("stopped") }

        _ = show("softmax rows and columns → symmetric cross-entropy",
                 "loss = \(String(format: "%.3f", loss))   (ln \(n) = \(String(format: "%.3f", Foundation.log(Double(n)))) is chance) — 'loss' shows it row by row")
        return .empty
    }
}
