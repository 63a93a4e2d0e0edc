import Foundation

/// The N×M similarity matrix as a labelled text heatmap: rows are images, columns texts.
///
/// Every cell prints its value and a shade (or, with colour, a coloured background);
/// the diagonal — the matching pairs — is bracketed, each row's best column is marked `◂`,
/// and a right-hand column says which text each image picked (✓ when it is its own).
/// The drawing shrinks to the width it is given: shorter labels, then no `best` column,
/// then no shade glyphs, then shades only (`[▓]`), then one or two characters per cell.
///
/// ```
/// cosine similarity
///             cat     beach     car     best
/// cat.png   [▓ 0.31]◂ ░ 0.12     0.05   cat ✓
/// beach.png  ░ 0.10  [█ 0.35]◂   0.04   beach ✓
/// car.png    ▒ 0.20   ░ 0.08  [▒ 0.22]◂ car ✓
/// [ ] matching pair  ◂ best in row  scale 0.04  ░▒▓█ 0.35
/// 3/3 images pick their own text
/// ```
public struct Heatmap: Sendable {
    /// Row-major values; ragged rows are padded with NaN.
    public var values: [[Double]]
    public var rowLabels: [String]
    public var columnLabels: [String]
    public var title: String?
    /// Number format; nil chooses decimals from the magnitude (0.31, 31.4, 314).
    public var format: ValueFormat?
    /// Values mapped to the lightest and darkest shade; nil uses the finite min…max.
    public var range: ClosedRange<Double>?
    /// Bracket the diagonal (the matching pairs) and count rows that pick it; square matrices only.
    public var highlightDiagonal: Bool
    /// Mark each row's largest value (`◂`, image → text), each column's (`▴`, text → image), or none.
    public var best: Best
    /// What a row and a column are, for the legend ("image", "text").
    public var rowName: String
    public var columnName: String
    /// Print "3/4 images pick their own text" under a matrix with a highlighted diagonal.
    public var showSummary: Bool = true

    public init(_ values: [[Double]], rowLabels: [String] = [], columnLabels: [String] = [],
                title: String? = nil, format: ValueFormat? = nil, range: ClosedRange<Double>? = nil,
                highlightDiagonal: Bool = true, best: Best = .row,
                rowName: String = "image", columnName: String = "text") {
        self.values = values
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.title = title
        self.format = format
        self.range = range
        self.highlightDiagonal = highlightDiagonal
        self.best = best
        self.rowName = rowName
        self.columnName = columnName
    }

    /// A heatmap from a row-major flat buffer such as `Tensor.data` of shape `[rows, columns]`.
    public init<T: BinaryFloatingPoint>(flat: [T], rows: Int, columns: Int, rowLabels: [String] = [],
                                        columnLabels: [String] = [], title: String? = nil,
                                        format: ValueFormat? = nil, range: ClosedRange<Double>? = nil) {
        var grid: [[Double]] = []
        for i in 0..<max(rows, 0) {
            grid.append((0..<max(columns, 0)).map { j in
                let k = i * columns + j
                return k < flat.count ? Double(flat[k]) : .nan
            })
        }
        self.init(grid, rowLabels: rowLabels, columnLabels: columnLabels, title: title,
                  format: format, range: range)
    }

    /// Which best match to mark.
    public enum Best: Sendable, Hashable { case none, row, column }

    /// Softmax of `logits` along rows (p(text | image)) or columns (p(image | text)),
    /// printed as probabilities on a fixed 0…1 scale with the best of each row or column marked.
    ///
    /// `Heatmap.softmax([[2, 0], [0, 2]], along: .row).values[0][0]` ≈ 0.88.
    public static func softmax(_ logits: [[Double]], along axis: Best = .row, rowLabels: [String] = [],
                               columnLabels: [String] = [], title: String? = nil,
                               rowName: String = "image", columnName: String = "text") -> Heatmap {
        let columns = logits.map(\.count).max() ?? 0
        let grid = logits.map { row in (0..<columns).map { $0 < row.count ? row[$0] : -.infinity } }
        func normalize(_ xs: [Double]) -> [Double] {
            guard let top = xs.filter({ !$0.isNaN }).max(), top.isFinite, !xs.contains(where: \.isNaN) else {
                return xs.map { _ in .nan }
            }
            let e = xs.map { exp($0 - top) }
            let sum = e.reduce(0, +)
            return e.map { $0 / sum }
        }
        var probabilities: [[Double]]
        let defaultTitle: String
        if axis == .column {
            let byColumn = (0..<columns).map { j in normalize(grid.map { $0[j] }) }
            probabilities = grid.indices.map { i in (0..<columns).map { byColumn[$0][i] } }
            defaultTitle = "softmax over each column  p(\(rowName) | \(columnName))"
        } else {
            probabilities = grid.map(normalize)
            defaultTitle = "softmax over each row  p(\(columnName) | \(rowName))"
        }
        if logits.allSatisfy(\.isEmpty) { probabilities = logits }
        return Heatmap(probabilities, rowLabels: rowLabels, columnLabels: columnLabels, title: title ?? defaultTitle,
                       format: .fixed(2), range: 0...1, best: axis == .none ? .row : axis,
                       rowName: rowName, columnName: columnName)
    }

