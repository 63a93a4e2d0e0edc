import CLIPData
import CLIPModel
import CLIPTraining
import Foundation

extension Command {
    static let model = Command(
        name: "model", group: .model,
        summary: "Draw the current model: two towers, two vectors, one cosine — with real shapes",
        help: """
        Draws the architecture of the paper (image encoder and text encoder side by side,
        meeting in a cosine similarity) filled in with the current model's shapes and
        parameter counts, then the path an image takes through the vision tower.

        Example: model
        """,
        json: true
    ) { context, args in
        let model = try context.currentModel()
        let c = model.clip.config
        let counts = model.clip.parameterCounts
        if args.json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys   // the same text every time
            let config = (try? encoder.encode(c)).flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
            return .json(.object([
                ("name", .string(model.displayName)), ("origin", .string(model.origin)),
                ("parameters", .object([("image", .int(counts.image)), ("text", .int(counts.text)), ("total", .int(counts.total))])),
                ("image_size", .int(c.visionConfig.imageSize)), ("patch_size", .int(c.visionConfig.patchSize)),
                ("context_length", .int(c.textConfig.maxPositionEmbeddings)), ("embed_dim", .int(c.projectionDim)),
                ("temperature_scale", .float(model.clip.temperatureScale)), ("config_json", .string(config)),
            ]))
        }
        let width = context.settings.width
        return Output(ModelSummary.diagram(model).render(width: width, style: context.style) + "\n\n"
                      + ModelSummary.imageFlow(model).render(width: width, style: context.style))
    }
}
