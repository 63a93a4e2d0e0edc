import CLIPCore
import CLIPData
import CLIPImage
import CLIPModel
import CLIPText
import CLIPTraining
import Foundation

/// Times the whole zero-shot protocol on an image folder — decode, preprocess, image
/// tower, prompt embeddings, classification — with no embedding cache, for
/// `cliplab bench` and for comparison with `Tests/Reference/bench_zeroshot.py`.
///
/// Example: `try ZeroShotBenchmark.run(model: try CLIP(config: .vitB32), tokenizer: try CLIPTokenizer.bundled(), folder: url)`.
public enum ZeroShotBenchmark {
    public struct Result: Sendable, Encodable {
        public let images: Int, skipped: Int, classes: Int
        /// Images through decode + preprocess + image tower per second.
        public let imagesPerSecond: Double
        /// Seconds to embed the class prompts.
        public let textSeconds: Double
        public let totalSeconds: Double
        public let top1: Double

        enum CodingKeys: String, CodingKey {
            case images, skipped, classes, imagesPerSecond = "images_per_second", textSeconds = "text_seconds"
            case totalSeconds = "total_seconds", top1
        }
    }

    public static func run(pipeline: CLIPPipeline, folder: URL, templates: [String] = PromptTemplates.simple,
                           batchSize: Int = 32) throws -> Result {
        let start = Date()
        let data = try ImageFolderDataset(root: folder)
        let images = try DatasetEmbedder.embed(pipeline: pipeline, dataset: data, batchSize: batchSize)
        let textStart = Date()
        let classifier = try ZeroShotClassifier(pipeline: pipeline, labels: data.classNames, templates: templates)
        let textSeconds = Date().timeIntervalSince(textStart)
        let report = ZeroShotEvaluation(classifier: classifier, images: images)
        return Result(images: report.imageCount, skipped: report.skipped.count, classes: data.classNames.count,
                      imagesPerSecond: images.imagesPerSecond, textSeconds: textSeconds,
                      totalSeconds: Date().timeIntervalSince(start), top1: report.top1)
    }
}
