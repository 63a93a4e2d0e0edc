import CLIPCore
import Foundation

/// Multinomial logistic regression with an L2 penalty on the weights (not the bias), fitted
/// to convergence with L-BFGS in double precision.
///
/// The objective is scikit-learn's with `C = 1/λ`: the cross-entropy *summed* over the
/// training rows plus `λ/2·‖W‖²`,
///
///     F(W, b) = Σᵢ −log softmax(W·xᵢ + b)[yᵢ] + λ/2·‖W‖²
///
/// so `LogisticRegression(C: 1/λ)` and `LogisticRegression.fit(…, lambda: λ)` minimise the
/// same function. It is optimised divided by the row count (as scikit-learn does), so the
/// gradient tolerance means the same thing for any dataset size.
/// Example: two separable clusters and λ = 1 → training accuracy 1, `converged == true`.
public struct LogisticRegression: Sendable {
    public let classes: Int, dimensions: Int
    /// `[classes × dimensions]`, row-major.
    public let weight: [Double]
    public let bias: [Double]
    public let lambda: Double
    /// L-BFGS iterations taken, largest gradient component of F/N at the end, and whether
    /// that fell below the tolerance.
    public let iterations: Int
    public let gradientNorm: Double
    public let converged: Bool

    /// Fits on `features` (`[N, D]`) and `labels` (each in 0..<classes).
    /// - Parameters:
    ///   - warmStart: a previous fit of the same shape to start from (the λ sweep uses it).
    public static func fit(features: Tensor, labels: [Int], classes: Int, lambda: Double, maxIterations: Int = 1000,
                           tolerance: Double = 1e-6, warmStart: LogisticRegression? = nil,
                           isCancelled: () -> Bool = { false }) -> LogisticRegression {
        let n = features.shape[0], d = features.shape[1], k = classes
        precondition(labels.count == n && labels.allSatisfy { (0..<k).contains($0) }, "labels must match the rows and classes")
        let x = features.data.map(Double.init)
        let start = warmStart.map { $0.weight + $0.bias } ?? [Double](repeating: 0, count: k * d + k)
        var logits = [Double](repeating: 0, count: n * k)
        var gradient = [Double](repeating: 0, count: k * d + k)
        // The loops go through pointers: a captured array indexed in a closure is checked for
        // exclusive access on every element, which cost more than the arithmetic.
        let objective: ([Double]) -> (value: Double, gradient: [Double]) = { theta in
            var loss = 0.0, penalty = 0.0
            theta.withUnsafeBufferPointer { t in
                logits.withUnsafeMutableBufferPointer { l in
                    gradient.withUnsafeMutableBufferPointer { g in
                        // logits [N, K] = X [N, D] · Wᵀ [D, K]
                        fixedOrderProduct(false, true, m: n, n: k, k: d, x, t.baseAddress!, beta: 0, l.baseAddress!)
                        let biasGradient = g.baseAddress! + k * d   // ∂F/∂b, the sum of the residual rows
                        biasGradient.update(repeating: 0, count: k)
                        for i in 0..<n {
                            let row = l.baseAddress! + i * k, label = labels[i]
                            var top = -Double.infinity
                            for c in 0..<k { row[c] += t[k * d + c]; top = max(top, row[c]) }
                            var sum = 0.0
                            for c in 0..<k { row[c] = FixedMath.exp(row[c] - top); sum += row[c] }
                            loss += FixedMath.log(sum) - FixedMath.log(row[label])
                            // The row now holds the residual softmax − one-hot.
                            for c in 0..<k { row[c] /= sum }
                            row[label] -= 1
                            for c in 0..<k { biasGradient[c] += row[c] }
                        }
                        // ∂F/∂W [K, D] = residualᵀ [K, N] · X [N, D] + λ·W
                        for j in 0..<(k * d) { g[j] = lambda * t[j]; penalty += t[j] * t[j] }
                        fixedOrderProduct(true, false, m: k, n: d, k: n, l.baseAddress!, x, beta: 1, g.baseAddress!)
                    }
                }
            }
            let scale = 1 / Double(n)
            return ((loss + lambda / 2 * penalty) * scale, gradient.map { $0 * scale })
        }
        let result = LBFGS(maxIterations: maxIterations, gradientTolerance: tolerance).minimize(from: start, isCancelled: isCancelled, objective)
        return LogisticRegression(classes: k, dimensions: d, weight: Array(result.x[0..<(k * d)]),
                                  bias: Array(result.x[(k * d)...]), lambda: lambda, iterations: result.iterations,
                                  gradientNorm: result.gradientNorm, converged: result.converged)
    }

    /// Class scores `[N, K]` for feature rows `[N, D]`, row-major.
    public func logits(_ features: Tensor) -> [Double] {
        let n = features.shape[0]
        precondition(features.shape[1] == dimensions, "features have \(features.shape[1]) dimensions, the probe \(dimensions)")
        let x = features.data.map(Double.init)
        var out = [Double](repeating: 0, count: n * classes)
        out.withUnsafeMutableBufferPointer { o in
            fixedOrderProduct(false, true, m: n, n: classes, k: dimensions, x, weight, beta: 0, o.baseAddress!)
        }
        for i in 0..<n { for c in 0..<classes { out[i * classes + c] += bias[c] } }
        return out
    }

    /// Predicted class for each feature row `[N, D]` (the first on a tie, as argmax does).
    public func predict(_ features: Tensor) -> [Int] {
        let scores = logits(features)
        return (0..<features.shape[0]).map { i in
            var best = 0
            for c in 1..<max(1, classes) where scores[i * classes + c] > scores[i * classes + best] { best = c }
            return best
        }
    }

    /// Fraction of rows predicted as their label (0 for no rows).
    public func accuracy(_ features: Tensor, labels: [Int]) -> Double {
        guard !labels.isEmpty else { return 0 }
        return Double(zip(predict(features), labels).filter { $0 == $1 }.count) / Double(labels.count)
    }
}
