/// Counts of true class (rows) against predicted class (columns), with per-class recall
/// and the overall accuracy; zeros print as `·` so the mistakes stand out.
///
/// ```
/// confusion matrix
///         cat   dog   car   recall
/// cat    [ 9]    1     ·     90.0%   9/10
/// dog      2   [ 8]    ·     80.0%   8/10
/// car      ·     ·   [10]   100.0%  10/10
/// accuracy 90.0% (27/30)
/// ```
/// When the counts do not fit the width it becomes a shaded `Heatmap` of row fractions.
public struct ConfusionMatrix: Sendable {
    public var counts: [[Int]]
    public var labels: [String]
    public var title: String?

    public init(counts: [[Int]], labels: [String] = [], title: String? = "confusion matrix") {
        self.counts = counts
        self.labels = labels
        self.title = title
    }

    /// A matrix from parallel lists of true and predicted class indices (out-of-range ones skipped).
    public init(truth: [Int], predicted: [Int], labels: [String], title: String? = "confusion matrix") {
        let n = labels.count
        var counts = [[Int]](repeating: [Int](repeating: 0, count: n), count: n)
        for (t, p) in zip(truth, predicted) where t >= 0 && t < n && p >= 0 && p < n {
            counts[t][p] += 1
        }
        self.init(counts: counts, labels: labels, title: title)
    }

    /// Correct / total over all rows; nil when there are no counts.
    public var accuracy: Double? {
        var correct = 0, total = 0
        for (i, row) in counts.enumerated() {
            for (j, c) in row.enumerated() where c > 0 {
                total += c
                if i == j { correct += c }
            }
        }
        return total > 0 ? Double(correct) / Double(total) : nil
    }

    public func render(width: Int = 80, style: Style = .plain) -> String {
        let n = counts.count
        let m = max(n, counts.map(\.count).max() ?? 0)
        var out: [String] = []
        if let title { out.append(style.bold(DisplayWidth.elide(title, to: max(width, 1)))) }
        guard n > 0, m > 0 else { return (out + [style.muted("(no classes)")]).joined(separator: "\n") }
        func count(_ i: Int, _ j: Int) -> Int { i < n && j < counts[i].count ? max(counts[i][j], 0) : 0 }
        func name(_ i: Int) -> String { i < labels.count ? labels[i].replacingNewlines() : String(i + 1) }
        let rowTotals = (0..<m).map { i in (0..<m).reduce(0) { $0 + count(i, $1) } }
        let total = rowTotals.reduce(0, +)
        let correct = (0..<m).reduce(0) { $0 + count($1, $1) }
        let digits = String((0..<m).flatMap { i in (0..<m).map { count(i, $0) } }.max() ?? 0).count
        let labelMax = (0..<m).map { DisplayWidth.of(name($0)) }.max() ?? 1
        let labelWidth = min(labelMax, 14)
        let recallWidth = 7
        let totalWidth = 2 * String(rowTotals.max() ?? 0).count + 1
        func fits(_ cell: Int) -> Bool {
            labelWidth + 1 + m * (cell + 1) + 1 + recallWidth + 2 + totalWidth <= width
        }
        let direct = max(digits + 2, labelMax)
        var cell = direct
        var numbered = false
        if labelMax > 8 || !fits(direct) {
            cell = max(digits + 2, String(m).count)
            numbered = true
        }
        guard fits(cell) else {
            return fallback(rowTotals: rowTotals, total: total, correct: correct, width: width, style: style)
        }
        var header = String(repeating: " ", count: labelWidth + 1)
        for j in 0..<m {
            header += style.bold(DisplayWidth.fit(numbered ? String(j + 1) : name(j), to: cell, align: .center)) + " "
        }
        out.append(header + " " + style.muted(DisplayWidth.pad("recall", to: recallWidth, align: .right)))
        for i in 0..<m {
            var line = DisplayWidth.fit(name(i), to: labelWidth) + " "
            for j in 0..<m {
                let c = count(i, j)
                let text = c == 0 ? "·" : String(c)
                let inner = i == j ? "[" + DisplayWidth.pad(text, to: digits, align: .right) + "]"
                                   : " " + DisplayWidth.pad(text, to: digits, align: .right) + " "
                let padded = DisplayWidth.pad(inner, to: cell, align: .center)
                let fraction = rowTotals[i] > 0 ? Double(c) / Double(rowTotals[i]) : 0
                if style.isColored && c > 0 {
                    let shaded = style.bg(padded, style.theme.scale.color(at: fraction))
                    line += (i == j ? style.bold(shaded) : shaded) + " "
                } else {
                    line += (c == 0 ? style.muted(padded) : padded) + " "
                }
            }
            let recall = rowTotals[i] > 0 ? ValueFormat.percent(1).string(Double(count(i, i)) / Double(rowTotals[i])) : "—"
            line += " " + DisplayWidth.pad(recall, to: recallWidth, align: .right)
            line += "  " + style.muted(DisplayWidth.pad("\(count(i, i))/\(rowTotals[i])", to: totalWidth, align: .right))
            out.append(line)
        }
        out.append(accuracy(correct: correct, total: total, style: style))
        if numbered {
            out.append(style.muted("classes:"))
            for j in 0..<m {
                out.append("  " + DisplayWidth.pad(String(j + 1), to: String(m).count, align: .right) + " "
                           + DisplayWidth.elide(name(j), to: max(width - String(m).count - 3, 1)))
            }
        }
        return out.joined(separator: "\n")
    }

    private func accuracy(correct: Int, total: Int, style: Style) -> String {
        let value = total > 0 ? ValueFormat.percent(1).string(Double(correct) / Double(total)) : "—"
        return style.bold("accuracy \(value)") + " (\(correct)/\(total))"
    }

    /// Too many classes for counts: row fractions as a shaded heatmap.
    private func fallback(rowTotals: [Int], total: Int, correct: Int, width: Int, style: Style) -> String {
        let m = rowTotals.count
        let fractions: [[Double]] = (0..<m).map { i in
            (0..<m).map { j in
                let c = i < counts.count && j < counts[i].count ? Double(max(counts[i][j], 0)) : 0
                return rowTotals[i] > 0 ? c / Double(rowTotals[i]) : 0
            }
        }
        let names = (0..<m).map { $0 < labels.count ? labels[$0] : String($0 + 1) }
        var map = Heatmap(fractions, rowLabels: names, columnLabels: names, title: title,
                          format: .percent(0), range: 0...1, rowName: "class", columnName: "class")
        map.best = .none
        map.showSummary = false
        return map.render(width: width, style: style) + "\n" + accuracy(correct: correct, total: total, style: style)
    }
}
