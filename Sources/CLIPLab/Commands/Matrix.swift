import CLIPCore
import CLIPModel
import CLIPViz
import Foundation

extension Command {
    static let matrix = Command(
        name: "matrix", group: .model,
        summary: "The N×N matching matrix of the batch: every image against every caption",
        help: """
        Encodes every image and caption of the batch and prints S = Î·Tᵀ, the cosine of
        image i (row) with caption j (column). Training wants the diagonal — the true
        pairs — to win each row and each column.
          --logits   multiply by the temperature scale e^t, as the loss sees them
          --probs    softmax of each row: how image i spreads its bet over the captions
                     (for a SigLIP model: σ(logit) of each pair on its own, a yes/no
                     answer — a row need not sum to 1)

        Example: batch scenes
                 matrix --probs
        """,
        options: [.logits, .probs],
        json: true
    ) { context, args in
        let model = try context.currentModel()
        let scores = try BatchScores(model: model, batch: try context.requireBatch(), isCancelled: context.isCancelled)
        let probs = scores.probabilities
        let siglip = scores.objective.kind == .siglip
        let unknown = ModelNotes.unknownWords(in: scores.captions, model: model)
        context.session.bindBatch(images: scores.imageEmbeds, texts: scores.textEmbeds, scores: scores.scores, loss: nil, by: "matrix")
        if args.json {
            return .json(.object([
                ("images", .strings(scores.imageLabels)), ("captions", .strings(scores.captions)),
                ("cosine", .matrix(scores.cosine)), ("logits_per_image", .matrix(scores.logits)),
                ("probs_per_image", .matrix(probs)), ("temperature_scale", .float(scores.scale)),
                ("objective", .string(scores.objective.kind.rawValue)), ("bias", .float(scores.objective.bias)),
            ] + ModelNotes.jsonFields(unknown: unknown, model: model)))
        }
        let (values, title): (Tensor, String) =
            args.flag(.probs) ? (probs, siglip ? "σ(logit) per pair: each an independent yes/no, rows need not sum to 1"
                                               : "softmax over captions, per image (row)")
            : args.flag(.logits) ? (scores.logits, siglip
                ? "logits = cosine × e^t + b (e^t = \(String(format: "%.2f", scores.scale)), b = \(String(format: "%.2f", scores.objective.bias)))"
                : "logits = cosine × e^t (e^t = \(String(format: "%.2f", scores.scale)))")
            : (scores.cosine, "cosine similarity S = Î·Tᵀ (rows: images, columns: captions)")
        let heatmap = Heatmap(SimilarityScores.rows(values), rowLabels: scores.imageLabels, columnLabels: scores.captions,
                              title: title, format: args.flag(.logits) ? nil : .fixed(2))
        context.console.show(png: Raster.heatmap(heatmap), text: title)
        return Output(ModelNotes.append([ModelNotes.unknownWords(unknown, model: model, style: context.style),
                                         ModelNotes.randomWeights(model, style: context.style)],
                                        to: heatmap.render(width: context.settings.width, style: context.style)))
    }
}

/// The options of this file's commands, read by name (`args.value(.x)`): a misspelt one does not compile.
extension Option {
    static let logits: Option = .flag("logits", help: "show e^t · cosine")
    static let probs: Option = .flag("probs", help: "show each row's softmax")
}
