/// The text drawings as pictures, for `export … FILE.png`: the same values, labels and
/// marks (diagonal outlined, row best dotted, top bar highlighted) on a white canvas.
///
/// ```
/// let r = Raster.heatmap(Heatmap(matrix, rowLabels: images, columnLabels: texts, title: "S"))
/// (r.width, r.height)   // e.g. (468, 388)
/// ```
extension Raster {
    static let ink = RGB(40, 40, 40)
    static let faint = RGB(150, 150, 150)
    static let grid = RGB(225, 225, 225)
    static let labelScale = 2
    static let titleScale = 3
    static var charWidth: Int { BitmapFont.advance * labelScale }
    static var lineHeight: Int { BitmapFont.glyphHeight * labelScale }

    /// The heatmap as coloured cells with printed values; long column labels are
    /// numbered with a key underneath.
    public static func heatmap(_ map: Heatmap, cell: Int = 64, theme: Theme = .default) -> Raster {
        let grid = Heatmap.Grid(map)
        let (n, m) = (grid.rows, grid.columns)
        let pad = 16
        let rowLabels = grid.rowLabels.map { fit($0, maxWidth: 16 * charWidth, scale: labelScale) }
        let labelWidth = (rowLabels.map { BitmapFont.width(of: $0, scale: labelScale) }.max() ?? 0)
        let columnMax = grid.columnLabels.map { BitmapFont.width(of: $0, scale: labelScale) }.max() ?? 0
        let cellWidth = max(cell, min(columnMax + 12, 140))
        let numbered = columnMax + 12 > cellWidth
        let titleHeight = map.title == nil ? 0 : BitmapFont.glyphHeight * titleScale + 14
        let left = pad + labelWidth + (labelWidth > 0 ? 10 : 0)
        let top = pad + titleHeight + lineHeight + 10
        let legendWidth = 90
        let keyLines = numbered ? m : 0
        let titleWidth = map.title.map { BitmapFont.width(of: $0, scale: titleScale) + 2 * pad } ?? 0
        let width = max(left + m * cellWidth + 20 + legendWidth, min(titleWidth, 1600))
        let hasBest = (0..<n).contains { i in (0..<m).contains { grid.isBest(i, $0) } }
        let marksRow = grid.diagonal || hasBest ? lineHeight + 16 : 0
        let height = top + n * cell + pad + marksRow + (keyLines > 0 ? 10 + keyLines * (lineHeight + 6) : 0)
        var r = Raster(width: width, height: max(height, top + 60))
        if let title = map.title {
            r.text(fit(title, maxWidth: width - 2 * pad, scale: titleScale), x: pad, y: pad, color: ink, scale: titleScale)
        }
        for j in 0..<m {
            let label = numbered ? String(j + 1) : grid.columnLabels[j]
            let text = fit(label, maxWidth: cellWidth - 4, scale: labelScale)
            let w = BitmapFont.width(of: text, scale: labelScale)
            r.text(text, x: left + j * cellWidth + (cellWidth - w) / 2, y: top - lineHeight - 8, color: ink, scale: labelScale)
        }
        for i in 0..<n {
            let y = top + i * cell
            r.text(rowLabels[i], x: left - 10 - BitmapFont.width(of: rowLabels[i], scale: labelScale),
                   y: y + (cell - lineHeight) / 2, color: ink, scale: labelScale)
            for j in 0..<m {
                let x = left + j * cellWidth
                let t = grid.level(grid.values[i][j])
                let color = t.isNaN ? RGB(200, 200, 200) : theme.scale.color(at: t)
                r.fill(x: x, y: y, width: cellWidth, height: cell, color: color)
                let text = fit(grid.text[i][j], maxWidth: cellWidth - 6, scale: labelScale)
                let w = BitmapFont.width(of: text, scale: labelScale)
                let fg = color.luminance > 0.5 ? RGB(20, 20, 20) : RGB(245, 245, 245)
                r.text(text, x: x + (cellWidth - w) / 2, y: y + (cell - lineHeight) / 2, color: fg, scale: labelScale)
                if grid.isBest(i, j) {
                    r.fill(x: x + cellWidth - 12, y: y + 5, width: 7, height: 7, color: theme.accent)
                }
            }
        }
        for i in 0..<min(n, m) where grid.diagonal {
            r.stroke(x: left + i * cellWidth, y: top + i * cell, width: cellWidth, height: cell, color: theme.accent, thickness: 3)
        }
        // Colour key: a vertical ramp with the range's ends.
        let keyX = left + m * cellWidth + 20
        let keyHeight = max(n * cell, 60)
        for k in 0..<keyHeight {
            r.fill(x: keyX, y: top + k, width: 16, height: 1, color: theme.scale.color(at: 1 - Double(k) / Double(max(keyHeight - 1, 1))))
        }
        let fmt = grid.format
        r.text(fmt.string(grid.high), x: keyX + 22, y: top, color: ink, scale: labelScale)
        r.text(fmt.string(grid.low), x: keyX + 22, y: top + keyHeight - lineHeight, color: ink, scale: labelScale)
        // What the marks mean: the outlined diagonal and the best-in-row squares.
        if marksRow > 0 {
            let y = top + n * cell + 12
            var x = left
            if grid.diagonal {
                let meaning = map.rowName == "image" ? "matching pair" : "correct \(map.rowName)"
                r.stroke(x: x, y: y, width: 22, height: lineHeight, color: theme.accent, thickness: 3)
                r.text(meaning, x: x + 30, y: y, color: ink, scale: labelScale)
                x += 30 + BitmapFont.width(of: meaning, scale: labelScale) + 28
            }
            if hasBest {
                r.fill(x: x, y: y + (lineHeight - 7) / 2, width: 7, height: 7, color: theme.accent)
                r.text("best in row", x: x + 15, y: y, color: ink, scale: labelScale)
            }
        }
        if numbered {
            var y = top + n * cell + marksRow + 10 + pad / 2
            for j in 0..<m {
                let key = "\(j + 1)  " + grid.columnLabels[j]
                r.text(fit(key, maxWidth: width - left - pad, scale: labelScale), x: left, y: y, color: ink, scale: labelScale)
                y += lineHeight + 6
            }
        }
        return r
    }

