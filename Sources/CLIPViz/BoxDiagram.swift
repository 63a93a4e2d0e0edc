/// The CLIP architecture as boxes and arrows: two towers side by side, each arrow
/// labelled with its shape, meeting in the similarity box.
///
/// ```
///      image [1,3,224,224]            text [1,77]
///               ▼                          ▼
/// ┌─────────────────────────┐ ┌─────────────────────────┐
/// │ image encoder           │ │ text encoder            │
/// │ ViT-B/32 · 12 layers    │ │ 12 layers · width 512   │
/// │ 87.8M parameters        │ │ 63.2M parameters        │
/// └────────────┬────────────┘ └────────────┬────────────┘
///              ▼                           ▼
///       image vector [512]          text vector [512]
///              └─────────────┬─────────────┘
///                            ▼
///          ┌───────────────────────────────────┐
///          │ cosine similarity  S = Î·Tᵀ       │
///          └───────────────────────────────────┘
/// ```
/// Narrower than two boxes of 16 columns, the towers are stacked instead.
public struct BoxDiagram: Sendable {
    /// One encoder: what goes in, the box's lines, what comes out.
    public struct Tower: Sendable, Hashable {
        public var title: String
        public var lines: [String]
        public var input: String
        public var output: String
        public var parameters: Int?

        public init(title: String, lines: [String] = [], input: String, output: String, parameters: Int? = nil) {
            self.title = title
            self.lines = lines
            self.input = input
            self.output = output
            self.parameters = parameters
        }

        var boxLines: [String] {
            var all = [title] + lines
            if let parameters { all.append(ValueFormat.compact.string(Double(parameters)) + " parameters") }
            return all.map { $0.replacingNewlines() }
        }
    }

    public var image: Tower
    public var text: Tower
    /// Lines of the box where the two vectors meet.
    public var join: [String]
    public var title: String?

    public init(image: Tower, text: Tower, join: [String], title: String? = nil) {
        self.image = image
        self.text = text
        self.join = join
        self.title = title
    }

    public func render(width: Int = 80, style: Style = .plain) -> String {
        var out: [String] = []
        if let title { out.append(style.bold(DisplayWidth.elide(title, to: max(width, 1)))) }
        let gap = 2
        let content = max(image.boxLines.map(DisplayWidth.of).max() ?? 0, text.boxLines.map(DisplayWidth.of).max() ?? 0,
                          DisplayWidth.of(image.input), DisplayWidth.of(text.input),
                          DisplayWidth.of(image.output), DisplayWidth.of(text.output))
        let box = min(content + 4, (width - gap) / 2)
        if box >= 16 {
            out += sideBySide(box: box, gap: gap, width: width, style: style)
        } else {
            out += stacked(width: max(width, 8), style: style)
        }
        return out.joined(separator: "\n")
    }

    private func sideBySide(box: Int, gap: Int, width: Int, style: Style) -> [String] {
        let left = box / 2
        let right = box + gap + box / 2
        let arrow = style.muted("▼")
        var lines: [String] = []
        lines.append(Self.place([(left, image.input), (right, text.input)], centered: true, limit: box))
        lines.append(Self.place([(left, arrow), (right, arrow)]))
        let a = Self.box(image.boxLines, width: box, tee: true, style: style)
        let b = Self.box(text.boxLines, width: box, tee: true, style: style)
        for k in 0..<max(a.count, b.count) {
            let x = k < a.count ? a[k] : String(repeating: " ", count: box)
            let y = k < b.count ? b[k] : ""
            lines.append(Self.place([(0, x), (box + gap, y)]))
        }
        lines.append(Self.place([(left, arrow), (right, arrow)]))
        lines.append(Self.place([(left, style.bold(DisplayWidth.elide(image.output, to: box), style.theme.image)),
                                 (right, style.bold(DisplayWidth.elide(text.output, to: box), style.theme.text))],
                                centered: true, limit: box))
        let middle = (left + right) / 2
        let join = "└" + String(repeating: "─", count: middle - left - 1) + "┬"
            + String(repeating: "─", count: right - middle - 1) + "┘"
        lines.append(Self.place([(left, style.muted(join))]))
        lines.append(Self.place([(middle, arrow)]))
        let joinWidth = min((self.join.map(DisplayWidth.of).max() ?? 0) + 4, max(width, 8))
        let start = max(0, min(middle - joinWidth / 2, width - joinWidth))
        for line in Self.box(self.join, width: joinWidth, tee: false, style: style) {
            lines.append(Self.place([(start, line)]))
        }
        return lines
    }

    private func stacked(width: Int, style: Style) -> [String] {
        var lines: [String] = []
        let arrow = style.muted("▼")
        for (tower, color) in [(image, style.theme.image), (text, style.theme.text)] {
            lines.append(Self.place([(width / 2, tower.input)], centered: true, limit: width))
            lines.append(Self.place([(width / 2, arrow)]))
            lines += Self.box(tower.boxLines, width: width, tee: true, style: style)
            lines.append(Self.place([(width / 2, arrow)]))
            lines.append(Self.place([(width / 2, style.bold(DisplayWidth.elide(tower.output, to: width), color))],
                                    centered: true, limit: width))
            lines.append("")
        }
        lines.removeLast()
        lines.append(Self.place([(width / 2, arrow)]))
        lines += Self.box(join, width: width, tee: false, style: style)
        return lines
    }

    /// A box `width` columns wide around `lines` (wrapped at ` · ` and spaces to fit), with a `┬` under it if `tee`.
    static func box(_ lines: [String], width: Int, tee: Bool, style: Style) -> [String] {
        let inner = max(width - 4, 1)
        let bar = String(repeating: "─", count: max(width - 2, 0))
        var bottom = "└" + bar + "┘"
        if tee && width >= 3 {
            var chars = Array(bottom)
            chars[width / 2] = "┬"
            bottom = String(chars)
        }
        var out = [style.muted("┌" + bar + "┐")]
        for (k, line) in lines.enumerated() {
            for piece in TextWrap.segments(line.replacingNewlines(), width: inner) {
                let text = DisplayWidth.fit(piece, to: inner)
                out.append(style.muted("│") + " " + (k == 0 ? style.bold(text) : text) + " " + style.muted("│"))
            }
        }
        out.append(style.muted(bottom))
        return out
    }

    /// One line with each text starting at (or, `centered`, centred on) its column.
    /// Overlapping items are separated by one space; `limit` elides centred items.
    static func place(_ items: [(Int, String)], centered: Bool = false, limit: Int = .max) -> String {
        var line = ""
        for (column, raw) in items {
            let text = centered ? DisplayWidth.elide(raw, to: limit) : raw
            let w = DisplayWidth.of(text)
            let start = max(centered ? column - (w - 1) / 2 : column, 0)
            let used = DisplayWidth.of(line)
            line += String(repeating: " ", count: max(start - used, used > 0 && start < used ? 1 : 0)) + text
        }
        while line.last == " " { line.removeLast() }
        return line
    }
}
