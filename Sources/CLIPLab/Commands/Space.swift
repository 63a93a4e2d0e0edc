import CLIPCore
import CLIPViz
import Foundation

extension Command {
    static let space = Command(
        name: "space", group: .model,
        summary: "Draw the shared space: batch images (A, B, …) and captions (a, b, …) as points",
        help: """
        Image and caption embeddings are unit vectors in one space. With a 2-D toy model
        (train --embed-dim 2) they are drawn as they are, on the unit circle; otherwise
        they are projected onto their two main directions (PCA). Each image is joined to
        its caption: training pulls pairs together and pushes the rest apart.

        Example: batch scenes
                 space
        """,
        json: true
    ) { context, args in
        let model = try context.currentModel()
        let batch = try context.requireBatch()
        let images = try model.imageEmbeddings(batch.map(\.image), isCancelled: context.isCancelled)
        let texts = try model.textEmbeddings(batch.map(\.caption))
        let d = images.shape[1], n = batch.count
        let all = images.data + texts.data
        let (points, how) = d == 2 ? (all, "the 2-D space itself") : (Projection.pca2(all, rows: 2 * n, columns: d), "projected on its 2 main directions (PCA) from \(d)-D")
        if args.json {
            let pts = SpacePlot.points(points)
            return .json(.object([
                ("images", .array(pts.prefix(n).map { .array([.double($0.x), .double($0.y)]) })),
                ("texts", .array(pts.suffix(n).map { .array([.double($0.x), .double($0.y)]) })),
                ("projected", .bool(d != 2)),
            ]))
        }
        let pts = SpacePlot.points(points)
        let plot = SpacePlot(images: Array(pts.prefix(n)), texts: Array(pts.suffix(n)),
                             imageLabels: batch.map { ImageSources.label($0.image) }, textLabels: batch.map(\.caption),
                             unitCircle: d == 2, title: "shared space — \(how)")
        context.console.show(png: Raster.spacePlot(plot), text: plot.title ?? "shared space")
        return Output(plot.render(width: context.settings.width, style: context.style))
    }
}

/// Two-dimensional views of high-dimensional points.
enum Projection {
    /// Coordinates of `rows` points (`[rows, columns]` row-major) on their two principal
    /// directions, by power iteration on the covariance (deterministic start).
    static func pca2(_ x: [Float], rows: Int, columns d: Int) -> [Float] {
        var mean = [Double](repeating: 0, count: d)
        for r in 0..<rows { for j in 0..<d { mean[j] += Double(x[r * d + j]) / Double(rows) } }
        var centred = [Double](repeating: 0, count: rows * d)
        for r in 0..<rows { for j in 0..<d { centred[r * d + j] = Double(x[r * d + j]) - mean[j] } }
        func covTimes(_ v: [Double]) -> [Double] {
            var out = [Double](repeating: 0, count: d)
            for r in 0..<rows {
                var dot = 0.0
                for j in 0..<d { dot += centred[r * d + j] * v[j] }
                for j in 0..<d { out[j] += dot * centred[r * d + j] }
            }
            return out
        }
        var axes: [[Double]] = []
        for k in 0..<2 {
            var v = (0..<d).map { Double(($0 * 7 + k * 3) % 11) - 5 + 0.5 }
            for _ in 0..<100 {
                var w = covTimes(v)
                for a in axes { let p = zip(w, a).map(*).reduce(0, +); for j in 0..<d { w[j] -= p * a[j] } }
                let norm = w.map { $0 * $0 }.reduce(0, +).squareRoot()
                guard norm > 1e-12 else { break }
                v = w.map { $0 / norm }
            }
            axes.append(v)
        }
        var out = [Float]()
        for r in 0..<rows {
            for a in axes {
                var dot = 0.0
                for j in 0..<d { dot += centred[r * d + j] * a[j] }
                out.append(Float(dot))
            }
        }
        return out
    }
}
