import CLIPCore
import CLIPData
import CLIPModel
import CLIPText
import Foundation

/// Zero-shot classification: class names become captions, captions become weights.
///
/// For each class the text tower embeds every template filled with the class name; the
/// normalised embeddings are averaged and renormalised (the paper's prompt ensembling).
/// An image is then scored against each class by cosine × `e^logit_scale`, and a
/// softmax over classes gives probabilities.
/// Example: labels `["cat", "dog"]`, template `"a photo of a {}."` → two rows of `weights`.
public struct ZeroShotClassifier {
    public let labels: [String]
    public let templates: [String]
    /// Normalised class embeddings `[K, D]`.
    public let weights: Tensor
    /// `e^logit_scale` of the model.
    public let scale: Float

    /// Ranked result for one image.
    public struct Prediction: Sendable {
        /// Class indices, best first, with probabilities and raw logits. Probabilities within
        /// 1e-5 of the best of their group count as tied and keep the labels' order: an
        /// untrained model's equal answers would otherwise be ordered by rounding, differently
        /// on each machine.
        public let ranking: [(index: Int, probability: Float, logit: Float)]
        public var best: Int { ranking[0].index }
    }

    public init(pipeline: CLIPPipeline, labels: [String], templates: [String] = PromptTemplates.simple,
                batchSize: Int = 64, isCancelled: () -> Bool = { false }) throws {
        let prompts = try Self.promptEmbeddings(pipeline: pipeline, labels: labels, templates: templates,
                                                batchSize: batchSize, isCancelled: isCancelled)
        self.init(labels: labels, templates: templates, promptEmbeddings: prompts, scale: pipeline.clip.temperatureScale)
    }

    /// A classifier from already-embedded prompts: the mean of each class's rows,
    /// renormalised.
    /// - Parameter promptEmbeddings: normalised `[K, T, D]` (class, template).
    public init(labels: [String], templates: [String], promptEmbeddings: Tensor, scale: Float) {
        precondition(promptEmbeddings.rank == 3 && promptEmbeddings.shape[0] == labels.count
                     && promptEmbeddings.shape[1] == templates.count, "prompt embeddings \(promptEmbeddings.shape) do not match")
        self.labels = labels
        self.templates = templates
        weights = GradMode.noGrad { promptEmbeddings.mean(axis: 1).l2Normalized() }   // [K,T,D] -> [K,D]
        self.scale = scale
    }

    /// Normalised text embeddings of every template filled with every label: `[K, T, D]`.
    public static func promptEmbeddings(pipeline: CLIPPipeline, labels: [String], templates: [String],
                                        batchSize: Int = 64, isCancelled: () -> Bool = { false }) throws -> Tensor {
        guard !labels.isEmpty else { throw ModelError.badInput("no class labels given (e.g. --labels \"cat,dog\")") }
        guard !templates.isEmpty else { throw ModelError.badInput("no prompt templates given") }
        let prompts = labels.flatMap { label in templates.map { PromptTemplates.fill($0, with: label) } }
        let rows = try pipeline.textEmbeddings(prompts, chunk: batchSize, isCancelled: isCancelled)   // [K·T, D]
        return rows.reshaped([labels.count, templates.count, rows.shape[1]])                          // -> [K, T, D]
    }

    /// Logits `[N, K]` for normalised image embeddings `[N, D]`.
    public func logits(imageEmbeds: Tensor) -> Tensor {
        GradMode.noGrad { imageEmbeds.matmul(weights, transposeOther: true).scaled(scale) }
    }

    /// Ranked predictions for normalised image embeddings `[N, D]`.
    public func predict(imageEmbeds: Tensor) -> [Prediction] {
        let logits = logits(imageEmbeds: imageEmbeds)
        let probs = GradMode.noGrad { logits.softmax() }
        let k = labels.count
        return (0..<imageEmbeds.shape[0]).map { i in
            let scored = (0..<k).map { (index: $0, probability: probs.data[i * k + $0], logit: logits.data[i * k + $0]) }
                .sorted { $0.probability != $1.probability ? $0.probability > $1.probability : $0.index < $1.index }
            var ranking: [(index: Int, probability: Float, logit: Float)] = []
            var start = 0
            while start < scored.count {
                var end = start + 1
                while end < scored.count && scored[start].probability - scored[end].probability <= 1e-5 { end += 1 }
                ranking += scored[start..<end].sorted { $0.index < $1.index }
                start = end
            }
            return Prediction(ranking: ranking)
        }
    }
}
