import CLIPCore
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
        /// Class indices, best first, with probabilities and raw logits.
        public let ranking: [(index: Int, probability: Float, logit: Float)]
        public var best: Int { ranking[0].index }
    }

    public init(model: CLIP, tokenizer: any TextTokenizer, labels: [String], templates: [String] = PromptTemplates.simple,
                batchSize: Int = 64, isCancelled: () -> Bool = { false }) throws {
        guard !labels.isEmpty else { throw ModelError.badInput("no class labels given (e.g. --labels \"cat,dog\")") }
        guard !templates.isEmpty else { throw ModelError.badInput("no prompt templates given") }
        let context = model.config.textConfig.maxPositionEmbeddings
        let d = model.config.projectionDim
        var rows = [Float]()
        rows.reserveCapacity(labels.count * d)
        for label in labels {
            let prompts = templates.map { PromptTemplates.fill($0, with: label) }
            var sum = [Float](repeating: 0, count: d)
            for start in stride(from: 0, to: prompts.count, by: batchSize) {
                if isCancelled() { throw CancellationError() }
                let ids = prompts[start..<min(prompts.count, start + batchSize)].map {
                    tokenizer.encode($0, contextLength: context).ids
                }
                let embeds = try GradMode.noGrad { try model.encodeText(ids).l2Normalized() }
                for r in 0..<ids.count { for j in 0..<d { sum[j] += embeds.data[r * d + j] } }
            }
            rows += sum
        }
        self.labels = labels
        self.templates = templates
        weights = Tensor(shape: [labels.count, d], data: rows).l2Normalized()
        scale = model.temperatureScale
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
            let ranking = (0..<k).map { (index: $0, probability: probs.data[i * k + $0], logit: logits.data[i * k + $0]) }
                .sorted { $0.probability != $1.probability ? $0.probability > $1.probability : $0.index < $1.index }
            return Prediction(ranking: ranking)
        }
    }
}
