/// How a `Heatmap` is laid out at a given width: label width, cell kind and size,
/// whether the `best` column and numbered column headers are used.
///
/// ```
/// values(shade)  "[▓ 0.31]◂"   9 + 1 columns per cell
/// values         "[0.31]◂"     6 + 1
/// shades         "[▓]◂"        3 + 1
/// blocks(2)      "▓▓"          2
/// blocks(1)      "▓"           1
/// ```
struct HeatmapLayout {
    enum Cells: Equatable { case values(shade: Bool), shades, blocks(Int) }

    var cells: Cells
    var labelWidth: Int
    var cellWidth: Int
    var separator: Int
    var showBest: Bool
    var bestWidth: Int
    var numbered: Bool
    /// Width of the printed numbers inside a value cell.
    var valueWidth: Int = 0

    func lineWidth(columns: Int) -> Int {
        labelWidth + 1 + columns * (cellWidth + separator) + (showBest ? 1 + bestWidth : 0)
    }

    /// The richest layout that fits `width`; the most compact one when nothing does.
    static func choose(for grid: Heatmap.Grid, width: Int, colored: Bool) -> HeatmapLayout {
        let valueWidth = grid.text.flatMap { $0 }.map(DisplayWidth.of).max() ?? 1
        let rowMax = max(grid.rowLabels.map(DisplayWidth.of).max() ?? 1, 1)
        let columnMax = max(grid.columnLabels.map(DisplayWidth.of).max() ?? 1, 1)
        let bestWidth = min(columnMax, 8) + 2
        let canBest = grid.bestAxis == .row
        var candidates: [HeatmapLayout] = []
        func add(_ cells: Cells, label: Int, best: Bool, base: Int, separator: Int) {
            let lw = min(rowMax, label)
            let headerFits = columnMax <= max(base, 12)
            if headerFits {
                candidates.append(HeatmapLayout(cells: cells, labelWidth: lw, cellWidth: max(base, columnMax),
                                                separator: separator, showBest: best && canBest,
                                                bestWidth: bestWidth, numbered: false))
            }
            let digits = String(grid.columns).count
            candidates.append(HeatmapLayout(cells: cells, labelWidth: lw, cellWidth: max(base, digits),
                                            separator: separator, showBest: best && canBest,
                                            bestWidth: bestWidth, numbered: columnMax > base))
        }
        let shaded = colored ? valueWidth + 2 : valueWidth + 4
        add(.values(shade: !colored), label: 24, best: true, base: shaded, separator: 1)
        add(.values(shade: !colored), label: 14, best: true, base: shaded, separator: 1)
        add(.values(shade: !colored), label: 14, best: false, base: shaded, separator: 1)
        if !colored {
            add(.values(shade: false), label: 14, best: false, base: valueWidth + 2, separator: 1)
        }
        add(.values(shade: false), label: 8, best: false, base: valueWidth + 2, separator: 1)
        add(.shades, label: 14, best: true, base: 3, separator: 1)
        add(.shades, label: 14, best: false, base: 3, separator: 1)
        add(.shades, label: 8, best: false, base: 3, separator: 1)
        for label in [14, 8] {
            candidates.append(HeatmapLayout(cells: .blocks(2), labelWidth: min(rowMax, label), cellWidth: 2,
                                            separator: 0, showBest: false, bestWidth: 0, numbered: true))
        }
        for label in [8, 4] {
            candidates.append(HeatmapLayout(cells: .blocks(1), labelWidth: min(rowMax, label), cellWidth: 1,
                                            separator: 0, showBest: false, bestWidth: 0, numbered: true))
        }
        for k in candidates.indices { candidates[k].valueWidth = valueWidth }
        var chosen = candidates.first { $0.lineWidth(columns: grid.columns) <= width } ?? candidates[candidates.count - 1]
        if chosen.showBest {
            // Give the best column whatever room is left, up to the longest label.
            let room = width - chosen.lineWidth(columns: grid.columns) + chosen.bestWidth
            chosen.bestWidth = max(chosen.bestWidth, min(columnMax + 2, room))
        }
        return chosen
    }

    func draw(_ grid: Heatmap.Grid, style: Style, width: Int) -> [String] {
        var lines: [String] = [header(grid, style: style)]
        for i in 0..<grid.rows {
            var line = DisplayWidth.fit(grid.rowLabels[i], to: labelWidth) + " "
            for j in 0..<grid.columns {
                line += cell(grid, i, j, style: style)
            }
            if showBest {
                line += " " + bestText(grid, row: i, style: style)
            }
            lines.append(trimmed(line))
        }
        if grid.bestAxis == .column && grid.diagonal && separator > 0 {
            // Under each column: did that text's best image turn out to be its own?
            var line = DisplayWidth.fit("best", to: labelWidth) + " "
            for j in 0..<grid.columns {
                let mark = j < grid.rows ? (grid.best[j] == j ? style.bold("✓", style.theme.good) : style.bold("✗", style.theme.bad)) : " "
                let left = (cellWidth - 1) / 2
                line += String(repeating: " ", count: left) + mark + String(repeating: " ", count: cellWidth - 1 - left + separator)
            }
            lines.append(trimmed(line))
        }
        lines += legend(grid, style: style, width: width)
        return lines
    }

