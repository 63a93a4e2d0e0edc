import CLIPCore
import CLIPData
import CLIPModel
import Foundation

/// The paper's linear probe: L2-regularised multinomial logistic regression on frozen
/// image features, with the regularisation strength chosen on a validation split.
///
/// `loss(W, b) = CE(X·Wᵀ + b, y) + λ/2·‖W‖²`, minimised full-batch with Adam.
/// Example: 2-D features of two separable clusters → accuracy 1.
public struct LinearProbe {
    public let weight: Tensor   // [K, D]
    public let bias: Tensor     // [K]
    public let lambda: Float
    /// Validation accuracy for each λ tried (λ, accuracy).
    public let sweep: [(lambda: Float, accuracy: Float)]

    /// Fits one probe with a fixed λ.
    public static func fit(features: Tensor, labels: [Int], classes: Int, lambda: Float, steps: Int = 300,
                           learningRate: Float = 0.05) -> (weight: Tensor, bias: Tensor) {
        let d = features.shape[1]
        let w = Tensor.zeros([classes, d], requiresGrad: true), b = Tensor.zeros([classes], requiresGrad: true)
        let opt = AdamW(parameters: [w, b], learningRate: learningRate, weightDecay: 0)
        let x = features.detached()
        for _ in 0..<steps {
            opt.zeroGrad()
            let loss = x.linear(w, b).crossEntropy(targets: labels) + (w * w).sum().scaled(lambda / 2)
            loss.backward()
            opt.step()
        }
        return (w.detached(), b.detached())
    }

    /// Fits on `train`, choosing λ from `lambdas` by accuracy on `validation`, then refits
    /// on train + validation with the chosen λ.
    public init(train: (Tensor, [Int]), validation: (Tensor, [Int]), classes: Int,
                lambdas: [Float] = [1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1], steps: Int = 300) {
        var results: [(Float, Float)] = []
        for lambda in lambdas {
            let (w, b) = Self.fit(features: train.0, labels: train.1, classes: classes, lambda: lambda, steps: steps)
            results.append((lambda, Self.accuracy(weight: w, bias: b, features: validation.0, labels: validation.1)))
        }
        // Highest accuracy; ties go to the stronger regularisation.
        let best = results.max { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 > $1.0 }!.0
        let all = Tensor.concat([train.0, validation.0], axis: 0)
        let (w, b) = Self.fit(features: all, labels: train.1 + validation.1, classes: classes, lambda: best, steps: steps)
        weight = w; bias = b; lambda = best
        sweep = results.map { (lambda: $0.0, accuracy: $0.1) }
    }

    /// Predicted class for each feature row `[N, D]`.
    public func predict(_ features: Tensor) -> [Int] {
        Self.predict(weight: weight, bias: bias, features: features)
    }

    static func predict(weight: Tensor, bias: Tensor, features: Tensor) -> [Int] {
        let logits = GradMode.noGrad { features.linear(weight, bias) }
        let k = weight.shape[0]
        return (0..<features.shape[0]).map { i in
            (0..<k).max { logits.data[i * k + $0] < logits.data[i * k + $1] }!
        }
    }

    static func accuracy(weight: Tensor, bias: Tensor, features: Tensor, labels: [Int]) -> Float {
        guard !labels.isEmpty else { return 0 }
        let p = predict(weight: weight, bias: bias, features: features)
        return Float(zip(p, labels).filter { $0 == $1 }.count) / Float(labels.count)
    }
}
