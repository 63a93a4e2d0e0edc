import CLIPCore
import Testing
@testable import CLIPTraining
import CLIPData
import CLIPModel
import CLIPTestSupport

@Suite("Linear probe and prompt templates")
struct LinearProbeTests {
    /// Three Gaussian clusters in 4-D, separable but noisy.
    func clusters(_ n: Int, seed: UInt64) -> (Tensor, [Int]) {
        var rng = RNG(seed: seed)
        let centres: [[Float]] = [[2, 0, 0, 0], [0, 2, 0, 0], [0, 0, 2, 0]]
        var x: [Float] = [], y: [Int] = []
        for i in 0..<n {
            let c = i % 3
            x += centres[c].map { $0 + rng.normal() * 0.5 }
            y.append(c)
        }
        return (Tensor(shape: [n, 4], data: x), y)
    }

    @Test("the probe separates noisy clusters and picks the strongest λ of the best validation accuracy")
    func separable() {
        let probe = LinearProbe(train: clusters(90, seed: 1), validation: clusters(30, seed: 2), classes: 3,
                                grid: [1e-4, 1e-2, 10, 1e4])
        let (x, y) = clusters(60, seed: 3)
        let correct = zip(probe.predict(x), y).filter { $0 == $1 }.count
        #expect(correct >= 57)
        #expect(probe.sweep.count == 4)
        // Shrinking alone keeps these balanced clusters apart, so accuracy ties; ties go to the strongest λ.
        let best = probe.sweep.map(\.accuracy).max() ?? 0
        #expect(probe.lambda == probe.sweep.filter { $0.accuracy == best }.map(\.lambda).max())
        #expect(probe.model.converged)
    }

    @Test("templates fill the class name", arguments: [
        ("a photo of a {}.", "cat", "a photo of a cat."), ("{} and {}", "x", "x and x"), ("photo:", "dog", "photo: dog"),
    ])
    func fill(template: String, label: String, expected: String) {
        #expect(PromptTemplates.fill(template, with: label) == expected)
    }

    @Test("the paper's ImageNet ensemble has 80 distinct templates")
    func imagenet() {
        #expect(PromptTemplates.imagenet.count == 80 && Set(PromptTemplates.imagenet).count == 80)
        #expect(PromptTemplates.named("imagenet")?.count == 80 && PromptTemplates.named("nope") == nil)
    }
}
