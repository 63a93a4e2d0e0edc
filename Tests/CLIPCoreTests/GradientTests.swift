import Foundation
import Testing
@testable import CLIPCore

/// Every differentiable op against central finite differences, on shapes drawn from a seed.
@Suite("Gradients match finite differences")
struct GradientTests {
    static let seeds: [UInt64] = [1, 2, 3]

    func dims(_ seed: UInt64) -> (Int, Int, Int, Int) {
        var rng = RNG(seed: seed * 101)
        return (1 + rng.int(below: 3), 2 + rng.int(below: 4), 2 + rng.int(below: 5), 1 + rng.int(below: 4))
    }

    @Test("matmul in every transpose combination, batched and with a shared right side", arguments: seeds)
    func matmul(seed: UInt64) {
        var rng = RNG(seed: seed)
        let (b, m, k, n) = dims(seed)
        for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
            let a = randomTensor(ta ? [b, k, m] : [b, m, k], &rng)
            let batched = randomTensor(tb ? [b, n, k] : [b, k, n], &rng)
            let shared = randomTensor(tb ? [n, k] : [k, n], &rng)
            gradCheck("matmul batched ta=\(ta) tb=\(tb)", inputs: [a, batched]) { $0[0].matmul($0[1], transposeSelf: ta, transposeOther: tb) }
            gradCheck("matmul shared ta=\(ta) tb=\(tb)", inputs: [a, shared]) { $0[0].matmul($0[1], transposeSelf: ta, transposeOther: tb) }
        }
    }

    @Test("matmul equals the naive triple loop")
    func matmulValues() {
        var rng = RNG(seed: 5)
        let a = randomTensor([3, 4], &rng), b = randomTensor([5, 4], &rng)
        let c = a.matmul(b, transposeOther: true)
        for i in 0..<3 { for j in 0..<5 {
            var s: Float = 0
            for p in 0..<4 { s += a.data[i * 4 + p] * b.data[j * 4 + p] }
            #expect(abs(c.data[i * 5 + j] - s) < 1e-5)
        } }
    }

    @Test("linear layer with bias", arguments: seeds)
    func linear(seed: UInt64) {
        var rng = RNG(seed: seed)
        let (b, t, cin, cout) = dims(seed)
        gradCheck("linear", inputs: [randomTensor([b, t, cin], &rng), randomTensor([cout, cin], &rng), randomTensor([cout], &rng)]) {
            $0[0].linear($0[1], $0[2])
        }
    }

    @Test("add, sub, mul, div with equal shapes, suffix broadcasting both ways and scalars", arguments: seeds)
    func binary(seed: UInt64) {
        var rng = RNG(seed: seed)
        let (b, t, c, _) = dims(seed)
        let ops: [(String, (Tensor, Tensor) -> Tensor)] = [("+", { $0 + $1 }), ("-", { $0 - $1 }), ("*", { $0 * $1 }), ("/", { $0 / $1 })]
        for (name, op) in ops {
            let pos: (inout RNG, [Int]) -> Tensor = { rng, s in Tensor.uniform(s, 0.5, 2, rng: &rng) }
            gradCheck("\(name) same", inputs: [randomTensor([b, t, c], &rng), pos(&rng, [b, t, c])]) { op($0[0], $0[1]) }
            gradCheck("\(name) suffix rhs", inputs: [randomTensor([b, t, c], &rng), pos(&rng, [t, c])]) { op($0[0], $0[1]) }
            gradCheck("\(name) suffix lhs", inputs: [pos(&rng, [c]), pos(&rng, [b, t, c])]) { op($0[0], $0[1]) }
            gradCheck("\(name) scalar", inputs: [randomTensor([t, c], &rng), pos(&rng, [])]) { op($0[0], $0[1]) }
        }
    }

    @Test("unary ops: exp, log, sqrt, scale, shift, neg, relu, sigmoid, GELU, QuickGELU, clamp", arguments: seeds)
    func unary(seed: UInt64) {
        var rng = RNG(seed: seed)
        let (b, t, c, _) = dims(seed)
        let x = randomTensor([b, t, c], &rng)
        let positive = Tensor.uniform([b, t, c], 0.5, 3, rng: &rng)
        gradCheck("exp", inputs: [x]) { $0[0].exp() }
        gradCheck("log", inputs: [positive]) { $0[0].log() }
        gradCheck("sqrt", inputs: [positive]) { $0[0].sqrt() }
        gradCheck("scaled", inputs: [x]) { $0[0].scaled(-2.5) }
        gradCheck("adding", inputs: [x]) { $0[0].adding(3) }
        gradCheck("neg", inputs: [x]) { -$0[0] }
        gradCheck("sigmoid", inputs: [x]) { $0[0].sigmoid() }
        gradCheck("gelu", inputs: [x]) { $0[0].gelu() }
        gradCheck("quickGelu", inputs: [x]) { $0[0].quickGelu() }
        // Kinks: keep inputs away from 0 and from the clamp bounds.
        let away = Tensor(shape: x.shape, data: x.data.map { $0 >= 0 ? $0 + 0.1 : $0 - 0.1 })
        gradCheck("relu", inputs: [away]) { $0[0].relu() }
        let clampIn = Tensor(shape: x.shape, data: x.data.map { abs(abs($0) - 0.8) < 0.05 ? $0 * 1.2 : $0 })
        gradCheck("clamped", inputs: [clampIn]) { $0[0].clamped(-0.8, 0.8) }
    }

    @Test("GELU and QuickGELU values")
    func activationValues() {
        let x = Tensor(shape: [3], data: [-1, 0, 2])
        let g = x.gelu().data, q = x.quickGelu().data
        #expect(abs(g[0] - -0.158655) < 1e-5 && g[1] == 0 && abs(g[2] - 1.954500) < 1e-5)
        #expect(abs(q[0] - -0.154204) < 1e-5 && abs(q[2] - 1.935659) < 1e-5)
    }

    @Test("sum and mean, whole and over each axis", arguments: seeds)
    func reductions(seed: UInt64) {
        var rng = RNG(seed: seed)
        let (b, t, c, _) = dims(seed)
        let x = randomTensor([b, t, c], &rng)
        gradCheck("sum", inputs: [x]) { $0[0].sum() }
        gradCheck("mean", inputs: [x]) { $0[0].mean() }
        for axis in [0, 1, 2, -1] {
            gradCheck("sum axis \(axis)", inputs: [x]) { $0[0].sum(axis: axis) }
            gradCheck("mean axis \(axis) keepDims", inputs: [x]) { $0[0].mean(axis: axis, keepDims: true) }
        }
    }

    @Test("softmax, log-softmax and both cross-entropies", arguments: seeds)
    func softmaxFamily(seed: UInt64) {
        var rng = RNG(seed: seed)
        let (b, t, c, _) = dims(seed)
        let x = randomTensor([b, t, c], &rng, scale: 2)
        gradCheck("softmax", inputs: [x]) { $0[0].softmax() }
        gradCheck("logSoftmax", inputs: [x]) { $0[0].logSoftmax() }
        let logits = randomTensor([t, c], &rng, scale: 2)
        let targets = (0..<t).map { _ in rng.int(below: c) }
        gradCheck("crossEntropy", inputs: [logits]) { $0[0].crossEntropy(targets: targets) }
        let p = randomTensor([t, c], &rng).softmax().detached()
        gradCheck("soft crossEntropy", inputs: [logits]) { $0[0].crossEntropy(probabilities: p) }
    }

    @Test("softmax is stable for huge logits and cross-entropy matches its definition")
    func softmaxValues() {
        let x = Tensor(shape: [1, 3], data: [1000, 1000, -Float.infinity])
        #expect(x.softmax().data == [0.5, 0.5, 0])
        let l = Tensor(shape: [2, 2], data: [0, 0, 0, Float(Foundation.log(3.0))])
        let loss = l.crossEntropy(targets: [1, 1]).item
        #expect(abs(loss - Float((Foundation.log(2.0) + Foundation.log(4.0 / 3.0)) / 2)) < 1e-6)
    }

    @Test("layer norm with respect to input, weight and bias", arguments: seeds)
    func layerNorm(seed: UInt64) {
        var rng = RNG(seed: seed)
        let (b, t, c, _) = dims(seed)
        let w = Tensor.uniform([c + 1], 0.5, 1.5, rng: &rng), bias = randomTensor([c + 1], &rng)
        gradCheck("layerNorm", inputs: [randomTensor([b, t, c + 1], &rng, scale: 2), w, bias], h: 5e-3) {
            $0[0].layerNorm(weight: $0[1], bias: $0[2], eps: 1e-5)
        }
    }

    @Test("L2 normalisation along the last axis", arguments: seeds)
    func l2(seed: UInt64) {
        var rng = RNG(seed: seed)
        let (b, t, c, _) = dims(seed)
        gradCheck("l2Normalized", inputs: [randomTensor([b * t, c + 1], &rng)]) { $0[0].l2Normalized() }
        #expect(Tensor(shape: [1, 2], data: [3, 4]).l2Normalized().data == [0.6, 0.8])
    }

    @Test("reshape, permute, transpose, slice, split, concat, select", arguments: seeds)
    func shapeOps(seed: UInt64) {
        var rng = RNG(seed: seed)
        let (b, t, c, d) = dims(seed)
        let x = randomTensor([b, t, c, d], &rng)
        gradCheck("reshaped", inputs: [x]) { $0[0].reshaped([b * t, -1]) }
        gradCheck("permuted", inputs: [x]) { $0[0].permuted([0, 2, 1, 3]) }
        gradCheck("permuted full", inputs: [x]) { $0[0].permuted([3, 1, 0, 2]) }
        gradCheck("transposed", inputs: [x]) { $0[0].transposed() }
        gradCheck("slice", inputs: [x]) { $0[0].slice(axis: 1, 1..<t) }
        gradCheck("split", inputs: [x]) { let p = $0[0].split([1, c - 1], axis: 2); return p[1] * p[1] + p[0].sum() }
        let y = randomTensor([b, 2, c, d], &rng)
        gradCheck("concat", inputs: [x, y]) { Tensor.concat([$0[0], $0[1]], axis: 1) }
        let positions = (0..<b).map { _ in rng.int(below: t) }
        gradCheck("selecting", inputs: [randomTensor([b, t, c], &rng)]) { $0[0].selecting(positions: positions) }
    }

    @Test("permute matches index arithmetic")
    func permuteValues() {
        let x = Tensor(shape: [2, 3, 4], data: (0..<24).map(Float.init))
        let y = x.permuted([2, 0, 1])
        #expect(y.shape == [4, 2, 3])
        for i in 0..<4 { for j in 0..<2 { for k in 0..<3 {
            #expect(y.data[(i * 2 + j) * 3 + k] == x.data[(j * 3 + k) * 4 + i])
        } } }
    }

    @Test("embedding gather scatter-adds repeated ids", arguments: seeds)
    func gather(seed: UInt64) {
        var rng = RNG(seed: seed)
        let (b, t, c, _) = dims(seed)
        let ids = (0..<(b * t)).map { _ in rng.int(below: 5) } + [0, 0]
        gradCheck("gather", inputs: [randomTensor([5, c], &rng)]) { $0[0].gather(ids) }
        let table = Tensor(shape: [3, 2], data: [0, 0, 1, 1, 2, 2], requiresGrad: true)
        let out = table.gather([2, 0, 2], shape: [1, 3])
        #expect(out.shape == [1, 3, 2] && out.data == [2, 2, 0, 0, 2, 2])
        out.sum().backward()
        #expect(table.grad == [1, 1, 0, 0, 2, 2])
    }

    @Test("multi-head attention with and without the causal mask", arguments: seeds)
    func attention(seed: UInt64) {
        var rng = RNG(seed: seed)
        let (b, t, _, _) = dims(seed)
        let heads = 2, c = 4
        let q = randomTensor([b, t, c], &rng), k = randomTensor([b, t, c], &rng), v = randomTensor([b, t, c], &rng)
        gradCheck("attention", inputs: [q, k, v]) { Tensor.attention(q: $0[0], k: $0[1], v: $0[2], heads: heads) }
        let mask = Tensor.causalMask(t)
        gradCheck("causal attention", inputs: [q, k, v]) { Tensor.attention(q: $0[0], k: $0[1], v: $0[2], heads: heads, mask: mask) }
        // One tensor as q, k and v: its three gradients add up in one buffer.
        gradCheck("self-attention of one tensor", inputs: [q]) { Tensor.attention(q: $0[0], k: $0[0], v: $0[0], heads: heads) }
    }

    @Test("causal attention: position 0 sees only itself")
    func causalValues() {
        var rng = RNG(seed: 9)
        let q = randomTensor([1, 3, 2], &rng), k = randomTensor([1, 3, 2], &rng), v = randomTensor([1, 3, 2], &rng)
        let out = Tensor.attention(q: q, k: k, v: v, heads: 1, mask: .causalMask(3))
        #expect(abs(out.data[0] - v.data[0]) < 1e-6 && abs(out.data[1] - v.data[1]) < 1e-6)
    }
}

