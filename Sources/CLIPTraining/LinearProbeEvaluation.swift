import CLIPCore
import CLIPData
import CLIPModel
import Foundation

/// The paper's linear-probe protocol on an image folder: a stratified train/test split of
/// frozen image embeddings, an L2-regularised logistic regression (λ chosen on a
/// validation part of the training split), and zero-shot accuracy on the same test images.
///
/// Example: `try LinearProbeEvaluation(images: embeds, classes: 4, split: 0.8).accuracy`.
public struct LinearProbeEvaluation: Sendable, Encodable {
    public let trainCount: Int, validationCount: Int, testCount: Int
    /// Probe accuracy on the test split.
    public let accuracy: Double
    /// Zero-shot accuracy on the same test images (when a classifier was given).
    public let zeroShotAccuracy: Double?
    /// The chosen L2 strength (scikit-learn's `C` is `1/λ`) and how its refit on train +
    /// validation ended: L-BFGS iterations, largest gradient component, converged or not.
    public let lambda: Double
    public let iterations: Int
    public let gradientNorm: Double
    public let converged: Bool
    /// Probe accuracy on the rows it was refitted on (train + validation).
    public let trainAccuracy: Double
    public let sweep: [Sweep]

    public struct Sweep: Sendable, Encodable {
        public let lambda: Double, validationAccuracy: Double
        enum CodingKeys: String, CodingKey { case lambda, validationAccuracy = "validation_accuracy" }
    }

    enum CodingKeys: String, CodingKey {
        case trainCount = "n_train", validationCount = "n_validation", testCount = "n_test"
        case accuracy = "linear_probe_top1", zeroShotAccuracy = "zero_shot_top1", lambda, sweep
        case iterations, gradientNorm = "gradient_norm", converged, trainAccuracy = "train_accuracy"
    }

    /// - Parameters:
    ///   - images: embedded dataset (labels from its items).
    ///   - split: fraction of each class used for training (the rest is the test split).
    ///   - validation: fraction of each class's training images held out to choose λ.
    ///   - seed: the shuffle before splitting.
    /// - Throws: `EvaluationError.badSplit` when a class cannot give both splits an image.
    public init(images: DatasetEmbeddings, classes: Int, split: Double = 0.8, validation: Double = 0.2, seed: UInt64 = 0,
                zeroShot: ZeroShotClassifier? = nil, grid: [Double] = LinearProbe.paperGrid,
                isCancelled: () -> Bool = { false }) throws {
        guard split > 0, split < 1 else { throw EvaluationError.badSplit("--split must be between 0 and 1 (e.g. 0.8), got \(split)") }
        var byClass = [[Int]](repeating: [], count: classes)
        for (i, item) in images.items.enumerated() { byClass[item.label].append(i) }
        var rng = RNG(seed: seed)
        var train: [Int] = [], val: [Int] = [], test: [Int] = []
        for (c, rows) in byClass.enumerated() {
            guard rows.count >= 3 else {
                throw EvaluationError.badSplit("class \(c) has \(rows.count) readable image\(rows.count == 1 ? "" : "s"); a linear probe needs at least 3 per class (train, validation, test)")
            }
            let shuffled = rng.shuffled(rows)
            let nTrain = min(rows.count - 1, max(2, Int((Double(rows.count) * split).rounded())))
            let nVal = min(nTrain - 1, max(1, Int((Double(nTrain) * validation).rounded())))
            val += shuffled[0..<nVal]
            train += shuffled[nVal..<nTrain]
            test += shuffled[nTrain...]
        }
        let x = images.embeddings
        func rows(_ idx: [Int]) -> (Tensor, [Int]) {
            (x.selectingRows(idx), idx.map { images.items[$0].label })
        }
        let probe = LinearProbe(train: rows(train), validation: rows(val), classes: classes, grid: grid, isCancelled: isCancelled)
        if isCancelled() { throw CancellationError() }
        let (testX, testY) = rows(test)
        let predicted = probe.predict(testX)
        accuracy = Double(zip(predicted, testY).filter { $0 == $1 }.count) / Double(testY.count)
        if let zeroShot {
            let best = zeroShot.predict(imageEmbeds: testX).map(\.best)
            zeroShotAccuracy = Double(zip(best, testY).filter { $0 == $1 }.count) / Double(testY.count)
        } else {
            zeroShotAccuracy = nil
        }
        trainCount = train.count; validationCount = val.count; testCount = test.count
        lambda = probe.lambda
        iterations = probe.model.iterations
        gradientNorm = probe.model.gradientNorm
        converged = probe.model.converged
        trainAccuracy = probe.trainAccuracy
        sweep = probe.sweep.map { Sweep(lambda: $0.lambda, validationAccuracy: $0.accuracy) }
    }
}

extension Tensor {
    /// Rows `indices` of a `[N, D]` tensor, as a new `[indices.count, D]` tensor (no graph).
    func selectingRows(_ indices: [Int]) -> Tensor {
        let d = shape[1]
        var out = [Float]()
        out.reserveCapacity(indices.count * d)
        for i in indices { out += data[(i * d)..<((i + 1) * d)] }
        return Tensor(shape: [indices.count, d], data: out)
    }
}