    /// The drawing, at most `width` columns wide when that is at all possible.
    public func render(width: Int = 80, style: Style = .plain) -> String {
        var out: [String] = []
        if let title { out.append(style.bold(DisplayWidth.elide(title, to: max(width, 1)))) }
        let grid = Grid(self)
        guard grid.rows > 0, grid.columns > 0 else {
            out.append(style.muted("(empty matrix)"))
            return out.joined(separator: "\n")
        }
        let layout = HeatmapLayout.choose(for: grid, width: width, colored: style.isColored)
        out += layout.draw(grid, style: style, width: width)
        return out.joined(separator: "\n")
    }

    /// The prepared numbers a layout draws from.
    struct Grid {
        let rows: Int
        let columns: Int
        let values: [[Double]]
        let text: [[String]]
        let format: ValueFormat
        let rowLabels: [String]
        let columnLabels: [String]
        let low: Double
        let high: Double
        /// Per row (or, marking columns, per column): the index of the largest value.
        let best: [Int?]
        let bestAxis: Best
        let diagonal: Bool
        let summary: Bool
        let rowName: String
        let columnName: String

        init(_ map: Heatmap) {
            rows = map.values.count
            columns = map.values.map(\.count).max() ?? 0
            let cols = columns
            let padded = map.values.map { row in (0..<cols).map { $0 < row.count ? row[$0] : .nan } }
            values = padded
            let all = padded.flatMap { $0 }
            let format = map.format ?? ValueFormat.automatic(for: all)
            self.format = format
            text = padded.map { $0.map { format.string($0) } }
            rowLabels = (0..<rows).map { $0 < map.rowLabels.count ? Grid.clean(map.rowLabels[$0]) : "\($0 + 1)" }
            columnLabels = (0..<cols).map { $0 < map.columnLabels.count ? Grid.clean(map.columnLabels[$0]) : "\($0 + 1)" }
            let finite = all.filter(\.isFinite)
            if let range = map.range, range.lowerBound.isFinite, range.upperBound.isFinite {
                (low, high) = (range.lowerBound, range.upperBound)
            } else {
                (low, high) = (finite.min() ?? 0, finite.max() ?? 1)
            }
            let lines = map.best == .column ? (0..<cols).map { j in padded.map { $0[j] } } : padded
            best = lines.map { line in
                var index: Int?
                for (k, v) in line.enumerated() where !v.isNaN {
                    if let b = index, v <= line[b] { continue }
                    index = k
                }
                return index
            }
            bestAxis = map.best
            // Matching pairs only exist in a square matrix (N images, their N captions).
            diagonal = map.highlightDiagonal && rows == cols
            summary = map.showSummary
            rowName = map.rowName
            columnName = map.columnName
        }

        /// Position of `v` between the shade extremes (0.5 when all values are equal).
        func level(_ v: Double) -> Double {
            if v.isNaN { return .nan }
            if high <= low { return v.isInfinite ? (v > 0 ? 1 : 0) : 0.5 }
            return (v - low) / (high - low)
        }

        func isDiagonal(_ i: Int, _ j: Int) -> Bool { diagonal && i == j }
        func isBest(_ i: Int, _ j: Int) -> Bool {
            switch bestAxis {
            case .none: return false
            case .row: return best[i] == j
            case .column: return best[j] == i
            }
        }

        /// Rows (or columns) whose best is their own diagonal cell.
        var hits: Int { (0..<min(rows, columns)).filter { best[$0] == $0 }.count }

        /// Labels are single-line: newlines and tabs become spaces.
        static func clean(_ s: String) -> String {
            String(s.map { $0.isNewline || $0 == "\t" ? " " : $0 })
        }
    }
}
