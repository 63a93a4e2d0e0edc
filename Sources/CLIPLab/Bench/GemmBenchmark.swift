import CLIPCore
import Foundation

/// Measures achieved sgemm GFLOP/s on the matmul shapes of ViT-B/32 inference.
public enum GemmBenchmark {
    /// One measured shape `[m×k]·[k×n]`; also what `gemm_reference.c` prints for each shape.
    public struct Result: Codable, Sendable {
        public let label: String
        public let m: Int, k: Int, n: Int
        public let medianMs: Double
        public let gflops: Double

        enum CodingKeys: String, CodingKey { case label = "shape", m, k, n, medianMs = "median_ms", gflops }
    }

    /// The shapes a ViT-B/32 forward multiplies at batch 1 and 8 (50 tokens per image), plus
    /// a large square reference. `gemm_reference.c` lists the same shapes in the same order.
    public static let shapes: [(String, Int, Int, Int)] = [
        ("qkv  [50×768]·[768×2304]", 50, 768, 2304),
        ("fc1  [50×768]·[768×3072]", 50, 768, 3072),
        ("fc2  [50×3072]·[3072×768]", 50, 3072, 768),
        ("qkv b8 [400×768]·[768×2304]", 400, 768, 2304),
        ("fc2 b8 [400×3072]·[3072×768]", 400, 3072, 768),
        ("text fc1 [77×512]·[512×2048]", 77, 512, 2048),
        ("square [2048×2048]·[2048×2048]", 2048, 2048, 2048),
    ]

    /// Runs each shape `repeats` times (after 100 ms of unmeasured products, so threads and
    /// clocks are awake: without it the first shape ran at half speed on two threads) and
    /// reports the median, on `threads` BLAS threads (the setting is restored afterwards; nil
    /// keeps the current one).
    /// `Tests/Reference/gemm_reference.c` times the same shapes the same way in plain C.
    public static func run(repeats: Int = 15, threads: Int? = nil, isCancelled: () -> Bool = { false }) -> [Result] {
        let previous = Threads.count
        if let threads { Threads.configure(threads) }
        defer { Threads.configure(previous) }
        var rng = RNG(seed: 1)
        var results: [Result] = []
        for (label, m, k, n) in shapes {
            if isCancelled() { break }
            let a = Tensor.randn([m, k], rng: &rng), b = Tensor.randn([k, n], rng: &rng)
            let flops = 2.0 * Double(m) * Double(k) * Double(n)
            // Enough inner repetitions that one sample takes a few milliseconds.
            let inner = max(1, Int(2e8 / flops))
            var samples: [Double] = []
            let warmUpEnd = DispatchTime.now().uptimeNanoseconds + 100_000_000
            while DispatchTime.now().uptimeNanoseconds < warmUpEnd { _ = a.matmul(b) }
            for _ in 0..<repeats {
                if isCancelled() { return results }
                let t0 = DispatchTime.now().uptimeNanoseconds
                for _ in 0..<inner { _ = a.matmul(b) }
                samples.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6 / Double(inner))
            }
            let med = samples.sorted()[samples.count / 2]
            results.append(Result(label: label, m: m, k: k, n: n, medianMs: med, gflops: flops / (med * 1e6)))
        }
        return results
    }
}
