import CLIPData
import CLIPImage
import CLIPModel
import CLIPTraining

extension Command {
    static let show = Command(
        name: "show", group: .image,
        summary: "Draw an image in the terminal",
        help: """
        Decodes a PNG or JPEG (or draws a toy-world picture, toy:SPEC) and shows it with
        half-block characters in 24-bit colour (two pixels per character), or as a
        greyscale character ramp when colour is off ('set color off', NO_COLOR, pipes).

        Example: show Examples/images/cat.jpg
                 show toy:two-green-triangles --width 32
        """,
        positionals: [Positional("IMAGE", completion: .files)],
        options: [.showWidth],
        json: true
    ) { context, args in
        let path = args.positionals[0]
        let columns = try args.int(.showWidth, default: min(context.settings.width, 64))
        let image: RGBImage
        if path.lowercased().hasPrefix(ToySpec.prefix) {
            image = try ToySpec.parse(path).render().image.rgbImage
        } else {
            image = try ImageIO.load(path: path)
        }
        if args.json {
            return .json(.object([("path", .string(path)), ("width", .int(image.width)), ("height", .int(image.height))]))
        }
        let picture = ANSIPreview.render(image, columns: columns, color: context.settings.color)
        context.console.show(image: image, text: "\(path) — \(image.width)×\(image.height)")
        return Output("\(path) — \(image.width)×\(image.height)\n" + picture)
    }
}

/// The options of this file's commands, read by name (`args.value(.x)`): a misspelt one does not compile.
extension Option {
    static let showWidth: Option = .integer("width", "N", in: 4...400, help: "columns to draw (default: the 'width' setting, at most 64)")
}
