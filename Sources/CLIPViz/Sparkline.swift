/// A one-line chart of a series in the eight block heights `▁▂▃▄▅▆▇█`, with min and max —
/// loss curves and embedding vectors.
///
/// ```
/// loss █▇▅▄▃▂▂▁▁▁  min 0.12  max 2.08  last 0.15
/// ```
/// Longer series are averaged into buckets to fit; NaN shows as `×`.
public struct Sparkline: Sendable {
    public var values: [Double]
    public var label: String?
    /// Number format; nil chooses decimals from the magnitude.
    public var format: ValueFormat?
    /// Append the last value (useful for loss curves).
    public var showLast: Bool

    public init<T: BinaryFloatingPoint>(_ values: [T], label: String? = nil, format: ValueFormat? = nil,
                                        showLast: Bool = false) {
        self.values = values.map { Double($0) }
        self.label = label
        self.format = format
        self.showLast = showLast
    }

    /// The eight heights from lowest to highest.
    public static let levels: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// Just the glyphs: at most `width` of them, bucket means when the series is longer.
    public static func glyphs(_ values: [Double], width: Int) -> String {
        let series = resample(values, to: width)
        let finite = series.filter(\.isFinite)
        let (low, high) = (finite.min() ?? 0, finite.max() ?? 0)
        return String(series.map { v -> Character in
            if v.isNaN { return "×" }
            if v == .infinity { return "█" }
            if v == -.infinity { return "▁" }
            guard high > low else { return "▄" }
            let i = Int(((v - low) / (high - low) * 7).rounded())
            return levels[min(max(i, 0), 7)]
        })
    }

    /// `values` averaged into at most `count` equal buckets (NaN if any member is NaN).
    public static func resample(_ values: [Double], to count: Int) -> [Double] {
        guard count > 0 else { return [] }
        guard values.count > count else { return values }
        return (0..<count).map { b in
            let start = b * values.count / count
            let end = max((b + 1) * values.count / count, start + 1)
            var sum = 0.0
            for v in values[start..<end] { sum += v }
            return sum / Double(end - start)
        }
    }

    public func render(width: Int = 80, style: Style = .plain) -> String {
        let finite = values.filter(\.isFinite)
        let fmt = format ?? ValueFormat.automatic(for: finite)
        var head = label.map { DisplayWidth.elide($0.replacingNewlines(), to: max(width / 3, 1)) + " " } ?? ""
        guard !values.isEmpty else { return head + style.muted("(empty)") }
        var notes: [String] = []
        if let low = finite.min(), let high = finite.max() {
            notes = ["min \(fmt.string(low))", "max \(fmt.string(high))"]
        }
        if showLast, let last = values.last { notes.append("last \(fmt.string(last))") }
        if finite.count < values.count { notes.append("\(values.count - finite.count) non-finite") }
        // Drop notes until at least 8 glyphs (or the whole series) fit.
        var tail = notes.isEmpty ? "" : "  " + notes.joined(separator: "  ")
        while !notes.isEmpty && width - DisplayWidth.of(head) - DisplayWidth.of(tail) < min(values.count, 8) {
            notes.removeLast()
            tail = notes.isEmpty ? "" : "  " + notes.joined(separator: "  ")
        }
        if width - DisplayWidth.of(head) < 4 { head = "" }
        let room = max(width - DisplayWidth.of(head) - DisplayWidth.of(tail), 1)
        let line = Sparkline.glyphs(values, width: room)
        return style.bold(head) + style.fg(line, style.theme.bar) + style.muted(tail)
    }
}
