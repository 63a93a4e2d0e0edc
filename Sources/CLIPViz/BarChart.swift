/// Ranked labels with horizontal bars, drawn to eighth-of-a-column precision — the
/// zero-shot answer.
///
/// ```
/// zero-shot: cat.jpg
/// a photo of a cat ██████████████████████████████████▎   92.4%
/// a photo of a dog ██▎                                    6.1%
/// a photo of a car ▌                                      1.5%
/// ```
public struct BarChart: Sendable {
    public struct Item: Sendable, Hashable {
        public var label: String
        public var value: Double
        public init(_ label: String, _ value: Double) {
            self.label = label
            self.value = value
        }
    }

    public var items: [Item]
    public var title: String?
    public var format: ValueFormat
    /// Largest to smallest (NaN last); false keeps the given order.
    public var sorted: Bool
    /// The value of a full-width bar; nil uses the largest finite value (pass 1 for probabilities).
    public var scale: Double?
    /// Show only the first `limit` items, then a "… n more" line.
    public var limit: Int?

    public init(_ items: [Item], title: String? = nil, format: ValueFormat = .percent(1),
                sorted: Bool = true, scale: Double? = nil, limit: Int? = nil) {
        self.items = items
        self.title = title
        self.format = format
        self.sorted = sorted
        self.scale = scale
        self.limit = limit
    }

    /// A chart from parallel arrays of labels and values.
    public init<T: BinaryFloatingPoint>(labels: [String], values: [T], title: String? = nil,
                                        format: ValueFormat = .percent(1), sorted: Bool = true,
                                        scale: Double? = nil, limit: Int? = nil) {
        let items = zip(labels, values).map { Item($0, Double($1)) }
        self.init(items, title: title, format: format, sorted: sorted, scale: scale, limit: limit)
    }

    /// The eighth-block glyphs, from one eighth to a full column.
    public static let eighths: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"]

    /// A bar for `fraction` of `width` columns, padded with spaces to `width`.
    ///
    /// `bar(0.5, width: 3)` is `"█▌ "`; a positive fraction too small to see gets `▏`.
    public static func bar(_ fraction: Double, width: Int) -> String {
        guard width > 0 else { return "" }
        let f = fraction.isNaN ? 0 : min(max(fraction, 0), 1)
        var eighths = Int((f * Double(width) * 8).rounded())
        if eighths == 0 && f > 0 { eighths = 1 }
        var s = String(repeating: "█", count: eighths / 8)
        if eighths % 8 > 0 { s.append(BarChart.eighths[eighths % 8 - 1]) }
        return s + String(repeating: " ", count: width - DisplayWidth.of(s))
    }

    /// The items as drawn: single-line labels, sorted if asked (NaN last, ties keep their
    /// order), cut to `limit`.
    public var orderedItems: [Item] {
        var rows = items.map { Item($0.label.replacingNewlines(), $0.value) }
        if sorted {
            rows = rows.enumerated().sorted { a, b in
                let (x, y) = (a.element.value, b.element.value)
                if x.isNaN != y.isNaN { return y.isNaN }
                if x != y && !x.isNaN { return x > y }
                return a.offset < b.offset
            }.map(\.element)
        }
        if let limit { rows = Array(rows.prefix(max(limit, 1))) }
        return rows
    }

    public func render(width: Int = 80, style: Style = .plain) -> String {
        var out: [String] = []
        if let title { out.append(style.bold(DisplayWidth.elide(title, to: max(width, 1)))) }
        guard !items.isEmpty else {
            out.append(style.muted("(no values)"))
            return out.joined(separator: "\n")
        }
        let rows = orderedItems
        let hidden = items.count - rows.count
        let texts = rows.map { format.string($0.value) }
        let valueWidth = texts.map(DisplayWidth.of).max() ?? 1
        let labelMax = rows.map { DisplayWidth.of($0.label) }.max() ?? 0
        // Labels take up to 40% of the line, bars at least a quarter.
        let labelWidth = min(labelMax, max(width * 2 / 5, width - valueWidth - 2 - max(width / 4, 4)))
        let barWidth = max(width - labelWidth - valueWidth - 2, 1)
        let finite = rows.map(\.value).filter(\.isFinite)
        let top = scale ?? max(finite.max() ?? 1, 0)
        for (k, item) in rows.enumerated() {
            let fraction = item.value == .infinity ? 1 : top > 0 ? item.value / top : 0
            var bar = BarChart.bar(fraction, width: barWidth)
            let label = DisplayWidth.fit(item.label, to: labelWidth)
            var value = DisplayWidth.pad(texts[k], to: valueWidth, align: .right)
            let winner = k == 0 && sorted && !item.value.isNaN
            bar = style.fg(bar, winner ? style.theme.accent : style.theme.bar)
            if winner { value = style.bold(value) }
            out.append(trimmingRight(label + " " + bar + " " + value))
        }
        if hidden > 0 { out.append(style.muted("… \(hidden) more")) }
        return out.joined(separator: "\n")
    }

    private func trimmingRight(_ s: String) -> String {
        var s = s
        while s.last == " " { s.removeLast() }
        return s
    }
}

extension String {
    /// Labels are single-line: newlines and tabs become spaces.
    func replacingNewlines() -> String {
        String(map { $0.isNewline || $0 == "\t" ? " " : $0 })
    }
}
