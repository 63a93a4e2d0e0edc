import Testing
@testable import CLIPCore

/// Finite-difference gradient check.
///
/// The scalar under test is `L = Σ f(inputs) ⊙ R` for a fixed random `R`, so every output
/// element matters. Each input element is nudged by ±h (central differences, computed in
/// Float32 with the loss summed in Double); the analytic gradient must agree within
/// `atol + rtol·|numeric|`.
func gradCheck(_ name: String, inputs: [Tensor], h: Float = 1e-2, atol: Float = 2e-3, rtol: Float = 2e-2,
               maxElements: Int = 40, seed: UInt64 = 7, _ f: ([Tensor]) -> Tensor) {
    for x in inputs { x.requiresGrad = true; x.grad = nil }
    let probe = f(inputs)
    var rng = RNG(seed: seed)
    let r = Tensor.randn(probe.shape, rng: &rng)
    func loss() -> Double {
        GradMode.noGrad {
            let y = f(inputs)
            var s = 0.0
            for i in 0..<y.count where y.data[i].isFinite { s += Double(y.data[i]) * Double(r.data[i]) }
            return s
        }
    }
    (probe * r).sum().backward()
    for (n, x) in inputs.enumerated() {
        let analytic = x.grad ?? [Float](repeating: 0, count: x.count)
        // Check a spread of elements (all of them for small tensors).
        let stepSize = max(1, x.count / maxElements)
        for i in stride(from: 0, to: x.count, by: stepSize) {
            let old = x.data[i]
            x.data[i] = old + h; let up = loss()
            x.data[i] = old - h; let down = loss()
            x.data[i] = old
            let numeric = Float((up - down) / Double(2 * h))
            let ok = abs(analytic[i] - numeric) <= atol + rtol * abs(numeric)
            #expect(ok, "\(name): input \(n) element \(i): analytic \(analytic[i]) vs numeric \(numeric)")
            if !ok { return }
        }
    }
}

func randomTensor(_ shape: [Int], _ rng: inout RNG, scale: Float = 1) -> Tensor {
    Tensor.randn(shape, std: scale, rng: &rng)
}