/// The ops expression cells add: |x|, x^p and the max over an axis.
@Suite("Gradients of abs, pow and max match finite differences")
struct ExpressionOpGradientTests {
    @Test("abs and pow (integer and fractional exponents)", arguments: GradientTests.seeds)
    func absPow(seed: UInt64) {
        var rng = RNG(seed: seed)
        let x = randomTensor([3, 4], &rng)
        let away = Tensor(shape: x.shape, data: x.data.map { $0 >= 0 ? $0 + 0.1 : $0 - 0.1 })
        let positive = Tensor.uniform([3, 4], 0.5, 3, rng: &rng)
        gradCheck("abs", inputs: [away]) { $0[0].abs() }
        gradCheck("pow 2", inputs: [x]) { $0[0].pow(2) }
        gradCheck("pow 3", inputs: [x]) { $0[0].pow(3) }
        gradCheck("pow 0.5", inputs: [positive]) { $0[0].pow(0.5) }
        gradCheck("pow -1", inputs: [positive]) { $0[0].pow(-1) }
    }

    @Test("max over each axis and over everything sends the gradient to the largest element", arguments: GradientTests.seeds)
    func max(seed: UInt64) {
        var rng = RNG(seed: seed)
        // Distinct values spaced well beyond the finite-difference step, so no tie flips.
        let values = rng.shuffled((0..<24).map { Float($0) * 0.5 })
        let x = Tensor(shape: [2, 3, 4], data: values)
        for axis in [0, 1, 2, -1] {
            gradCheck("max axis \(axis)", inputs: [x]) { $0[0].maximum(axis: axis) }
            gradCheck("max axis \(axis) keepDims", inputs: [x]) { $0[0].maximum(axis: axis, keepDims: true) }
        }
        gradCheck("max all", inputs: [x]) { $0[0].maximum() }
        #expect(Tensor(shape: [2, 2], data: [1, 5, 7, 2]).maximum(axis: 1).data == [5, 7])
        #expect(Tensor(shape: [2, 2], data: [1, 5, 7, 2]).maximum(axis: 0).data == [7, 5])
    }
}
