import CLIPText
import Foundation
import Testing
@testable import CLIPLab
import CLIPModel

/// Opt-in: `CLIPLAB_ZS_BENCH=FOLDER` times ViT-B/32 (random weights) over FOLDER and prints
/// images/s (compare with `Tests/Reference/bench_zeroshot.py FOLDER`). No timing is asserted.
struct ZeroShotBenchmarkTests {
    static let folder = ProcessInfo.processInfo.environment["CLIPLAB_ZS_BENCH"]

    @Test("ViT-B/32 zero-shot throughput on a folder (opt-in)", .enabled(if: folder != nil))
    func throughput() throws {
        let pipeline = CLIPPipeline(clip: try CLIP(config: .vitB32, parameters: .random(seed: 0)),
                                    tokenizer: try CLIPTokenizer.bundled(), displayName: "ViT-B/32", origin: "random", weights: .random)
        let result = try ZeroShotBenchmark.run(pipeline: pipeline, folder: URL(fileURLWithPath: Self.folder ?? "."))
        print(String(format: "ViT-B/32 zero-shot: %d images, %.2f images/s, text %.2f s, total %.2f s",
                     result.images, result.imagesPerSecond, result.textSeconds, result.totalSeconds))
        #expect(result.images > 0)
    }
}
