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
///            cat        beach      car      best
/// cat.png   [█  0.31]◂  ░  0.12    ░  0.05   cat ✓
/// beach.png  ░  0.10   [█  0.35]◂  ░  0.04   beach ✓
/// car.png    ▒  0.20    ░  0.08   [▓  0.22]◂ car ✓
/// [ ] matching pair  ◂ best in row  shade ' '…'█' = 0.04…0.35
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
    public var highlightDiagonal: Bool
    public var markRowBest: Bool
    /// What a row and a column are, for the legend ("image", "text").
    public var rowName: String
    public var columnName: String
    /// Print "3/4 images pick their own text" under a matrix with a highlighted diagonal.
    public var showSummary: Bool = true

    public init(_ values: [[Double]], rowLabels: [String] = [], columnLabels: [String] = [],
                title: String? = nil, format: ValueFormat? = nil, range: ClosedRange<Double>? = nil,
                highlightDiagonal: Bool = true, markRowBest: Bool = true,
                rowName: String = "image", columnName: String = "text") {
        self.values = values
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.title = title
        self.format = format
        self.range = range
        self.highlightDiagonal = highlightDiagonal
        self.markRowBest = markRowBest
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
        let rowLabels: [String]
        let columnLabels: [String]
        let low: Double
        let high: Double
        let best: [Int?]
        let diagonal: Bool
        let markBest: Bool
        let summary: Bool
        let rowName: String
        let columnName: String

        init(_ map: Heatmap) {
            rows = map.values.count
            columns = map.values.map(\.count).max() ?? 0
            let cols = columns
            values = map.values.map { row in (0..<cols).map { $0 < row.count ? row[$0] : .nan } }
            let all = values.flatMap { $0 }
            let format = map.format ?? ValueFormat.automatic(for: all)
            text = values.map { $0.map { format.string($0) } }
            rowLabels = (0..<rows).map { $0 < map.rowLabels.count ? Grid.clean(map.rowLabels[$0]) : "\($0 + 1)" }
            columnLabels = (0..<cols).map { $0 < map.columnLabels.count ? Grid.clean(map.columnLabels[$0]) : "\($0 + 1)" }
            let finite = all.filter(\.isFinite)
            if let range = map.range, range.lowerBound.isFinite, range.upperBound.isFinite {
                (low, high) = (range.lowerBound, range.upperBound)
            } else {
                (low, high) = (finite.min() ?? 0, finite.max() ?? 1)
            }
            best = values.map { row in
                var index: Int?
                for (j, v) in row.enumerated() where !v.isNaN {
                    if let k = index, v <= row[k] { continue }
                    index = j
                }
                return index
            }
            diagonal = map.highlightDiagonal
            markBest = map.markRowBest
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
        func isBest(_ i: Int, _ j: Int) -> Bool { markBest && best[i] == j }

        /// Labels are single-line: newlines and tabs become spaces.
        static func clean(_ s: String) -> String {
            String(s.map { $0.isNewline || $0 == "\t" ? " " : $0 })
        }
    }
}
