import CLIPImage
import CLIPViz

extension Console {
    /// Shows `raster` as an inline PNG where the front end can (the text form is printed as
    /// usual); the raster is only drawn then.
    ///
    /// Example: `context.console.show(png: Raster.heatmap(heatmap), text: "cosine matrix")`
    func show(png raster: @autoclosure () -> Raster, text: String, id: String? = nil, update: Bool = false) {
        guard showsRich else { return }
        let picture = raster()
        guard let bytes = try? ImageIO.pngData(RGBImage(width: picture.width, height: picture.height, pixels: picture.pixels)) else { return }
        show(RichOutput(png: bytes, text: text, id: id, update: update))
    }

    /// Shows an image file's pixels (or a toy picture) as an inline PNG where the front end can.
    func show(image: @autoclosure () -> RGBImage?, text: String) {
        guard showsRich, var image = image() else { return }
        // Toy pictures are 32 pixels: shown at least 128 wide, in whole steps.
        let factor = max(1, 128 / max(image.width, image.height, 1))
        if factor > 1 { image = image.resized(width: image.width * factor, height: image.height * factor) }
        guard let bytes = try? ImageIO.pngData(image) else { return }
        show(RichOutput(png: bytes, text: text))
    }

    /// Shows a table as HTML where the front end can (its text form is printed as usual).
    func show(table: Table, text: String) {
        guard showsRich else { return }
        let header = table.headers, rows = table.rows
        func escape(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        }
        var html = "<table>\n<thead><tr>" + header.map { "<th>\(escape($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for row in rows { html += "<tr>" + row.map { "<td>\(escape($0))</td>" }.joined() + "</tr>\n" }
        html += "</tbody>\n</table>"
        show(RichOutput(html: html, text: text))
    }

    /// Clears what the front end shows: the screen in a terminal, the cell's output in Jupyter.
    public func clearScreen() {
        if let presentClear { presentClear() } else if isTerminal { write("\u{1B}[2J\u{1B}[H") }
    }
}
