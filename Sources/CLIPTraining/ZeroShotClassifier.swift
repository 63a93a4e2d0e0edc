import CLIPCore
import CLIPData
import CLIPModel
import CLIPText
import Foundation

/// Zero-shot classification: class names become captions, captions become weights.
///
/// For each class the text tower embeds every template filled with the class name; the
/// normalised embeddings are averaged and renormalised (the paper's prompt ensembling).
/// An image is then scored against each class by the model's objective (cosine × `e^t`,
/// `+ b` for SigLIP), and the objective turns the logits into probabilities: a softmax over
/// the classes for CLIP, an independent sigmoid per class for SigLIP (which need not sum to 1).
/// Example: labels `["cat", "dog"]`, template `"a photo of a {}."` → two rows of `weights`.
public struct ZeroShotClassifier {
    public let labels: [String]
    public let templates: [String]
    /// Normalised class embeddings `[K, D]`.
    public let weights: Tensor
    /// The model's objective when the classifier was built (scale, bias, probabilities).
    public let objective: Objective
    /// `e^logit_scale` of the model.
    public var scale: Float { objective.scale }

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
        self.init(labels: labels, templates: templates, promptEmbeddings: prompts, objective: pipeline.clip.objective)
    }

    /// A classifier from already-embedded prompts: the mean of each class's rows,
    /// renormalised.
    /// - Parameter promptEmbeddings: normalised `[K, T, D]` (class, template).
    public init(labels: [String], templates: [String], promptEmbeddings: Tensor, objective: Objective) {
        precondition(promptEmbeddings.rank == 3 && promptEmbeddings.shape[0] == labels.count
                     && promptEmbeddings.shape[1] == templates.count, "prompt embeddings \(promptEmbeddings.shape) do not match")
        self.labels = labels
        self.templates = templates
        weights = GradMode.noGrad { promptEmbeddings.mean(axis: 1).l2Normalized() }   // [K,T,D] -> [K,D]
        self.objective = objective.snapshot()
    }

    /// A CLIP classifier with a fixed scale `e^t`.
    public init(labels: [String], templates: [String], promptEmbeddings: Tensor, scale: Float) {
        self.init(labels: labels, templates: templates, promptEmbeddings: promptEmbeddings, objective: .fixed(.clip, scale: scale))
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
        GradMode.noGrad { objective.output(imageEmbeds: imageEmbeds, textEmbeds: weights).logitsPerImage }   // [N, K]
    }

    /// Ranked predictions for normalised image embeddings `[N, D]`.
    public func predict(imageEmbeds: Tensor) -> [Prediction] {
        let logits = logits(imageEmbeds: imageEmbeds)
        let probs = objective.probabilities(logits: logits)
        let k = labels.count
        // Softmax probabilities share one unit, so 1e-5 apart is a tie; independent sigmoids
        // can all be near 0 or 1, so SigLIP's labels are compared by logit instead.
        let byLogit = objective.kind == .siglip
        return (0..<imageEmbeds.shape[0]).map { i in
            let scored = (0..<k).map { (index: $0, probability: probs.data[i * k + $0], logit: logits.data[i * k + $0]) }
            func key(_ s: (index: Int, probability: Float, logit: Float)) -> Float { byLogit ? s.logit : s.probability }
            let sorted = scored.sorted { key($0) != key($1) ? key($0) > key($1) : $0.index < $1.index }
            var ranking: [(index: Int, probability: Float, logit: Float)] = []
            var start = 0
            while start < sorted.count {
                var end = start + 1
                while end < sorted.count && key(sorted[start]) - key(sorted[end]) <= 1e-5 { end += 1 }
                ranking += sorted[start..<end].sorted { $0.index < $1.index }
                start = end
            }
            return Prediction(ranking: ranking)
        }
    }
}
