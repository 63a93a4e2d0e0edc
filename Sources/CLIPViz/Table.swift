/// Aligned columns: a bold header, a rule, numbers right-aligned, text left-aligned,
/// display-width aware so CJK cells line up; too-wide tables elide their widest column.
///
/// ```
/// class    top-1   top-5      n
/// ───────  ──────  ──────  ────
/// cat      91.2%   99.0%    120
/// 猫       88.0%   97.5%     40
/// ```
public struct Table: Sendable {
    public var headers: [String]
    public var rows: [[String]]
    /// Per-column alignment; nil decides from the cells (numbers right, text left).
    public var alignments: [DisplayWidth.Alignment]?
    public var title: String?

    public init(headers: [String], rows: [[String]], alignments: [DisplayWidth.Alignment]? = nil,
                title: String? = nil) {
        self.headers = headers
        self.rows = rows
        self.alignments = alignments
        self.title = title
    }

    /// True for cells such as `12`, `-0.31`, `92.4%`, `1.2M`, `nan`, `inf`.
    public static func isNumeric(_ cell: String) -> Bool {
        var s = Substring(cell.trimmingSpaces())
        if ["nan", "inf", "-inf", "—", "-"].contains(String(s)) { return true }
        if let last = s.last, "%kMBx".contains(last) { s = s.dropLast() }
        if s.first == "-" || s.first == "+" { s = s.dropFirst() }
        guard !s.isEmpty, s.first != "." else { return false }
        var dots = 0
        for c in s {
            if c == "." { dots += 1 } else if !c.isASCII || !c.isNumber, c != "," { return false }
        }
        return dots <= 1
    }

    public func render(width: Int = 80, style: Style = .plain) -> String {
        var out: [String] = []
        if let title { out.append(style.bold(DisplayWidth.elide(title, to: max(width, 1)))) }
        let count = max(headers.count, rows.map(\.count).max() ?? 0)
        guard count > 0 else { return (out + [style.muted("(empty table)")]).joined(separator: "\n") }
        func cell(_ row: [String], _ j: Int) -> String { j < row.count ? row[j].replacingNewlines() : "" }
        let align: [DisplayWidth.Alignment] = (0..<count).map { j in
            if let alignments, j < alignments.count { return alignments[j] }
            let cells = rows.map { cell($0, j) }.filter { !$0.isEmpty }
            return !cells.isEmpty && cells.allSatisfy(Table.isNumeric) ? .right : .left
        }
        var widths = (0..<count).map { j in
            ([cell(headers, j)] + rows.map { cell($0, j) }).map(DisplayWidth.of).max() ?? 0
        }
        // Shrink the widest column (never below 4) until the table fits.
        let gap = 2
        while widths.reduce(0, +) + gap * (count - 1) > width {
            guard let j = widths.indices.max(by: { widths[$0] < widths[$1] }), widths[j] > 4 else { break }
            widths[j] -= 1
        }
        func line(_ cells: [String], bold: Bool) -> String {
            var parts: [String] = []
            for j in 0..<count {
                let text = DisplayWidth.fit(cell(cells, j), to: widths[j], align: align[j])
                parts.append(bold ? style.bold(text) : text)
            }
            var s = parts.joined(separator: "  ")
            while s.last == " " { s.removeLast() }
            return s
        }
        if !headers.isEmpty {
            out.append(line(headers, bold: true))
            out.append(style.muted(widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")))
        }
        for row in rows { out.append(line(row, bold: false)) }
        return out.joined(separator: "\n")
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
