import Foundation
import Testing
@testable import CLIPCore

/// The fast attention kernels against the step-by-step `referenceAttention`, on peaked
/// attention (large q·k, so most rows put nearly all weight on one key — where a slip in
/// the max-subtraction, the scale or the mask shows up clearly).
@Suite("Attention kernels match the reference attention")
struct AttentionReferenceTests {
    /// q, k, v `[2, 6, 12]` with 3 heads; q scaled by 6 so scores span tens of units.
    func inputs(seed: UInt64) -> (Tensor, Tensor, Tensor) {
        var rng = RNG(seed: seed)
        let shape = [2, 6, 12]
        return (Tensor.randn(shape, std: 6, rng: &rng), Tensor.randn(shape, rng: &rng), Tensor.randn(shape, rng: &rng))
    }

    func largestDifference(_ a: [Float], _ b: [Float]) -> Float {
        zip(a, b).map { abs($0 - $1) }.max() ?? 0
    }

    /// Values and the gradients of q, k, v for a fixed random projection of the output.
    func valuesAndGradients(_ attend: (Tensor, Tensor, Tensor) -> Tensor, seed: UInt64) -> [[Float]] {
        let (q, k, v) = inputs(seed: seed)
        for x in [q, k, v] { x.requiresGrad = true }
        let out = attend(q, k, v)
        var rng = RNG(seed: 99)
        let direction = Tensor.randn(out.shape, rng: &rng)
        (out * direction).sum().backward()
        return [out.data, q.grad!, k.grad!, v.grad!]
    }

    @Test("the attention is peaked: most rows give one key more than 90 % of the weight")
    func peaked() {
        let (q, k, _) = inputs(seed: 1)
        let weights = GradMode.noGrad {
            // [2, 6, 12] → [2, 3, 6, 4]; scores [2, 3, 6, 6]
            let qh = q.reshaped([2, 6, 3, 4]).permuted([0, 2, 1, 3]), kh = k.reshaped([2, 6, 3, 4]).permuted([0, 2, 1, 3])
            return qh.matmul(kh, transposeOther: true).scaled(0.5).softmax()
        }
        let rows = weights.data.count / 6
        let peakedRows = (0..<rows).filter { r in (0..<6).map { weights.data[r * 6 + $0] }.max()! > 0.9 }.count
        #expect(peakedRows * 2 > rows, "\(peakedRows) of \(rows) rows peaked")
    }

    @Test("values and gradients of the fast kernel equal the reference, with and without the causal mask",
          arguments: [false, true])
    func kernelMatchesReference(causal: Bool) {
        let mask: Tensor? = causal ? .causalMask(6) : nil
        for seed: UInt64 in [1, 2, 3] {
            let fast = valuesAndGradients({ Tensor.attention(q: $0, k: $1, v: $2, heads: 3, mask: mask) }, seed: seed)
            let reference = valuesAndGradients({ Tensor.referenceAttention(q: $0, k: $1, v: $2, heads: 3, mask: mask) }, seed: seed)
            for (name, (a, b)) in zip(["output", "dq", "dk", "dv"], zip(fast, reference)) {
                let finite = a.allSatisfy { $0.isFinite }
                #expect(finite, "\(name) has non-finite values")
                #expect(largestDifference(a, b) < 1e-4, "\(name) differs by \(largestDifference(a, b)) (seed \(seed))")
            }
        }
    }

    @Test("the inference kernel (projections fused into one product) equals the reference", arguments: [false, true])
    func inferenceMatchesReference(causal: Bool) {
        var rng = RNG(seed: 4)
        let (c, heads) = (12, 3)
        let x = Tensor.randn([2, 6, c], rng: &rng)
        let projections = (0..<3).map { i in
            (weight: Tensor.randn([c, c], std: i == 0 ? 2 : 0.3, rng: &rng), bias: Tensor.randn([c], std: 0.3, rng: &rng) as Tensor?)
        }
        let mask: Tensor? = causal ? .causalMask(6) : nil
        let (fast, reference) = GradMode.noGrad {
            let p = projections.map { x.linear($0.weight, $0.bias) }
            return (Tensor.selfAttentionInference(x, projections: projections, heads: heads, mask: mask),
                    Tensor.referenceAttention(q: p[0], k: p[1], v: p[2], heads: heads, mask: mask))
        }
        #expect(largestDifference(fast.data, reference.data) < 1e-4)
    }

    @Test("causal reference: the first position attends only to itself")
    func causalFirstPosition() {
        let (q, k, v) = inputs(seed: 5)
        let out = Tensor.referenceAttention(q: q, k: k, v: v, heads: 3, mask: .causalMask(6))
        // Position 0 of batch 0: its context is exactly its own value vector.
        #expect(largestDifference(Array(out.data[0..<12]), Array(v.data[0..<12])) < 1e-6)
    }
}