    private func header(_ grid: Heatmap.Grid, style: Style) -> String {
        var line = String(repeating: " ", count: labelWidth + 1)
        if case .blocks = cells {
            // Column numbers where they fit: the first, then every fifth.
            var row = [Character](repeating: " ", count: grid.columns * cellWidth)
            var free = 0
            let every = String(grid.columns).count < cellWidth
            for j in 0..<grid.columns where every || j == 0 || (j + 1) % 5 == 0 {
                let number = Array(String(j + 1))
                let start = j * cellWidth
                guard start >= free, start + number.count <= row.count else { continue }
                for (k, c) in number.enumerated() { row[start + k] = c }
                free = start + number.count + 1
            }
            return trimmed(line + style.muted(String(row)))
        }
        for j in 0..<grid.columns {
            let title = numbered ? String(j + 1) : grid.columnLabels[j]
            line += style.bold(DisplayWidth.fit(title, to: cellWidth, align: .center))
            line += String(repeating: " ", count: separator)
        }
        if showBest { line += " " + style.muted("best") }
        return trimmed(line)
    }

    private func cell(_ grid: Heatmap.Grid, _ i: Int, _ j: Int, style: Style) -> String {
        let v = grid.values[i][j]
        let t = grid.level(v)
        let diagonal = grid.isDiagonal(i, j)
        let (open, close) = diagonal ? ("[", "]") : (" ", " ")
        let shade = String(Style.shade(t))
        let color = t.isNaN ? style.theme.muted : style.theme.scale.color(at: t)
        let body: String
        var base: Int
        switch cells {
        case .values(let withShade):
            let number = DisplayWidth.pad(grid.text[i][j], to: valueWidth, align: .right)
            if style.isColored {
                // The coloured tile fills the whole cell so rows read as one strip.
                let inner = DisplayWidth.pad(open + number + close, to: cellWidth, align: .center)
                body = style.bg(diagonal ? "\u{1B}[1m" + inner : inner, color)
                base = cellWidth
            } else {
                body = withShade ? open + shade + " " + number + close : open + number + close
                base = DisplayWidth.of(body)
            }
        case .shades:
            if style.isColored {
                body = style.bg(DisplayWidth.pad(open + " " + close, to: cellWidth, align: .center), color)
                base = cellWidth
            } else {
                body = open + shade + close
                base = 3
            }
        case .blocks(let n):
            body = style.isColored ? style.bg(String(repeating: " ", count: n), color)
                                   : String(repeating: shade, count: n)
            base = n
        }
        // The best-in-row mark sits right after the body; padding goes around both.
        base = min(base, cellWidth)
        let left = (cellWidth - base) / 2
        let mark = separator == 0 ? "" : grid.isBest(i, j) ? style.accent(grid.bestAxis == .column ? "▴" : "◂") : " "
        return String(repeating: " ", count: left) + body + mark + String(repeating: " ", count: cellWidth - base - left)
    }

    private func bestText(_ grid: Heatmap.Grid, row i: Int, style: Style) -> String {
        guard let j = grid.best[i] else { return style.muted("—") }
        let label = DisplayWidth.elide(grid.columnLabels[j], to: bestWidth - 2)
        guard grid.diagonal, i < grid.columns else { return label }
        return label + " " + (i == j ? style.bold("✓", style.theme.good) : style.bold("✗", style.theme.bad))
    }

    private func legend(_ grid: Heatmap.Grid, style: Style, width: Int) -> [String] {
        var parts: [String] = []
        let marks = separator > 0
        if marks && grid.diagonal { parts.append(style.muted("[ ] matching pair")) }
        if marks && grid.bestAxis == .row { parts.append(style.muted("◂ best in row")) }
        if marks && grid.bestAxis == .column { parts.append(style.muted("▴ best in column")) }
        let low = ValueFormat.automatic(for: [grid.low, grid.high]).string(grid.low)
        let high = ValueFormat.automatic(for: [grid.low, grid.high]).string(grid.high)
        if style.isColored {
            let ramp = (0..<5).map { style.bg(" ", style.theme.scale.color(at: Double($0) / 4)) }.joined()
            parts.append(style.muted("scale \(low)") + " " + ramp + " " + style.muted(high))
        } else if cells != .values(shade: false) {
            parts.append(style.muted("scale \(low) " + String(Style.shades) + " \(high)"))
        }
        var lines = TextWrap.pack(parts, width: width, style: style)
        if grid.diagonal && grid.summary {
            let n = min(grid.rows, grid.columns)
            let (who, whose) = grid.bestAxis == .column ? (grid.columnName, grid.rowName) : (grid.rowName, grid.columnName)
            if grid.bestAxis != .none {
                lines += TextWrap.wrap("\(grid.hits)/\(n) \(plural(who)) pick their own \(whose)", width: width)
            }
        }
        if numbered {
            lines.append(style.muted("\(plural(grid.columnName)):"))
            let shown = min(grid.columns, 16)
            let digits = String(grid.columns).count
            for j in 0..<shown {
                let key = DisplayWidth.pad(String(j + 1), to: digits, align: .right)
                lines.append("  " + key + " " + DisplayWidth.elide(grid.columnLabels[j], to: max(width - digits - 3, 1)))
            }
            if grid.columns > shown { lines.append(style.muted("  … \(grid.columns - shown) more")) }
        }
        return lines
    }

    private func plural(_ noun: String) -> String {
        noun.hasSuffix("s") || noun.hasSuffix("x") || noun.hasSuffix("ch") ? noun + "es" : noun + "s"
    }

    private func trimmed(_ s: String) -> String {
        var s = s
        while s.last == " " { s.removeLast() }
        return s
    }
}
