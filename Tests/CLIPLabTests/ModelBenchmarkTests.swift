import CLIPCore
import Foundation
import Testing
@testable import CLIPLab
import CLIPModel
import CLIPTraining

@Suite("Model benchmark")
struct ModelBenchmarkTests {
    @Test("FLOPs of ViT-B/32 image encoding are the published 4.4 G multiply-adds")
    func vitB32FLOPs() {
        let gflop = CLIPConfig.vitB32.imageFLOPs / 1e9
        #expect(gflop > 8.7 && gflop < 8.9, "\(gflop)")
    }

    @Test("The toy benchmark reports every number, with the JSON keys make bench reads")
    func toyRun() throws {
        let result = try ModelBenchmark.run(.preset("toy", .toy), threads: 1, repeats: 1)
        for value in [result.loadMs, result.imageMsB1, result.imageMsPerImageB8, result.textMsB1, result.textMsPerTextB8, result.imageGflopsB8] {
            #expect(value > 0 && value.isFinite)
        }
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(result)) as? [String: Any] ?? [:]
        for key in ["load_ms", "image_ms_b1", "image_ms_per_image_b8", "text_ms_b1", "text_ms_per_text_b8", "image_gflops_b8"] {
            #expect(json[key] is Double, "\(key)")
        }
    }

    /// `CLIPLAB_BENCH_MODEL=vit-b-32` (a preset) or a checkpoint path; `CLIPLAB_BENCH_THREADS` (default 2).
    @Test("Benchmark a full-size model (opt-in)", .enabled(if: ProcessInfo.processInfo.environment["CLIPLAB_BENCH_MODEL"] != nil))
    func fullSize() throws {
        let env = ProcessInfo.processInfo.environment
        let target = env["CLIPLAB_BENCH_MODEL"] ?? "vit-b-32"
        let threads = env["CLIPLAB_BENCH_THREADS"].flatMap(Int.init) ?? 2
        let repeats = env["CLIPLAB_BENCH_REPEATS"].flatMap(Int.init) ?? 5
        let source: ModelBenchmark.Source = CLIPConfig.presets.first { $0.name == target }.map { .preset($0.name, $0.config) } ?? .checkpoint(target)
        let result = try ModelBenchmark.run(source, threads: threads, repeats: repeats)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        print("BENCH " + String(decoding: try encoder.encode(result), as: UTF8.self))
    }

    @Test("the train benchmark times full steps on a config's shapes")
    func benchmark() throws {
        let r = try TrainBenchmark.run(config: ToyTrainer.toyConfig(for: ToyTrainer.tokenizer()), batch: 8, steps: 2, warmUp: 1)
        #expect(r.steps == 2 && r.batch == 8 && r.msPerStep > 0)
        #expect(r.parameters > 100_000)
        #expect(throws: TrainingError.self) { try TrainBenchmark.run(config: .toy, batch: 1) }
    }
}
