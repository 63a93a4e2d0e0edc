import Foundation
import Testing
@testable import CLIPCore

/// The no-graph inference kernels compute what the differentiable ops compute.
@Suite("Inference kernels")
struct InferenceKernelTests {
    @Test("fastExp is within 3e-7 relative of exp, and 0 at −∞")
    func fastExpAccuracy() {
        var worst: Float = 0
        for i in 0...200_000 {
            let x = -87 + Float(i) * (175 / 200_000)
            let exact = Foundation.exp(Double(x))
            worst = max(worst, Float(abs(Double(fastExp(x)) - exact) / exact))
        }
        #expect(worst < 3e-7, "worst relative error \(worst)")
        #expect(fastExp(-.infinity) == 0 && fastExp(-100) == 0 && fastExp(0) == 1)
    }

    @Test("fastErf is within 1e-6 of erf, odd, and ±1 far out")
    func fastErfAccuracy() {
        var worst: Float = 0
        for i in 0...200_000 {
            let x = -8 + Float(i) * (16 / 200_000)
            worst = max(worst, Float(abs(Double(fastErf(x)) - Foundation.erf(Double(x)))))
        }
        #expect(worst < 1e-6, "worst absolute error \(worst)")
        #expect(abs(fastErf(0)) < 3e-7 && fastErf(-20) == -1 && fastErf(20) == 1 && fastErf(-0.5) == -fastErf(0.5))
    }

    @Test("Linear, QuickGELU and self-attention agree with and without a graph", arguments: [false, true])
    func inferenceMatchesGraph(causal: Bool) {
        var rng = RNG(seed: 11)
        let (b, t, c, heads) = (2, 5, 12, 3)
        let x = Tensor.randn([b, t, c], rng: &rng)
        let weights = (0..<3).map { _ in Tensor.randn([c, c], std: 0.3, rng: &rng, requiresGrad: true) }
        let biases = (0..<3).map { _ in Tensor.randn([c], std: 0.3, rng: &rng, requiresGrad: true) }
        let mask: Tensor? = causal ? .causalMask(t) : nil
        let graph = Tensor.attention(q: x.linear(weights[0], biases[0]), k: x.linear(weights[1], biases[1]),
                                     v: x.linear(weights[2], biases[2]), heads: heads, mask: mask)
        let (plain, linear, gelu) = GradMode.noGrad {
            (Tensor.selfAttentionInference(x, projections: [(weights[0], biases[0]), (weights[1], biases[1]), (weights[2], nil)],
                                           heads: heads, mask: mask),
             x.linear(weights[0], biases[0]), x.linear(weights[0], biases[0]).quickGelu())
        }
        let graphNoBias = Tensor.attention(q: x.linear(weights[0], biases[0]), k: x.linear(weights[1], biases[1]),
                                           v: x.linear(weights[2]), heads: heads, mask: mask)
        #expect(graph.requiresGrad && !plain.requiresGrad)
        func difference(_ a: Tensor, _ b: Tensor) -> Float { zip(a.data, b.data).map { abs($0 - $1) }.max() ?? 0 }
        #expect(plain.shape == [b, t, c] && difference(plain, graphNoBias) < 1e-5)
        #expect(difference(plain, graph) > 1e-3, "the v bias matters, so the comparison can fail")
        #expect(difference(linear, x.linear(weights[0], biases[0])) < 1e-6)
        #expect(difference(gelu, x.linear(weights[0], biases[0]).quickGelu()) < 1e-6)
    }
}
