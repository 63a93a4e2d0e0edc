import CLIPCore
import CLIPData
import CLIPModel
import CLIPTraining
import CLIPViz
import Foundation

/// What `train` shows while it runs: a redrawn `TrainingView` in a terminal, plain progress
/// lines in a pipe, nothing with `--json`.
///
/// Redraws are throttled (every 0.1 s; accuracies every second) so drawing costs little of
/// the run. Measuring never touches the training stream, so the numbers do not depend on
/// whether anyone watches.
final class TrainLiveView {
    private let trainer: ToyTrainer
    private let console: Console
    private let style: Style
    private let width: Int
    private let live: Bool
    private let plain: Bool
    private let monitor: ToyTrainingMonitor?
    private var shownLines = 0
    private var lastDraw = -Double.infinity
    private var lastMeasure = -Double.infinity
    private var accuracies: (train: Double, heldOut: Double)?
    private var last: ToyTrainingStep?
    /// The live picture's display, once shown.
    private var richID: String?

    init(trainer: ToyTrainer, context: Context, json: Bool) {
        self.trainer = trainer
        console = context.console
        style = context.style
        width = context.settings.width
        live = context.console.isTerminal && !json
        plain = !context.console.isTerminal && !json
        monitor = json ? nil : ToyTrainingMonitor(trainer: trainer)
    }

    /// Called after every step.
    func update(_ step: ToyTrainingStep) {
        last = step
        if live {
            let due = step.seconds - lastDraw >= 0.1 || step.step == step.total
            guard due else { return }
            if step.seconds - lastMeasure >= 1 || step.step == step.total { measure(step) }
            lastDraw = step.seconds
            redraw(frame(step))
        } else if plain {
            let every = max(1, step.total / 10)
            guard step.step % every == 0 || step.step == step.total else { return }
            measure(step)
            var parts = ["step \(step.step)/\(step.total)", "loss " + String(format: "%.3f", step.loss),
                         "temperature " + String(format: "%.1f", Foundation.exp(step.logitScale))]
            if let b = step.logitBias { parts.append("bias " + String(format: "%.2f", b)) }
            if let a = accuracies { parts.append("held-out " + ValueFormat.percent(1).string(a.heldOut)) }
            parts.append(String(format: "%.1f s", step.seconds))
            console.line(parts.joined(separator: "  "))
            showRich(step)
        }
    }

    /// Clears the live frame (the final one is printed as the command's output).
    func finish() {
        guard live, shownLines > 0 else { return }
        let up = shownLines > 1 ? "\u{1B}[\(shownLines - 1)A" : ""
        console.transient(up + "\r\u{1B}[J")
        console.clearTransient()
        shownLines = 0
    }

    /// The last frame, for the command's recorded output.
    func finalFrame() -> String {
        guard let last, !plain else { return "" }
        if live || accuracies == nil { measure(last) }
        return frame(last)
    }

    private func measure(_ step: ToyTrainingStep) {
        lastMeasure = step.seconds
        if let monitor, let a = try? monitor.accuracies() { accuracies = a }
    }

    private func frame(_ step: ToyTrainingStep) -> String {
        let rate = step.seconds > 0 ? Double(step.step) / step.seconds : nil
        let progress = ProgressBar(step: step.step, total: step.total, label: "train", rate: rate, elapsed: step.seconds)
        var metrics: [(String, Double)] = []
        if let a = accuracies { metrics = [("train", a.train), ("held-out", a.heldOut)] }
        var matrix: Heatmap?
        var space: SpacePlot?
        if let monitor, let probe = try? monitor.probe() {
            let n = monitor.probeCaptions.count
            let objective = trainer.model.objective
            matrix = objective.kind == .clip
                ? Heatmap.softmax(SimilarityScores.rows(probe.logits), along: .row, rowLabels: monitor.probeLabels,
                                  columnLabels: monitor.probeCaptions, title: "probe batch: p(text | image)")
                : Heatmap(SimilarityScores.rows(objective.probabilities(logits: probe.logits)), rowLabels: monitor.probeLabels,
                          columnLabels: monitor.probeCaptions, title: "probe batch: σ(logit), each pair on its own", format: .fixed(2), range: 0...1)
            if trainer.model.config.projectionDim == 2 {
                space = SpacePlot(images: SpacePlot.points(probe.images.data), texts: SpacePlot.points(probe.texts.data),
                                  imageLabels: monitor.probeLabels, textLabels: monitor.probeCaptions,
                                  title: "shared space (\(n) pairs)")
            }
        }
        let view = TrainingView(progress: progress, losses: trainer.losses.map(Double.init),
                                temperature: Double(Foundation.exp(step.logitScale)), metrics: metrics,
                                matrix: matrix, space: space)
        return view.render(width: width, style: style)
    }

    /// The loss curve and the probe batch's matrix as one picture, refreshed in place where
    /// the front end shows pictures (the Jupyter kernel); drawn only there.
    private func showRich(_ step: ToyTrainingStep) {
        guard console.showsRich else { return }
        let id = richID ?? "train-" + String(UInt64.random(in: 0...UInt64.max), radix: 16)
        let curve = LineChart(trainer.losses, title: "loss — step \(step.step)/\(step.total)", xLabel: "step")
        var parts = [Raster.lineChart(curve, width: 640, height: 300)]
        if let monitor, let probe = try? monitor.probe() {
            parts.append(Raster.heatmap(Heatmap.softmax(SimilarityScores.rows(probe.logits), along: .row, rowLabels: monitor.probeLabels,
                                                        columnLabels: monitor.probeCaptions, title: "probe batch: p(text | image)"), cell: 48))
        }
        console.show(png: Raster.stacked(parts), text: "training: step \(step.step)/\(step.total)", id: id, update: richID != nil)
        richID = id
    }

    /// Replaces the previous frame with `text` in place (terminal only, not recorded).
    private func redraw(_ text: String) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let up = shownLines > 1 ? "\u{1B}[\(shownLines - 1)A" : ""
        console.transient(up + "\r" + lines.joined(separator: "\u{1B}[K\n") + "\u{1B}[K\u{1B}[J")
        shownLines = lines.count
    }
}
