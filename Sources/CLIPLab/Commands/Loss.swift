import CLIPCore
import CLIPData
import CLIPModel
import CLIPTraining
import CLIPViz
import Foundation

extension Command {
    static let loss = Command(
        name: "loss", group: .model,
        summary: "CLIP's symmetric contrastive loss on the batch, row by row and column by column",
        help: """
        For logits L = e^t · Î·Tᵀ, image i should pick caption i among all captions (a
        cross-entropy over row i) and caption j should pick image j among all images (over
        column j). The loss is the mean of the two directions:
            loss = ½ · (mean_i CE(row i, i) + mean_j CE(column j, j))
        ln N is what a model that cannot tell the pairs apart scores.

        Example: batch scenes
                 loss
        """,
        json: true
    ) { context, args in
        let model = try context.currentModel()
        let batch = try context.requireBatch()
        let scores = try BatchScores(model: model, batch: batch, isCancelled: context.isCancelled)
        let n = batch.count
        let parts = ContrastiveLoss.breakdown(logitsPerImage: scores.logits)
        let rowCE = parts.perImage.map(Double.init), colCE = parts.perText.map(Double.init)
        let imageToText = Double(parts.imageToText), textToImage = Double(parts.textToImage)
        let total = parts.total
        context.session.bindBatch(images: scores.imageEmbeds, texts: scores.textEmbeds, scores: scores.scores, loss: total, by: "loss")
        let chance = Foundation.log(Double(n))
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
