import CLIPCore
import CLIPImage
import CLIPModel
import CLIPTraining
import CLIPViz
import Foundation

extension Command {
    static let explain = Command(
        name: "explain", group: .model,
        summary: "Where in a picture a caption matches: a relevance map over its patches",
        help: """
        Computes a relevance map with Grad-CAM (Selvaraju et al., 2017) on the image tower's
        patch tokens as they enter its last layer: the gradient of the image–caption cosine
        weights each channel, and the map is ReLU of the weighted sum per patch, scaled to a
        maximum of 1. It works for the toy model and ViT checkpoints; a ResNet tower is not
        supported. The map is drawn as heat over the half-block picture (a digit grid when
        colour is off), --png writes the overlay, --json gives the grid. Measure it with
        'eval pointing'.

        Example: explain toy:small-red-circle-left "a red circle" --png heat.png
                 explain Examples/images/cat.jpg "a photo of a cat" --model openai/clip-vit-base-patch32 --json
        """,
        positionals: [Positional("IMAGE", completion: .files), Positional("CAPTION")],
        options: [.model,
                  .explainPng,
                  .explainWidth,
                  .resizeOrder],
        json: true
    ) { context, args in
        let source = args.positionals[0], caption = args.positionals[1]
        let columns = try args.int(.explainWidth, default: min(context.settings.width, 48))
        let choice = try context.commandModel(args), model = choice.pipeline
        // Decoded once, as the model's preprocessing needs it: the model sees exactly what
        // classify and embed give it, and the drawing is the centred square of the same picture.
        let image = try model.image(source)
        let picture = ExplainView.modelView(image)
        let pixels = model.preprocess.batch([image])
        let text = try model.textEmbeddings([caption]).data
        let map = try RelevanceMap.gradCAM(model: model.clip, pixels: pixels, caption: text)
        if let png = args.value(.explainPng) {
            let overlay = ExplainView.overlay(picture.resized(width: max(256, picture.width), height: max(256, picture.height)), map)
            do {
                try ImageIO.writePNG(overlay, path: (png as NSString).expandingTildeInPath)
            } catch {
                throw LabError.file(path: png, reason: "cannot write the overlay (\(error))")
            }
        }
        context.console.show(image: ExplainView.overlay(picture.resized(width: max(256, picture.width), height: max(256, picture.height)), map),
                             text: "Grad-CAM of \"\(caption)\"")
        let rows = (0..<map.grid).map { r in Array(map.values[(r * map.grid)..<((r + 1) * map.grid)]) }
        if args.json {
            return .json(.object([("image", .string(source)), ("caption", .string(caption)), ("score", .float(map.score)),
                                  ("method", .string("grad-cam")), ("grid", .int(map.grid)),
                                  ("peak", .array([.int(map.peak.row), .int(map.peak.column)])),
                                  ("relevance", .array(rows.map { .array($0.map { .float($0) }) }))] + choice.jsonFields))
        }
        var out = [String(format: "\"%@\" on %@ — cosine %.4f, Grad-CAM over %d×%d patches, peak at row %d, column %d",
                          caption, ImageSources.label(source), map.score, map.grid, map.grid, map.peak.row + 1, map.peak.column + 1)]
        if context.settings.color {
            out.append(ANSIPreview.render(ExplainView.overlay(picture.resized(width: columns, height: columns), map),
                                          columns: columns, color: true))
        } else {
            out.append(ExplainView.digits(map))
        }
        if let png = args.value(.explainPng) { out.append("wrote the overlay to \(png)") }
        if let note = choice.line(context.style) { out.append(note) }
        return Output(out.joined(separator: "\n"))
    }
}

/// Drawing of relevance maps for `explain`.
enum ExplainView {
    /// Low relevance stays the picture; high relevance turns it hot.
    static let heat = ColorScale(stops: [RGB(40, 40, 170), RGB(250, 200, 20), RGB(255, 40, 0)])

    /// The square the model sees: the centred square of the picture (what resize + centre crop keep).
    static func modelView(_ image: RGBImage) -> RGBImage {
        let side = min(image.width, image.height)
        guard image.width != image.height else { return image }
        return image.cropped(x: (image.width - side) / 2, y: (image.height - side) / 2, width: side, height: side)
    }

    /// `image` with each patch's heat blended over it (more opaque where more relevant).
    static func overlay(_ image: RGBImage, _ map: RelevanceMap) -> RGBImage {
        var out = image
        let g = map.grid
        for y in 0..<image.height {
            for x in 0..<image.width {
                let v = Double(map.values[min(g - 1, y * g / image.height) * g + min(g - 1, x * g / image.width)])
                let a = 0.15 + 0.6 * v, h = heat.color(at: v), p = image[x, y]
                let k = (y * image.width + x) * 3
                out.pixels[k] = UInt8((Double(p.red) * (1 - a) + Double(h.r) * a).rounded())
                out.pixels[k + 1] = UInt8((Double(p.green) * (1 - a) + Double(h.g) * a).rounded())
                out.pixels[k + 2] = UInt8((Double(p.blue) * (1 - a) + Double(h.b) * a).rounded())
            }
        }
        return out
    }

    /// The map as digits 0–9 (tenths of the maximum), `*` marking the peak: the colourless view.
    static func digits(_ map: RelevanceMap) -> String {
        let peak = map.peak
        var lines: [String] = []
        for r in 0..<map.grid {
            var line = ""
            for c in 0..<map.grid {
                let level = min(9, Int(map.values[r * map.grid + c] * 10))
                line += r == peak.row && c == peak.column ? " *" : " \(level)"
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}

/// The options of this file's commands, read by name (`args.value(.x)`): a misspelt one does not compile.
extension Option {
    static let explainPng: Option = .value("png", "OUT.png", completion: .files, help: "write the picture with the map over it")
    static let explainWidth: Option = .integer("width", "N", in: 8...400, help: "columns to draw (default: the 'width' setting, at most 48)")
}
