/// Word wrapping and packing by display width, for legends and captions.
///
/// ```
/// TextWrap.wrap("3/4 images pick their own text", width: 16)
/// // ["3/4 images pick", "their own text"]
/// TextWrap.pack(["[ ] pair", "◂ best"], width: 12)  // ["[ ] pair", "◂ best"]
/// ```
enum TextWrap {
    /// Words of `text` in lines of at most `width` columns (a longer word is elided).
    static func wrap(_ text: String, width: Int) -> [String] {
        let width = max(width, 1)
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true).map(String.init) {
            let word = DisplayWidth.elide(word, to: width)
            if line.isEmpty {
                line = word
            } else if DisplayWidth.of(line) + 1 + DisplayWidth.of(word) <= width {
                line += " " + word
            } else {
                lines.append(line)
                line = word
            }
        }
        if !line.isEmpty || lines.isEmpty { lines.append(line) }
        return lines
    }

    /// `text` broken first between ` · `-separated segments, then between words.
    ///
    /// `segments("ViT-B/32 · 12 layers", width: 10)` is `["ViT-B/32", "12 layers"]`.
    static func segments(_ text: String, width: Int) -> [String] {
        guard DisplayWidth.of(text) > width else { return [text] }
        var lines: [String] = []
        var line = ""
        for part in text.components(separatedBy: " · ") {
            if line.isEmpty {
                line = part
            } else if DisplayWidth.of(line) + 3 + DisplayWidth.of(part) <= width {
                line += " · " + part
            } else {
                lines.append(line)
                line = part
            }
        }
        lines.append(line)
        return lines.flatMap { DisplayWidth.of($0) > width ? wrap($0, width: width) : [$0] }
    }

    /// Already-styled pieces joined by two spaces, broken into lines that fit `width`.
    static func pack(_ pieces: [String], width: Int, style: Style) -> [String] {
        var lines: [String] = []
        var line = ""
        for var piece in pieces {
            if !style.isColored { piece = DisplayWidth.elide(piece, to: width) }
            if line.isEmpty {
                line = piece
            } else if DisplayWidth.of(line) + 2 + DisplayWidth.of(piece) <= width {
                line += "  " + piece
            } else {
                lines.append(line)
                line = piece
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}
