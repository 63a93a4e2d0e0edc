import CBLAS
import CLIPCore
import CLIPData
import CLIPModel
import CLIPText
import CLIPTraining
import Foundation

/// Measures what a user waits for: loading a checkpoint, encoding images and encoding
/// short prompts, as medians over repeats (after one warm-up), with no tape recorded.
///
/// Example: `try ModelBenchmark.run(.preset("vit-b-32", .vitB32), threads: 2, repeats: 5)`
/// → `load_ms 180, image_ms_b1 25, …` (`cliplab bench model --json` prints this object).
public enum ModelBenchmark {
    /// What to measure.
    public enum Source: Sendable {
        /// A named config with random weights, saved to a temporary folder so loading is measured too.
        case preset(String, CLIPConfig)
        /// A checkpoint folder, file or cached hub name (anything `CheckpointLoader.load` takes).
        case checkpoint(String)
    }

    /// Medians in milliseconds, and achieved GFLOP/s encoding 8 images.
    public struct Result: Codable, Sendable, Equatable {
        public var model: String
        /// OpenBLAS's kernel family (`SkylakeX`, `Haswell`, … or the slow `Prescott` fallback).
        public var blasCore: String
        /// How to get faster kernels when OpenBLAS fell back to slow ones, else nil.
        public var blasHint: String?
        public var threads: Int
        public var repeats: Int
        public var loadMs: Double
        public var imageMsB1: Double
        public var imageMsPerImageB8: Double
        public var textMsB1: Double
        public var textMsPerTextB8: Double
        /// FLOPs of one image encode, from the config (`imageFLOPs`).
        public var imageGFLOPPerImage: Double
        /// Achieved GFLOP/s at batch 8: `8 · imageGFLOPPerImage / (8 · imageMsPerImageB8 / 1000)`.
        public var imageGflopsB8: Double

        enum CodingKeys: String, CodingKey {
            case model, threads, repeats, blasCore = "blas_core", blasHint = "blas_hint"
            case loadMs = "load_ms", imageMsB1 = "image_ms_b1", imageMsPerImageB8 = "image_ms_per_image_b8"
            case textMsB1 = "text_ms_b1", textMsPerTextB8 = "text_ms_per_text_b8"
            case imageGFLOPPerImage = "image_gflop_per_image", imageGflopsB8 = "image_gflops_b8"
        }
    }

    /// Short prompts as zero-shot classification uses them.
    public static let prompts = [
        "a photo of a cat.", "a photo of a dog.", "a photo of a golden retriever.", "a photo of a school bus.",
        "a photo of a red sports car.", "a photo of an airplane.", "a photo of a bird on a branch.", "a photo of a pizza.",
    ]

    /// Runs the benchmark with `threads` BLAS and kernel threads (restored afterwards).
    /// `isCancelled` is polled between timed runs (and while drawing a preset's weights).
    public static func run(_ source: Source, threads: Int, repeats: Int = 5,
                           isCancelled: @escaping () -> Bool = { false }) throws -> Result {
        let previous = Threads.count
        Threads.configure(threads)
        defer { Threads.configure(previous) }
        let repeats = max(1, repeats)

        let (name, reference, cleanup): (String, String, URL?) = try {
            switch source {
            case let .checkpoint(path): return (path, path, nil)
            case let .preset(name, config):
                let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cliplab-bench-\(name)-\(getpid())")
                let clip = try CLIP(config: config, parameters: .random(seed: 0, isCancelled: isCancelled))
                if isCancelled() { throw CancellationError() }
                try CheckpointLoader.save(clip, to: folder)
                return (name, folder.path, folder)
            }
        }()
        defer { if let cleanup { try? FileManager.default.removeItem(at: cleanup) } }

        var model = try CheckpointLoader.load(reference).model       // warms the file cache
        let loadMs = try median(repeats, warmUp: false, isCancelled: isCancelled) { model = try CheckpointLoader.load(reference).model }
        let config = model.config
        let s = config.visionConfig.imageSize, ch = config.visionConfig.numChannels
        var rng = RNG(seed: 3)
        let pixels1 = Tensor.randn([1, ch, s, s], rng: &rng), pixels8 = Tensor.randn([8, ch, s, s], rng: &rng)
        let ids = try promptIds(config.textConfig)

        return try GradMode.noGrad {
            let image1 = try median(repeats, isCancelled: isCancelled) { _ = try model.encodeImage(pixels1) }
            let image8 = try median(repeats, isCancelled: isCancelled) { _ = try model.encodeImage(pixels8) } / 8
            let text1 = try median(repeats, isCancelled: isCancelled) { _ = try model.encodeText([ids[0]]) }
            let text8 = try median(repeats, isCancelled: isCancelled) { _ = try model.encodeText(ids) } / 8
            let flops = config.imageFLOPs / 1e9
            return Result(model: name, blasCore: blasCoreName, blasHint: blasHint, threads: threads, repeats: repeats,
                          loadMs: loadMs, imageMsB1: image1, imageMsPerImageB8: image8, textMsB1: text1,
                          textMsPerTextB8: text8, imageGFLOPPerImage: flops, imageGflopsB8: flops / (image8 / 1000))
        }
    }

    /// The kernel family OpenBLAS runs (after `BLASCore`'s switch away from the SSE3 fallback).
    public static var blasCoreName: String { BLASCore.selectFastKernels() }

    /// A one-line fix when OpenBLAS still runs its SSE3 fallback on a CPU with AVX-512 or AVX2.
    public static var blasHint: String? {
        guard blasCoreName.lowercased() == "prescott", let core = BLASCore.preferredCore() else { return nil }
        return "OpenBLAS did not recognise this CPU and uses slow SSE3 kernels; start with OPENBLAS_CORETYPE=\(core) for several times faster matrix products"
    }

    /// Token ids of `prompts` (the bundled tokenizer), or stand-ins of the same lengths for a
    /// model with its own small vocabulary.
    static func promptIds(_ text: CLIPTextConfig) throws -> [[Int]] {
        let tokenizer = try CLIPTokenizer.bundled()
        let context = text.maxPositionEmbeddings
        let ids = prompts.map { tokenizer.encode($0, contextLength: context).ids }
        if text.vocabSize >= tokenizer.vocabularySize { return ids }
        return ids.map { row in row.indices.map { i in i == row.count - 1 ? text.eosTokenId % text.vocabSize : (i * 7 + 3) % text.vocabSize } }
    }

    /// Median wall time of `body` in milliseconds over `repeats` runs (after one unmeasured run).
    static func median(_ repeats: Int, warmUp: Bool = true, isCancelled: () -> Bool = { false },
                       _ body: () throws -> Void) throws -> Double {
        if warmUp { try body() }
        var samples: [Double] = []
        for _ in 0..<repeats {
            if isCancelled() { throw CancellationError() }
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        return samples.sorted()[samples.count / 2]
    }
}
