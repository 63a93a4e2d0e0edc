import Testing
@testable import CLIPCore

/// Convolution, pooling and batch norm against straightforward loops.
struct ConvTests {
    static func naiveConv(_ x: Tensor, _ w: Tensor, _ b: Tensor?, stride: Int, padding: Int) -> [Float] {
        let (n, cin, h, wd) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (cout, kh, kw) = (w.shape[0], w.shape[2], w.shape[3])
        let ho = (h + 2 * padding - kh) / stride + 1, wo = (wd + 2 * padding - kw) / stride + 1
        var out = [Float](repeating: 0, count: n * cout * ho * wo)
        for i in 0..<n { for o in 0..<cout { for oy in 0..<ho { for ox in 0..<wo {
            var s: Double = Double(b?.data[o] ?? 0)
            for c in 0..<cin { for ky in 0..<kh { for kx in 0..<kw {
                let iy = oy * stride - padding + ky, ix = ox * stride - padding + kx
                guard iy >= 0, iy < h, ix >= 0, ix < wd else { continue }
                s += Double(x.data[((i * cin + c) * h + iy) * wd + ix]) * Double(w.data[((o * cin + c) * kh + ky) * kw + kx])
            } } }
            out[((i * cout + o) * ho + oy) * wo + ox] = Float(s)
        } } } }
        return out
    }

    @Test("conv2d matches a direct loop for kernels, strides, paddings and bias",
          arguments: [
            // (batch, cin, h, w, cout, k, stride, padding, bias)
            (2, 3, 9, 9, 4, 3, 1, 1, true), (1, 3, 10, 8, 5, 3, 2, 1, false), (2, 6, 7, 7, 8, 1, 1, 0, false),
            (1, 4, 6, 6, 3, 1, 2, 0, true), (3, 2, 5, 7, 2, 5, 1, 2, false), (1, 1, 4, 4, 1, 4, 1, 0, true),
          ])
    func convMatchesLoops(_ c: (Int, Int, Int, Int, Int, Int, Int, Int, Bool)) {
        var rng = RNG(seed: 11)
        let x = Tensor.randn([c.0, c.1, c.2, c.3], rng: &rng)
        let w = Tensor.randn([c.4, c.1, c.5, c.5], rng: &rng)
        let b = c.8 ? Tensor.randn([c.4], rng: &rng) : nil
        let y = x.conv2d(weight: w, bias: b, stride: c.6, padding: c.7)
        let expected = Self.naiveConv(x, w, b, stride: c.6, padding: c.7)
        let ho = (c.2 + 2 * c.7 - c.5) / c.6 + 1, wo = (c.3 + 2 * c.7 - c.5) / c.6 + 1
        #expect(y.shape == [c.0, c.4, ho, wo])
        let worst = zip(y.data, expected).map { abs($0 - $1) }.max() ?? 0
        #expect(worst < 1e-4, "max difference \(worst)")
    }

    @Test("conv2d with a 1×1 identity kernel returns its input")
    func identityKernel() {
        var rng = RNG(seed: 3)
        let x = Tensor.randn([2, 3, 4, 5], rng: &rng)
        var eye = [Float](repeating: 0, count: 9)
        for i in 0..<3 { eye[i * 3 + i] = 1 }
        let y = x.conv2d(weight: Tensor(shape: [3, 3, 1, 1], data: eye))
        #expect(y.data == x.data)
    }

    @Test("avgPool2d averages each window and drops incomplete edges", arguments: [1, 2, 3])
    func avgPool(_ k: Int) {
        var rng = RNG(seed: 5)
        let x = Tensor.randn([2, 3, 7, 8], rng: &rng)
        let y = x.avgPool2d(k)
        let (ho, wo) = (7 / k, 8 / k)
        #expect(y.shape == [2, 3, ho, wo])
        var worst: Float = 0
        for p in 0..<6 { for oy in 0..<ho { for ox in 0..<wo {
            var s: Float = 0
            for dy in 0..<k { for dx in 0..<k { s += x.data[(p * 7 + oy * k + dy) * 8 + ox * k + dx] } }
            worst = max(worst, abs(y.data[(p * ho + oy) * wo + ox] - s / Float(k * k)))
        } } }
        #expect(worst < 1e-6)
    }

    @Test("avgPool2d of a 2×2 block is its mean")
    func avgPoolExample() {
        let y = Tensor(shape: [1, 1, 2, 2], data: [1, 2, 3, 4]).avgPool2d(2)
        #expect(y.shape == [1, 1, 1, 1] && y.data == [2.5])
    }

    @Test("batchNorm uses running statistics per channel, with and without ReLU", arguments: [false, true])
    func batchNorm(_ relu: Bool) {
        var rng = RNG(seed: 9)
        let x = Tensor.randn([2, 3, 4, 4], rng: &rng)
        let mean = Tensor(shape: [3], data: [0.5, -1, 0.1])
        let variance = Tensor(shape: [3], data: [2, 0.25, 1])
        let weight = Tensor(shape: [3], data: [1.5, -0.5, 1])
        let bias = Tensor(shape: [3], data: [0.1, 0.2, -0.3])
        let y = x.batchNorm(mean: mean, variance: variance, weight: weight, bias: bias, eps: 1e-5, relu: relu)
        var worst: Float = 0
        for i in 0..<x.count {
            let c = (i / 16) % 3
            var e = (x.data[i] - mean.data[c]) / (variance.data[c] + 1e-5).squareRoot() * weight.data[c] + bias.data[c]
            if relu { e = max(0, e) }
            worst = max(worst, abs(y.data[i] - e))
        }
        #expect(worst < 1e-5)
        if relu { #expect(y.data.allSatisfy { $0 >= 0 }) }
    }

    @Test("image ops record no autodiff graph")
    func noGraph() {
        let x = Tensor.ones([1, 2, 4, 4], requiresGrad: true)
        let w = Tensor.ones([2, 2, 3, 3], requiresGrad: true)
        let s = Tensor.ones([2])
        #expect(!x.conv2d(weight: w, padding: 1).requiresGrad)
        #expect(!x.avgPool2d(2).requiresGrad)
        #expect(!x.batchNorm(mean: s, variance: s, weight: s, bias: s).requiresGrad)
    }
}
