import CLIPCore
import CLIPData
import CLIPModel
import Foundation

/// The paper's linear probe: L2-regularised multinomial logistic regression on frozen
/// image features (`LogisticRegression`, L-BFGS to convergence, scikit-learn's objective
/// with `C = 1/λ`), λ chosen on a validation split, then refitted on train + validation.
///
/// The λ search is the paper's: 97 values log-spaced over 10⁻⁶…10⁶ (8 per decade), searched
/// coarse-to-fine — first every 2 decades (10⁻⁶, 10⁻⁴, …, 10⁶), then the neighbours of the
/// best at half the spacing, until neighbours are one grid step apart (about 15 fits, not 97).
/// Example: 2-D features of two separable clusters → test accuracy 1.
public struct LinearProbe: Sendable {
    /// The refitted model on train + validation.
    public let model: LogisticRegression
    public var lambda: Double { model.lambda }
    /// Validation accuracy for each λ tried, in increasing λ.
    public let sweep: [(lambda: Double, accuracy: Double)]
    /// Accuracy of the refitted model on the rows it was fitted on (train + validation).
    public let trainAccuracy: Double

    /// λ = 10^(−6 + i/8) for i = 0…96.
    public static let paperGrid: [Double] = (0...96).map { i in
        // 10^(i/8 − 6) = 10^q · 10^(r/8): whole powers of ten exact, the rest from FixedMath.exp.
        let eighths = i - 48, q = Int((Double(eighths) / 8).rounded(.down)), r = eighths - 8 * q
        let whole = q >= 0 ? (0..<q).reduce(1.0) { p, _ in p * 10 } : 1 / (0..<(-q)).reduce(1.0) { p, _ in p * 10 }
        return r == 0 ? whole : whole * FixedMath.exp(Double(r) / 8 * 2.302585092994046)
    }

    /// Chooses λ from `grid` (sorted, increasing) by accuracy on `validation`, searching
    /// coarse-to-fine; ties go to the stronger regularisation.
    public init(train: (Tensor, [Int]), validation: (Tensor, [Int]), classes: Int, grid: [Double] = paperGrid,
                maxIterations: Int = 1000, tolerance: Double = 1e-6, isCancelled: () -> Bool = { false }) {
        precondition(!grid.isEmpty, "the λ grid is empty")
        var fits: [Int: (fit: LogisticRegression, accuracy: Double)] = [:]
        func evaluate(_ i: Int) {
            guard fits[i] == nil else { return }
            // Warm start from the nearest λ already fitted: same optimum, fewer iterations.
            let nearest = fits.keys.min { abs($0 - i) != abs($1 - i) ? abs($0 - i) < abs($1 - i) : $0 < $1 }
            let fit = LogisticRegression.fit(features: train.0, labels: train.1, classes: classes, lambda: grid[i],
                                             maxIterations: maxIterations, tolerance: tolerance,
                                             warmStart: nearest.flatMap { fits[$0]?.fit }, isCancelled: isCancelled)
            fits[i] = (fit, fit.accuracy(validation.0, labels: validation.1))
        }
        func best() -> Int {
            fits.max { $0.value.accuracy != $1.value.accuracy ? $0.value.accuracy < $1.value.accuracy : $0.key < $1.key }?.key ?? 0
        }
        var stride = 1
        while (grid.count - 1) / (stride * 2) >= 6 { stride *= 2 }
        for i in Swift.stride(from: 0, to: grid.count, by: stride) { evaluate(i) }
        evaluate(grid.count - 1)
        while stride > 1 {
            stride /= 2
            let centre = best()
            for i in [centre - stride, centre + stride] where grid.indices.contains(i) { evaluate(i) }
        }
        let chosen = best()
        let all = Tensor.concat([train.0, validation.0], axis: 0)
        let labels = train.1 + validation.1
        model = LogisticRegression.fit(features: all, labels: labels, classes: classes, lambda: grid[chosen],
                                       maxIterations: maxIterations, tolerance: tolerance, warmStart: fits[chosen]?.fit,
                                       isCancelled: isCancelled)
        trainAccuracy = model.accuracy(all, labels: labels)
        sweep = fits.keys.sorted().map { (lambda: grid[$0], accuracy: fits[$0]!.accuracy) }
    }

    /// Predicted class for each feature row `[N, D]`.
    public func predict(_ features: Tensor) -> [Int] { model.predict(features) }
}
