import CLIPCore
import CLIPData
import CLIPModel
import Foundation

/// The paper's zero-shot protocol on an image folder: class names through prompt
/// templates into a classifier, every image classified, top-1/top-5 accuracy, a
/// per-class table and the confusion matrix.
///
/// ```
/// let data = try ImageFolderDataset(root: folder)
/// let images = try DatasetEmbedder.embed(pipeline: model, dataset: data, cache: cache)
/// let classifier = try ZeroShotClassifier(pipeline: model, labels: data.classNames,
///                                         templates: PromptTemplates.imagenet)
/// let report = ZeroShotEvaluation(classifier: classifier, images: images)
/// report.top1   // e.g. 0.95
/// ```
public struct ZeroShotEvaluation: Sendable, Encodable {
    /// One classified image.
    public struct Prediction: Sendable, Equatable, Encodable {
        /// Path relative to the dataset folder.
        public let file: String
        public let label: Int, predicted: Int
        /// The `min(5, K)` best classes, best first.
        public let topK: [Int]
    }

    /// One row of the per-class table.
    public struct ClassResult: Sendable, Equatable, Encodable {
        public let name: String
        public let images: Int, correct: Int
        public var accuracy: Double { images > 0 ? Double(correct) / Double(images) : 0 }
    }

    public let classNames: [String]
    public let templateCount: Int
    public let predictions: [Prediction]
    /// Fraction of images whose best class is right, and whose label is among the top 5.
    public let top1: Double, top5: Double
    /// `confusion[true][predicted]` counts.
    public let confusion: [[Int]]
    public let perClass: [ClassResult]
    /// Images that could not be read (left out of every number above).
    public let skipped: [SkippedImage]
    /// Encoding speed of this run (0 when every embedding came from the cache).
    public let imagesPerSecond: Double
    public let cachedImages: Int

    /// Whether every image of the folder was classified; when false, the numbers are over
    /// the readable images only and must be reported as partial.
    public var isComplete: Bool { skipped.isEmpty }

    /// Classifies `images` with `classifier`, whose labels are the dataset's classes in order.
    public init(classifier: ZeroShotClassifier, images: DatasetEmbeddings) {
        let logits = classifier.logits(imageEmbeds: images.embeddings)   // [N, K]
        self.init(classNames: classifier.labels, templateCount: classifier.templates.count, logits: logits, images: images)
    }

    /// A report from logits `[N, K]` over `images` (shared with per-template comparisons).
    init(classNames: [String], templateCount: Int, logits: Tensor, images: DatasetEmbeddings) {
        let k = classNames.count, keep = min(5, k)
        var predictions: [Prediction] = []
        var confusion = [[Int]](repeating: [Int](repeating: 0, count: k), count: k)
        var hits1 = 0, hits5 = 0
        logits.data.withUnsafeBufferPointer { l in
            for (i, item) in images.items.enumerated() {
                let row = l.baseAddress! + i * k
                // Ties go to the lower class index, as torch.topk and argmax do on CPU.
                let order = (0..<k).sorted { row[$0] != row[$1] ? row[$0] > row[$1] : $0 < $1 }
                let top = Array(order.prefix(keep))
                predictions.append(Prediction(file: item.relativePath, label: item.label, predicted: top[0], topK: top))
                confusion[item.label][top[0]] += 1
                if top[0] == item.label { hits1 += 1 }
                if top.contains(item.label) { hits5 += 1 }
            }
        }
        let n = max(1, predictions.count)
        self.classNames = classNames
        self.templateCount = templateCount
        self.predictions = predictions
        top1 = Double(hits1) / Double(n)
        top5 = Double(hits5) / Double(n)
        self.confusion = confusion
        perClass = classNames.enumerated().map { c, name in
            ClassResult(name: name, images: confusion[c].reduce(0, +), correct: confusion[c][c])
        }
        skipped = images.skipped
        imagesPerSecond = images.imagesPerSecond
        cachedImages = images.cachedCount
    }

    /// The number of images classified.
    public var imageCount: Int { predictions.count }

    enum CodingKeys: String, CodingKey {
        case top1, top5, nImages = "n_images", skipped, skippedFiles = "skipped_files", complete
        case classes, templates, predictions, perClass = "per_class", confusion
        case imagesPerSecond = "images_per_second", cachedImages = "cached_images"
    }

    /// The `--json` form: `top1`, `top5` (fractions), `n_images`, `skipped` (a count),
    /// `complete`, `predictions` as `{"file", "label", "predicted"}` with class names and
    /// paths relative to the folder, `per_class`, `confusion`, `images_per_second`.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(top1, forKey: .top1)
        try c.encode(top5, forKey: .top5)
        try c.encode(imageCount, forKey: .nImages)
        try c.encode(skipped.count, forKey: .skipped)
        try c.encode(skipped, forKey: .skippedFiles)
        try c.encode(isComplete, forKey: .complete)
        try c.encode(classNames, forKey: .classes)
        try c.encode(templateCount, forKey: .templates)
        try c.encode(predictions.map { ["file": $0.file, "label": classNames[$0.label], "predicted": classNames[$0.predicted]] },
                     forKey: .predictions)
        try c.encode(perClass.map { PerClassJSON(name: $0.name, images: $0.images, correct: $0.correct, accuracy: $0.accuracy) },
                     forKey: .perClass)
        try c.encode(confusion, forKey: .confusion)
        try c.encode(imagesPerSecond, forKey: .imagesPerSecond)
        try c.encode(cachedImages, forKey: .cachedImages)
    }

    private struct PerClassJSON: Encodable { let name: String, images: Int, correct: Int, accuracy: Double }

    /// A built-in template set (`imagenet`, `simple`) or a text file with one template per
    /// line (`{}` marks the class name; blank lines and `#` comments are skipped).
    /// - Throws: `EvaluationError.unknownTemplateSet` / `.templateFile`.
    public static func templates(_ spec: String) throws -> [String] {
        if let named = PromptTemplates.named(spec) { return named }
        let path = (spec as NSString).expandingTildeInPath
        guard FileManager.default.fileExists(atPath: path) else { throw EvaluationError.unknownTemplateSet(spec) }
        let bytes: [UInt8]
        do { bytes = try FileAccess.read(path, maxBytes: 16 << 20) } catch { throw ModelError.file(error) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw EvaluationError.templateFile(path: path, message: "cannot be read as UTF-8 text")
        }
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        guard !lines.isEmpty else {
            throw EvaluationError.templateFile(path: path, message: "has no templates; write one per line, e.g. 'a photo of a {}.'")
        }
        return lines
    }
}
