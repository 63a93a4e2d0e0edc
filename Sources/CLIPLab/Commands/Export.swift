import CLIPCore
import CLIPModel
import CLIPImage
import CLIPViz
import Foundation

extension Command {
    static let export = Command(
        name: "export", group: .tools,
        summary: "Save the batch's matching matrix as a PNG",
        help: """
        export matrix FILE.png   the batch's cosine matrix as a coloured grid, labelled

        Example: batch scenes
                 export matrix matrix.png
        """,
        positionals: [Positional("WHAT", completion: .choices(["matrix"])), Positional("FILE", completion: .files)]
    ) { context, args in
        guard args.positionals[0] == "matrix" else {
            throw LabError.invalidValue(name: "WHAT", value: args.positionals[0], expected: "matrix")
        }
        let path = (args.positionals[1] as NSString).expandingTildeInPath
        let model = try context.currentModel()
        let scores = try BatchScores(model: model, batch: try context.requireBatch(), isCancelled: context.isCancelled)
        let heat = Heatmap(SimilarityScores.rows(scores.cosine), rowLabels: scores.imageLabels, columnLabels: scores.captions,
                           title: "cosine similarity", format: .fixed(2))
        let raster = Raster.heatmap(heat)
        try ImageIO.writePNG(RGBImage(width: raster.width, height: raster.height, pixels: raster.pixels), path: path)
        return Output("wrote \(raster.width)×\(raster.height) PNG to \(args.positionals[1])")
    }
}
