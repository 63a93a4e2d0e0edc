/// A one-line progress bar with count, percentage, rate and time left.
///
/// ```
/// train  412/800 █████████████████▊                52%  41.3 steps/s  ETA 0:09
/// train  800/800 ██████████████████████████████████ 100%  done in 0:19
/// ```
public struct ProgressBar: Sendable {
    public var step: Int
    public var total: Int
    public var label: String?
    /// Items per second; nil or non-finite hides the rate and the ETA.
    public var rate: Double?
    /// Seconds so far, shown as "done in" at the end.
    public var elapsed: Double?
    public var unit: String

    public init(step: Int, total: Int, label: String? = nil, rate: Double? = nil,
                elapsed: Double? = nil, unit: String = "steps") {
        self.step = step
        self.total = total
        self.label = label
        self.rate = rate
        self.elapsed = elapsed
        self.unit = unit
    }

    /// `m:ss` or `h:mm:ss`; `--:--` when unknown or absurd.
    public static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0, seconds < 360_000 else { return "--:--" }
        let s = Int(seconds.rounded())
        let (h, m, r) = (s / 3600, s / 60 % 60, s % 60)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return h > 0 ? "\(h):\(two(m)):\(two(r))" : "\(m):\(two(r))"
    }

    public func render(width: Int = 80, style: Style = .plain) -> String {
        let total = max(self.total, 0)
        let step = min(max(self.step, 0), total)
        let fraction = total > 0 ? Double(step) / Double(total) : 0
        let digits = String(total).count
        let count = DisplayWidth.pad(String(step), to: digits, align: .right) + "/" + String(total)
        let head = (label.map { $0.replacingNewlines() + "  " } ?? "") + count + " "
        var notes = [DisplayWidth.pad(String(Int((fraction * 100).rounded(.down))) + "%", to: 4, align: .right)]
        let done = total > 0 && step == total
        if let rate, rate.isFinite, rate > 0 {
            notes.append(ValueFormat.fixed(rate, decimals: rate < 10 ? 2 : 1) + " " + unit + "/s")
            if !done { notes.append("ETA " + ProgressBar.duration(Double(total - step) / rate)) }
        }
        if done, let elapsed { notes.append("done in " + ProgressBar.duration(elapsed)) }
        // Drop notes (last first) until the bar gets at least 10 columns.
        var tail = " " + notes.joined(separator: "  ")
        while notes.count > 1 && width - DisplayWidth.of(head) - DisplayWidth.of(tail) < 10 {
            notes.removeLast()
            tail = " " + notes.joined(separator: "  ")
        }
        let barWidth = max(width - DisplayWidth.of(head) - DisplayWidth.of(tail), 3)
        guard style.isColored else {
            // Brackets show where the empty part ends without colour.
            return head + "[" + BarChart.bar(fraction, width: barWidth - 2) + "]" + tail
        }
        let bar = BarChart.bar(fraction, width: barWidth)
        let filled = String(bar.prefix { $0 != " " })
        let empty = String(repeating: "─", count: barWidth - DisplayWidth.of(filled))
        let drawn = style.fg(filled, done ? style.theme.good : style.theme.bar) + style.muted(empty)
        return style.bold(head) + drawn + tail
    }
}
