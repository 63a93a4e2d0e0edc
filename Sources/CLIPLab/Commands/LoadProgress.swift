import CLIPModel
import CLIPViz
import Foundation

/// A progress line while `load` draws a preset's random weights (ViT-B/32 takes seconds):
/// the loader polls `tick` once per weight tensor, which also passes Ctrl-C on.
///
/// Shown only on a terminal, as a transient line that disappears when loading ends.
final class LoadProgress: @unchecked Sendable {
    private let console: Console
    private let isCancelled: @Sendable () -> Bool
    private let label: String
    private let total: Int
    private let width: Int
    private let start = Date()
    private var tensors = 0
    private var lastDrawn = Date.distantPast

    /// For `reference` when it names a preset, else nil (nothing slow to show).
    init?(reference: String, context: Context) {
        guard let preset = CLIPConfig.presets.first(where: { $0.name == reference.lowercased() }),
              preset.name != "toy" else { return nil }
        let c = preset.config
        console = context.console
        isCancelled = context.isCancelled
        label = "drawing \(ModelSummary.count(c.parameterCount)) random weights"
        // Six linear layers per transformer block, plus embeddings and projections.
        total = 6 * (c.visionConfig.numHiddenLayers + c.textConfig.numHiddenLayers) + 7
        width = context.settings.width
    }

    /// Counts one tensor, redraws at most ten times a second, and reports Ctrl-C.
    func tick() -> Bool {
        tensors += 1
        let now = Date()
        if now.timeIntervalSince(lastDrawn) >= 0.1 {
            lastDrawn = now
            let bar = ProgressBar(step: min(tensors, total - 1), total: total, label: label,
                                  elapsed: now.timeIntervalSince(start), unit: "tensors")
            console.transient(bar.render(width: width))
        }
        return isCancelled()
    }

    func finish() { console.clearTransient() }
}
