/// A small line chart of one series in braille dots, with the y range on a left axis
/// and the x range below.
///
/// ```
/// loss
/// 2.18 ┤⢣
///      │ ⠣⡀
///      │  ⠈⠢⢄⡀
/// 0.10 ┤     ⠈⠉⠒⠒⠤⠤⠤⣀⣀⣀⣀
///      └────────────────
///       0            119
/// ```
public struct LineChart: Sendable {
    public var values: [Double]
    public var title: String?
    /// Label under the x axis ("step").
    public var xLabel: String?
    /// x value of the first and last point; nil numbers them 0…n-1.
    public var xRange: ClosedRange<Double>?
    public var format: ValueFormat?

    public init<T: BinaryFloatingPoint>(_ values: [T], title: String? = nil, xLabel: String? = nil,
                                        xRange: ClosedRange<Double>? = nil, format: ValueFormat? = nil) {
        self.values = values.map { Double($0) }
        self.title = title
        self.xLabel = xLabel
        self.xRange = xRange
        self.format = format
    }

    public func render(width: Int = 60, height: Int = 8, style: Style = .plain) -> String {
        var out: [String] = []
        if let title { out.append(style.bold(DisplayWidth.elide(title, to: max(width, 1)))) }
        let finite = values.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else {
            out.append(style.muted("(no finite values)"))
            return out.joined(separator: "\n")
        }
        let fmt = format ?? ValueFormat.automatic(for: finite)
        // A flat series has one value to print, by its line at the bottom.
        let top = high > low ? fmt.string(high) : "", bottom = fmt.string(low)
        let axis = max(DisplayWidth.of(top), DisplayWidth.of(bottom))
        let columns = max(width - axis - 2, 2)
        let rows = max(height, 2)
        var canvas = BrailleCanvas(columns: columns, rows: rows)
        let (w, h) = (Double(canvas.dotWidth - 1), Double(canvas.dotHeight - 1))
        let series = Sparkline.resample(values, to: canvas.dotWidth)
        var previous: (Int, Int)?
        for (k, v) in series.enumerated() {
            guard v.isFinite else { previous = nil; continue }
            let x = series.count > 1 ? Int((Double(k) / Double(series.count - 1) * w).rounded()) : 0
            let t = high > low ? (v - low) / (high - low) : 0
            let y = Int(((1 - t) * h).rounded())
            if let p = previous { canvas.line(from: p, to: (x, y)) } else { canvas.set(x, y) }
            previous = (x, y)
        }
        let plot = canvas.render(style: style)
        for (r, line) in plot.enumerated() {
            let label = r == 0 ? top : r == rows - 1 ? bottom : ""
            let tick = label.isEmpty ? "│" : "┤"
            out.append(style.muted(DisplayWidth.pad(label, to: axis, align: .right) + " " + tick)
                       + style.fg(line, style.theme.bar))
        }
        out.append(style.muted(String(repeating: " ", count: axis + 1) + "└" + String(repeating: "─", count: columns)))
        let first = xRange.map { ValueFormat.compact.string($0.lowerBound) } ?? "0"
        let last = xRange.map { ValueFormat.compact.string($0.upperBound) } ?? String(max(values.count - 1, 0))
        var under = String(repeating: " ", count: axis + 2) + first
        var tail = last + (xLabel.map { "  " + $0.replacingNewlines() } ?? "")
        let end = axis + 2 + columns
        if DisplayWidth.of(under) + 1 + DisplayWidth.of(tail) > end { tail = last }
        let gap = end - DisplayWidth.of(under) - DisplayWidth.of(tail)
        under += String(repeating: " ", count: max(gap, 1)) + tail
        out.append(style.muted(under))
        return out.joined(separator: "\n")
    }
}
