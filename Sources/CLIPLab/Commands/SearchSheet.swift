import CLIPImage
import CLIPTraining
import CLIPViz
import Foundation

/// How `search` shows its results: thumbnails in the terminal, a contact sheet as PNG.
enum SearchSheet {
    /// Thumbnail width in terminal columns.
    static let thumbColumns = 12
    /// Contact-sheet cell: a square thumbnail and two text lines under it.
    static let cell = 128, gap = 8, textHeight = 22

    /// Each hit as a thumbnail with its rank, score and path beside it; a picture that
    /// cannot be read again shows as a blank square.
    static func terminal(_ hits: [SearchIndex.Hit], root: URL, color: Bool) -> String {
        var blocks: [String] = []
        for (rank, hit) in hits.enumerated() {
            let info = String(format: "%2d. %.4f  ", rank + 1, hit.score) + hit.file
            let thumb = (try? ImageIO.load(path: root.path + "/" + hit.file))
                .map { ANSIPreview.render($0, columns: thumbColumns, color: color).components(separatedBy: "\n") }
                ?? Array(repeating: String(repeating: " ", count: thumbColumns), count: thumbColumns / 2)
            var lines: [String] = []
            for (i, row) in thumb.enumerated() { lines.append(row + (i == 0 ? "  " + info : "")) }
            blocks.append(lines.joined(separator: "\n"))
        }
        return blocks.joined(separator: "\n")
    }

    /// Writes a grid of the hits (up to 5 a row), each with its file name and score.
    static func write(_ hits: [SearchIndex.Hit], root: URL, title: String, to path: String) throws {
        let raster = sheet(hits, root: root, title: title)
        do {
            try ImageIO.writePNG(RGBImage(width: raster.width, height: raster.height, pixels: raster.pixels), path: path)
        } catch {
            throw LabError.file(path: path, reason: "cannot write the contact sheet (\(error))")
        }
    }

    /// The contact sheet: a grid of the hits (up to 5 a row), each with its file name and score.
    static func sheet(_ hits: [SearchIndex.Hit], root: URL, title: String) -> Raster {
        let columns = max(1, min(5, hits.count)), rows = max(1, (hits.count + columns - 1) / columns)
        let header = 20
        var raster = Raster(width: gap + columns * (cell + gap),
                            height: header + rows * (cell + textHeight + gap) + gap, background: .white)
        raster.text(Raster.fit("search: " + title, maxWidth: raster.width - 2 * gap), x: gap, y: 6, color: .black)
        for (i, hit) in hits.enumerated() {
            let x = gap + (i % columns) * (cell + gap), y = header + (i / columns) * (cell + textHeight + gap)
            raster.fill(x: x, y: y, width: cell, height: cell, color: RGB(235, 235, 235))
            if let image = try? ImageIO.load(path: root.path + "/" + hit.file) {
                paste(image, into: &raster, x: x, y: y)
            }
            let name = (hit.file as NSString).lastPathComponent
            raster.text(Raster.fit(name, maxWidth: cell), x: x, y: y + cell + 3, color: .black)
            raster.text(String(format: "%d. %.4f", i + 1, hit.score), x: x, y: y + cell + 12, color: RGB(90, 90, 90))
        }
        return raster
    }

    /// Draws `image` fitted (aspect kept) and centred in the `cell`×`cell` square at (x, y).
    static func paste(_ image: RGBImage, into raster: inout Raster, x: Int, y: Int) {
        let scale = Double(cell) / Double(max(image.width, image.height))
        let w = max(1, Int(Double(image.width) * scale)), h = max(1, Int(Double(image.height) * scale))
        let small = image.resized(width: w, height: h)
        let ox = x + (cell - w) / 2, oy = y + (cell - h) / 2
        for py in 0..<h {
            for px in 0..<w {
                let p = small[px, py]
                raster[ox + px, oy + py] = RGB(p.red, p.green, p.blue)
            }
        }
    }
}