    /// The confusion matrix as a picture: cells coloured and labelled by count, the
    /// diagonal outlined, the accuracy in the title.
    public static func confusionMatrix(_ matrix: ConfusionMatrix, cell: Int = 48, theme: Theme = .default) -> Raster {
        let n = max(matrix.counts.count, matrix.counts.map(\.count).max() ?? 0)
        let values = (0..<n).map { i in
            (0..<n).map { j in i < matrix.counts.count && j < matrix.counts[i].count ? Double(max(matrix.counts[i][j], 0)) : 0 }
        }
        let top = values.flatMap { $0 }.max() ?? 0
        let names = (0..<n).map { $0 < matrix.labels.count ? matrix.labels[$0] : String($0 + 1) }
        var title = matrix.title ?? "confusion matrix"
        if let accuracy = matrix.accuracy { title += " · accuracy " + ValueFormat.percent(1).string(accuracy) }
        let map = Heatmap(values, rowLabels: names, columnLabels: names, title: title, format: .fixed(0),
                          range: 0...max(top, 1), best: .none, rowName: "class", columnName: "class")
        return heatmap(map, cell: cell, theme: theme)
    }

    /// Horizontal bars, largest first when the chart is sorted, the top one highlighted.
    public static func barChart(_ chart: BarChart, width: Int = 720, theme: Theme = .default) -> Raster {
        let pad = 16, rowHeight = 30
        let items = chart.orderedItems
        let titleHeight = chart.title == nil ? 0 : BitmapFont.glyphHeight * titleScale + 16
        let labels = items.map { fit($0.label, maxWidth: width * 2 / 5, scale: labelScale) }
        let labelWidth = labels.map { BitmapFont.width(of: $0, scale: labelScale) }.max() ?? 0
        let values = items.map { chart.format.string($0.value) }
        let valueWidth = values.map { BitmapFont.width(of: $0, scale: labelScale) }.max() ?? 0
        let barLeft = pad + labelWidth + 12
        let barRoom = max(width - barLeft - valueWidth - 12 - pad, 10)
        let height = pad * 2 + titleHeight + max(items.count, 1) * rowHeight
        var r = Raster(width: width, height: height)
        if let title = chart.title {
            r.text(fit(title, maxWidth: width - 2 * pad, scale: titleScale), x: pad, y: pad, color: ink, scale: titleScale)
        }
        let top = chart.scale ?? max(items.map(\.value).filter(\.isFinite).max() ?? 1, 0)
        for (k, item) in items.enumerated() {
            let y = pad + titleHeight + k * rowHeight
            r.text(labels[k], x: pad, y: y + (rowHeight - lineHeight) / 2, color: ink, scale: labelScale)
            let fraction = item.value == .infinity ? 1 : top > 0 && item.value.isFinite ? min(max(item.value / top, 0), 1) : 0
            let length = Int((fraction * Double(barRoom)).rounded())
            let color = k == 0 && chart.sorted && !item.value.isNaN ? theme.accent : theme.bar
            r.fill(x: barLeft, y: y + 4, width: length, height: rowHeight - 8, color: color)
            r.text(values[k], x: barLeft + length + 8, y: y + (rowHeight - lineHeight) / 2, color: ink, scale: labelScale)
        }
        return r
    }

