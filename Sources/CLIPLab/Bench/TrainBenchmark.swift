import CLIPCore
import CLIPData
import CLIPModel
import CLIPTraining
import Foundation

/// Milliseconds per training step (forward, backward, AdamW, temperature clamp) on random
/// data of a config's shapes — the number `cliplab bench train` reports.
///
/// Pixels are standard normal `[B, 3, S, S]`; every text is 8 random ids ending in the EOT
/// id (toy captions are 5–9 tokens). `Tests/Reference/bench_torch_train.py` does the same
/// steps in PyTorch. Example: `try TrainBenchmark.run(config: ToyTrainer.toyConfig(for: tok)).msPerStep`.
public enum TrainBenchmark {
    /// Tokens per random text.
    public static let textTokens = 8

    public struct Result: Codable, Sendable, Equatable {
        public var msPerStep: Double
        public var batch: Int
        public var steps: Int
        public var parameters: Int
        public var threads: Int
        public var blasCore: String

        enum CodingKeys: String, CodingKey {
            case msPerStep = "ms_per_step", batch, steps, parameters, threads, blasCore = "blas_core"
        }
    }

    /// Times `steps` steps after `warmUp` untimed ones and reports the median.
    public static func run(config: CLIPConfig, batch: Int = 64, steps: Int = 20, warmUp: Int = 3,
                           isCancelled: () -> Bool = { false }) throws -> Result {
        guard (2...4096).contains(batch) else {
            throw TrainingError.badOption(name: "batch", value: "\(batch)", expected: "an integer 2…4096")
        }
        guard (1...10_000).contains(steps) else {
            throw TrainingError.badOption(name: "steps", value: "\(steps)", expected: "an integer 1…10000")
        }
        let model = try CLIP(config: config, parameters: .random(seed: 0))
        var rng = RNG(seed: 1)
        let v = config.visionConfig, t = config.textConfig
        let pixels = Tensor.randn([batch, v.numChannels, v.imageSize, v.imageSize], rng: &rng)
        let eos = t.poolsAtArgmax ? t.vocabSize - 1 : t.eosTokenId
        guard eos >= 0, eos < t.vocabSize else {
            throw TrainingError.badConfig("text_config.eos_token_id \(t.eosTokenId) is outside vocab_size \(t.vocabSize)")
        }
        let length = min(textTokens, t.maxPositionEmbeddings)
        let ids = (0..<batch).map { _ in
            (0..<(length - 1)).map { _ in rng.int(below: max(1, min(eos, t.vocabSize - 1))) } + [eos]
        }
        let optimizer = AdamW(parameters: model.parameters, learningRate: 1e-3, beta1: 0.9, beta2: 0.98, eps: 1e-6,
                              weightDecay: 0.1, noDecay: ToyTrainer.noDecay(model))
        func step() throws {
            optimizer.zeroGrad()
            try model.trainingPass(pixels: pixels, ids: ids).backward()
            optimizer.step()
            model.logitScale.data[0] = min(max(model.logitScale.data[0], 0), ToyTrainer.maxLogitScale)
        }
        for _ in 0..<warmUp { try step() }
        var samples: [Double] = []
        for _ in 0..<steps {
            if isCancelled() { break }
            let start = DispatchTime.now().uptimeNanoseconds
            try step()
            samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        samples.sort()
        let median = samples.isEmpty ? 0 : samples[samples.count / 2]
        return Result(msPerStep: median, batch: batch, steps: samples.count, parameters: model.parameterCounts.total,
                      threads: Threads.count, blasCore: BLASCore.selectFastKernels())
    }
}
