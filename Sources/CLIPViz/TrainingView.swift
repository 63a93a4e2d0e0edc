/// The live training screen in one drawing: progress, loss sparkline, temperature and
/// accuracies, and the probe batch's matrix beside the shared space (stacked when narrow).
///
/// ```
/// train  412/800 [████████████▌            ]  51%  41.3 steps/s  ETA 0:09
/// loss ▇▆▅▄▃▃▂▂▂▁▁▁  min 0.41  max 2.08  last 0.44
/// temperature 14.2   train 82.0%   held-out 61.3%
/// probe batch            …  shared space
/// ```
public struct TrainingView: Sendable {
    public var progress: ProgressBar
    public var losses: [Double]
    /// exp(t), the logit scale the similarities are multiplied by.
    public var temperature: Double?
    /// Named fractions shown as percentages ("train", 0.82).
    public var metrics: [(String, Double)]
    public var matrix: Heatmap?
    public var space: SpacePlot?

    public init(progress: ProgressBar, losses: [Double], temperature: Double? = nil,
                metrics: [(String, Double)] = [], matrix: Heatmap? = nil, space: SpacePlot? = nil) {
        self.progress = progress
        self.losses = losses
        self.temperature = temperature
        self.metrics = metrics
        self.matrix = matrix
        self.space = space
    }

    public func render(width: Int = 80, style: Style = .plain) -> String {
        var lines = [progress.render(width: width, style: style)]
        lines.append(Sparkline(losses, label: "loss", showLast: true).render(width: width, style: style))
        var facts: [String] = []
        if let temperature { facts.append("temperature " + ValueFormat.fixed(temperature, decimals: 1)) }
        for (name, value) in metrics { facts.append(name + " " + ValueFormat.percent(1).string(value)) }
        if !facts.isEmpty {
            lines += TextWrap.pack(facts.map { style.muted($0) }, width: width, style: style)
        }
        let plotWidth = 40
        switch (matrix, space) {
        case let (matrix?, space?) where width >= plotWidth + 3 + 40:
            lines.append("")
            let left = matrix.render(width: width - plotWidth - 3, style: style).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let leftWidth = left.map(DisplayWidth.of).max() ?? 0
            let right = space.render(width: width - leftWidth - 3, height: min(max(left.count - 1, 8), 16), style: style)
                .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            for k in 0..<max(left.count, right.count) {
                let l = k < left.count ? left[k] : ""
                let r = k < right.count ? right[k] : ""
                var line = DisplayWidth.pad(l, to: leftWidth) + "   " + r
                while line.last == " " { line.removeLast() }
                lines.append(line)
            }
        default:
            if let matrix { lines += ["", matrix.render(width: width, style: style)] }
            if let space { lines += ["", space.render(width: width, height: 10, style: style)] }
        }
        return lines.joined(separator: "\n")
    }
}