    /// A line chart with its value range on the y axis and the x range below.
    public static func lineChart(_ chart: LineChart, width: Int = 720, height: Int = 360, theme: Theme = .default) -> Raster {
        var r = Raster(width: width, height: height)
        let pad = 16
        let titleHeight = chart.title == nil ? 0 : BitmapFont.glyphHeight * titleScale + 16
        if let title = chart.title {
            r.text(fit(title, maxWidth: width - 2 * pad, scale: titleScale), x: pad, y: pad, color: ink, scale: titleScale)
        }
        let finite = chart.values.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else {
            r.text("no finite values", x: pad, y: pad + titleHeight, color: faint, scale: labelScale)
            return r
        }
        let fmt = chart.format ?? ValueFormat.automatic(for: finite)
        let (top, bottom) = (fmt.string(high), fmt.string(low))
        let axis = max(BitmapFont.width(of: top, scale: labelScale), BitmapFont.width(of: bottom, scale: labelScale))
        let x0 = pad + axis + 10, x1 = width - pad
        let y0 = pad + titleHeight + lineHeight / 2, y1 = height - pad - lineHeight - 10
        guard x1 > x0 + 2, y1 > y0 + 2 else { return r }
        for k in 0...4 {
            let y = y0 + (y1 - y0) * k / 4
            r.fill(x: x0, y: y, width: x1 - x0, height: 1, color: grid)
        }
        r.fill(x: x0, y: y0, width: 2, height: y1 - y0 + 1, color: faint)
        r.fill(x: x0, y: y1, width: x1 - x0, height: 2, color: faint)
        r.text(top, x: x0 - 8 - BitmapFont.width(of: top, scale: labelScale), y: y0 - lineHeight / 2, color: ink, scale: labelScale)
        r.text(bottom, x: x0 - 8 - BitmapFont.width(of: bottom, scale: labelScale), y: y1 - lineHeight / 2, color: ink, scale: labelScale)
        let first = chart.xRange.map { ValueFormat.compact.string($0.lowerBound) } ?? "0"
        let last = (chart.xRange.map { ValueFormat.compact.string($0.upperBound) } ?? String(max(chart.values.count - 1, 0)))
            + (chart.xLabel.map { " " + $0 } ?? "")
        r.text(first, x: x0, y: y1 + 8, color: ink, scale: labelScale)
        r.text(last, x: x1 - BitmapFont.width(of: last, scale: labelScale), y: y1 + 8, color: ink, scale: labelScale)
        let series = Sparkline.resample(chart.values, to: max(x1 - x0, 1))
        var previous: (Int, Int)?
        for (k, v) in series.enumerated() {
            guard v.isFinite else { previous = nil; continue }
            let x = x0 + (series.count > 1 ? (x1 - x0) * k / (series.count - 1) : 0)
            let t = high > low ? (v - low) / (high - low) : 0.5
            let y = y1 - Int((t * Double(y1 - y0)).rounded())
            if let p = previous { r.line(from: p, to: (x, y), color: theme.bar, thickness: 2) }
            previous = (x, y)
        }
        return r
    }
}
