import CLIPCore
import Foundation
import Testing
@testable import CLIPTraining

/// The probe against scikit-learn on Tests/Fixtures/probe (made by make_probe_fixtures.py):
/// 600 overlapping 32-d feature rows in 10 classes, where a probe that stops short of the
/// optimum loses accuracy.
@Suite("Linear probe parity with scikit-learn")
struct ProbeFixtureTests {
    struct Reference: Decodable {
        struct Fixed: Decodable {
            let lambda: Double
            let test_accuracy: Double, train_accuracy: Double
            let test_predictions: [Int]
            let coef: [[Double]], intercept: [Double]
        }
        struct Search: Decodable { let lambda: Double, validation_accuracy: Double, fits: Int, test_accuracy: Double }
        let labels: [Int], train: [Int], validation: [Int], test: [Int]
        let fixed: [Fixed]
        let search: Search
    }

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/probe")

    let reference: Reference
    let features: Tensor

    init() throws {
        reference = try JSONDecoder().decode(Reference.self, from: Data(contentsOf: Self.directory.appendingPathComponent("sklearn.json")))
        features = try NPY.readTensor(Self.directory.appendingPathComponent("features.npy"))
    }

    func rows(_ indices: [Int]) -> (Tensor, [Int]) { (features.selectingRows(indices), indices.map { reference.labels[$0] }) }

    @Test("at scikit-learn's λ the probe's test accuracy is within 1 point and ≥ 98 % of predictions agree", arguments: [0, 1])
    func fixedLambda(index: Int) throws {
        let expected = reference.fixed[index]
        let (x, y) = rows(reference.train + reference.validation)
        let fit = LogisticRegression.fit(features: x, labels: y, classes: 10, lambda: expected.lambda)
        #expect(fit.converged, "gradient \(fit.gradientNorm) after \(fit.iterations) iterations")
        let (testX, testY) = rows(reference.test)
        let predicted = fit.predict(testX)
        let accuracy = fit.accuracy(testX, labels: testY)
        #expect(abs(accuracy - expected.test_accuracy) <= 0.01, "probe \(accuracy), scikit-learn \(expected.test_accuracy)")
        let agree = zip(predicted, expected.test_predictions).filter { $0 == $1 }.count
        #expect(Double(agree) >= 0.98 * Double(predicted.count), "\(agree) of \(predicted.count) predictions agree")
        #expect(abs(fit.accuracy(x, labels: y) - expected.train_accuracy) <= 0.01)
        // Same objective, same optimum: the coefficients agree to 0.1 % of the largest one.
        let coef = expected.coef.flatMap { $0 }
        let scale = (coef + expected.intercept).map(abs).max() ?? 1
        let coefError = zip(fit.weight, coef).map { abs($0 - $1) }.max() ?? 0
        let biasError = zip(fit.bias, expected.intercept).map { abs($0 - $1) }.max() ?? 0
        #expect(max(coefError, biasError) < 1e-3 * scale, "largest difference: weight \(coefError), bias \(biasError), largest value \(scale)")
    }

    @Test("the paper's λ search on the validation split lands where scikit-learn's does")
    func search() throws {
        let probe = LinearProbe(train: rows(reference.train), validation: rows(reference.validation), classes: 10)
        #expect(probe.sweep.count >= 7 && probe.sweep.count <= 15)
        #expect(probe.sweep.contains { $0.lambda == 1e-6 } && probe.sweep.contains { abs($0.lambda - 1e6) < 1e-6 })
        let best = probe.sweep.map(\.accuracy).max() ?? 0
        // The best validation accuracy, and among ties the strongest regularisation.
        #expect(probe.lambda == probe.sweep.filter { $0.accuracy == best }.map(\.lambda).max())
        #expect(abs(best - reference.search.validation_accuracy) <= 0.011)
        let (testX, testY) = rows(reference.test)
        let accuracy = probe.model.accuracy(testX, labels: testY)
        #expect(abs(accuracy - reference.search.test_accuracy) <= 0.02, "probe \(accuracy) at λ \(probe.lambda), scikit-learn \(reference.search.test_accuracy) at λ \(reference.search.lambda)")
        #expect(probe.model.converged && probe.model.iterations > 0)
        #expect(probe.trainAccuracy > accuracy)
    }

    @Test("the probe is deterministic")
    func deterministic() {
        let a = LinearProbe(train: rows(reference.train), validation: rows(reference.validation), classes: 10, grid: [1e-2, 1, 100])
        let b = LinearProbe(train: rows(reference.train), validation: rows(reference.validation), classes: 10, grid: [1e-2, 1, 100])
        #expect(a.model.weight == b.model.weight && a.lambda == b.lambda && a.model.iterations == b.model.iterations)
    }
}
