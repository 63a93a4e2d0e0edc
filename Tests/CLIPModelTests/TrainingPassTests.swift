import CLIPCore
import Foundation
import Testing
@testable import CLIPModel

/// `trainingPass` cuts the graph at the embeddings and runs the towers side by side; its
/// loss and every gradient must be those of the one-graph `model(pixels:ids:).loss()`.
@Suite("Training pass with the towers side by side", .serialized)
struct TrainingPassTests {
    /// Loss and gradients (in parameter order) after one backward, starting from zero.
    static func gradients(_ model: CLIP, _ run: () throws -> Float) rethrows -> (Float, [[Float]]) {
        for p in model.parameters { p.zeroGrad() }
        let loss = try run()
        return (loss, model.parameters.map { $0.grad ?? [Float](repeating: 0, count: $0.count) })
    }

    @Test("the same loss and gradients as one graph, on one thread and on two, with and without caption groups",
          arguments: [(1, false), (2, false), (2, true)])
    func sameGradients(threads: Int, grouped: Bool) throws {
        let previous = Threads.count
        Threads.configure(threads)
        defer { Threads.configure(previous) }
        let model = try CLIP(config: tinyConfig(), parameters: .random(seed: 4))
        var rng = RNG(seed: 5)
        let pixels = Tensor.randn([4, 3, 8, 8], rng: &rng)
        let ids = [[8, 1, 2, 9], [8, 3, 9], [8, 4, 5, 6, 9], [8, 1, 2, 9]]
        let groups = grouped ? [0, 1, 2, 0] : nil
        let (oneLoss, one) = try Self.gradients(model) {
            let loss = try model(pixels: pixels, ids: ids).loss(captionGroups: groups)
            loss.backward()
            return loss.item
        }
        let (splitLoss, split) = try Self.gradients(model) {
            let pass = try model.trainingPass(pixels: pixels, ids: ids, captionGroups: groups)
            pass.backward()
            return pass.loss.item
        }
        #expect(abs(oneLoss - splitLoss) <= 1e-6 * max(1, abs(oneLoss)))
        var worst: Float = 0
        for (a, b) in zip(one, split) {
            let scale = max(1e-3, a.map(abs).max() ?? 0)
            worst = max(worst, zip(a, b).map { abs($0 - $1) / scale }.max() ?? 0)
        }
        #expect(worst <= 1e-5, "largest gradient difference, relative to its tensor's largest value: \(worst)")
        // Every tensor got a gradient through both towers and the temperature.
        #expect(split.allSatisfy { g in g.contains { $0 != 0 } })
    }

    @Test("on the toy preset at batch 64 the gradients are the same bits on one thread and on two")
    func threadCountIndependent() throws {
        let previous = Threads.count
        defer { Threads.configure(previous) }
        let model = try CLIP(config: .toy, parameters: .random(seed: 4))
        var rng = RNG(seed: 5)
        let pixels = Tensor.randn([64, 3, 32, 32], rng: &rng)
        let ids = (0..<64).map { i in [2 + i % 7, 3 + i % 5, 4, 5 + i % 3, 1] }
        func run(_ threads: Int) throws -> (Float, [[Float]]) {
            Threads.configure(threads)
            return try Self.gradients(model) {
                let pass = try model.trainingPass(pixels: pixels, ids: ids)
                pass.backward()
                return pass.loss.item
            }
        }
        let (oneLoss, one) = try run(1), (twoLoss, two) = try run(2)
        #expect(oneLoss == twoLoss)
        #expect(one == two, "\(zip(one, two).filter { $0 != $1 }.count) gradient tensors differ")
    }

    @Test("a batch the image tower refuses throws from trainingPass, leaving no gradients")
    func refusal() throws {
        let model = try CLIP(config: tinyConfig(), parameters: .random(seed: 4))
        var rng = RNG(seed: 5)
        let wrong = Tensor.randn([2, 3, 12, 12], rng: &rng)
        #expect(throws: (any Error).self) { try model.trainingPass(pixels: wrong, ids: [[8, 1, 9], [8, 2, 9]]) }
        #expect(model.parameters.allSatisfy { $0.grad == nil })
    }
}
