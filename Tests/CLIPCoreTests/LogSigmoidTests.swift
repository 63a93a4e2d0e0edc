import Foundation
import Testing
@testable import CLIPCore

@Suite("logSigmoid")
struct LogSigmoidTests {
    @Test("Its gradient matches finite differences", arguments: GradientTests.seeds)
    func gradient(seed: UInt64) {
        var rng = RNG(seed: seed)
        gradCheck("logSigmoid", inputs: [Tensor.randn([3, 5], rng: &rng).scaled(4).detachedLeaf()]) { $0[0].logSigmoid() }
    }

    @Test("Values match log(1/(1+e^−x)) and stay finite far from zero")
    func values() {
        let x = Tensor(shape: [5], data: [0, 2, -2, 100, -100])
        let y = x.logSigmoid().data
        for (v, want) in zip(y.prefix(3), [-0.693147, -0.126928, -2.126928] as [Float]) { #expect(abs(v - want) < 1e-5) }
        #expect(y[3] <= 0 && y[3] > -1e-30)   // −e^−100
        #expect(y[4] == -100)
    }
}
