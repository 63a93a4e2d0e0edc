import CLIPCore
import CLIPData
import CLIPModel
import CLIPTraining
import CLIPViz
import Foundation

extension Command {
    static let loss = Command(
        name: "loss", group: .model,
        summary: "The model's loss on the batch, row by row and column by column (CLIP's softmax or SigLIP's sigmoid)",
        help: """
        For logits L = e^t · Î·Tᵀ, image i should pick caption i among all captions (a
        cross-entropy over row i) and caption j should pick image j among all images (over
        column j). The loss is the mean of the two directions:
            loss = ½ · (mean_i CE(row i, i) + mean_j CE(column j, j))
        ln N is what a model that cannot tell the pairs apart scores.

        A model trained with --objective siglip shows SigLIP's loss instead: every one of the
        N² pairs is its own yes/no question, σ(z·logit) with z = +1 for a true pair and −1
        otherwise, and loss = −Σ log σ(z·logit) / N, split into each row's and column's sum.

        Example: batch scenes
                 loss
        """,
        json: true
    ) { context, args in
        let model = try context.currentModel()
        let batch = try context.requireBatch()
        let scores = try BatchScores(model: model, batch: batch, isCancelled: context.isCancelled)
        if scores.objective.kind == .siglip { return LossView.sigmoid(scores, json: args.json, context: context) }
        let n = batch.count
        let parts = scores.loss
        let rowCE = parts.perImage.map(Double.init), colCE = parts.perText.map(Double.init)
        let imageToText = Double(parts.imageToText), textToImage = Double(parts.textToImage)
        let total = parts.total
        context.session.bindBatch(images: scores.imageEmbeds, texts: scores.textEmbeds, scores: scores.scores, loss: total, by: "loss")
        let chance = scores.objective.chanceLoss(n: n)
        if args.json {
            return .json(.object([
                ("loss", .double(Double(total))), ("image_to_text", .double(imageToText)), ("text_to_image", .double(textToImage)),
                ("per_image", .array(rowCE.map { .double($0) })), ("per_text", .array(colCE.map { .double($0) })),
                ("temperature_scale", .float(scores.scale)), ("chance", .double(chance)),
            ]))
        }
        let f = { (x: Double) in String(format: "%.3f", x) }
        var rows: [[String]] = []
        for i in 0..<n {
            rows.append([scores.imageLabels[i], f(Double(parts.rowProbability[i])), f(rowCE[i]),
                         CLIPViz.DisplayWidth.elide(scores.captions[i], to: 24), f(Double(parts.columnProbability[i])), f(colCE[i])])
        }
        let table = Table(headers: ["image i", "p(caption i)", "CE", "caption i", "p(image i)", "CE"], rows: rows)
        let verdict = Double(total) < chance * 0.5 ? "well below chance: the pairs are being told apart"
            : Double(total) < chance ? "below chance" : "at or above chance: the model cannot tell the pairs apart yet"
        return Output("""
            \(table.render(width: context.settings.width, style: context.style))
            image→text  (mean over rows)    \(f(imageToText))
            text→image  (mean over columns) \(f(textToImage))
            loss = ½·(\(f(imageToText)) + \(f(textToImage))) = \(f(Double(total)))   [ln \(n) = \(f(chance)) is chance; e^t = \(String(format: "%.2f", scores.scale))]
            \(verdict)
            """)
    }
}

/// The loss command's SigLIP view.
enum LossView {
    /// Each row's and column's sum of −log σ(z·logit), the positives against the negatives.
    static func sigmoid(_ scores: BatchScores, json: Bool, context: Context) -> Output {
        let parts = scores.loss, n = parts.perImage.count
        let positives = parts.rowProbability.reduce(0.0) { $0 - Foundation.log(max(Double($1), .leastNormalMagnitude)) }
        let total = Double(parts.total), negatives = max(0, total * Double(n) - positives)
        let chance = scores.objective.chanceLoss(n: n)
        if json {
            return .json(.object([
                ("objective", .string("siglip")), ("loss", .double(total)),
                ("per_image", .vector(parts.perImage)), ("per_text", .vector(parts.perText)),
                ("pair_probability", .vector(parts.rowProbability)),
                ("positives", .double(positives)), ("negatives", .double(negatives)),
                ("temperature_scale", .float(scores.scale)), ("bias", .float(scores.objective.bias)), ("chance", .double(chance)),
            ]))
        }
        let f = { (x: Double) in String(format: "%.3f", x) }
        let rows = (0..<n).map { i in
            [scores.imageLabels[i], f(Double(parts.rowProbability[i])), f(Double(parts.perImage[i])),
             CLIPViz.DisplayWidth.elide(scores.captions[i], to: 24), f(Double(parts.perText[i]))]
        }
        let table = Table(headers: ["image i", "σ(logit ii)", "row Σ", "caption i", "column Σ"], rows: rows)
        let verdict = total < chance * 0.5 ? "well below equal logits: the pairs are being told apart"
            : total < chance ? "below equal logits" : "at or above equal logits: the model cannot tell the pairs apart yet"
        return Output("""
            \(table.render(width: context.settings.width, style: context.style))
            sigmoid loss: each of the \(n * n) pairs is its own yes/no question, σ(z·logit), z = +1 for a true pair
            true pairs    (\(n))      Σ −log σ(logit)  = \(f(positives))
            other pairs   (\(n * n - n))  Σ −log σ(−logit) = \(f(negatives))
            loss = (\(f(positives)) + \(f(negatives))) / \(n) = \(f(total))   [\(f(chance)) if every pair had the same logit; e^t = \(String(format: "%.2f", scores.scale)), b = \(String(format: "%.2f", scores.objective.bias))]
            \(verdict)
            """)
    }
}
