import CLIPCore
import CLIPData
import CLIPModel
import CLIPTraining
import CLIPViz
import Foundation

extension Context {
    /// The session's model; the untrained toy model is loaded on first use.
    public mutating func currentModel() throws -> CLIPPipeline {
        if let model = session.model { return model }
        let toy = try ModelResolver.freshToy(seed: settings.seed)
        session.model = toy
        return toy
    }

    /// The session's trained toy model, if training has run.
    public var trainedToy: CLIPPipeline? { session.trainedModel }

    /// The drawing style the settings ask for.
    public var style: Style { Style(color: settings.color ? .truecolor : .off) }

    /// The batch, or an error saying how to make one.
    public func requireBatch() throws -> [BatchPair] {
        guard !session.batch.isEmpty else {
            throw LabError.missing("the batch is empty — try 'batch scenes', 'batch toy 4' or 'batch add IMAGE CAPTION'")
        }
        return session.batch
    }
}

/// The matching game on the current batch: every image against every caption.
public struct BatchScores {
    public let imageLabels: [String]
    public let captions: [String]
    /// Cosine and logits `[N, N]`, row = image, column = caption.
    public let scores: SimilarityScores
    public var cosine: Tensor { scores.cosine }
    /// `e^logit_scale`.
    public var scale: Float { scores.scale }
    /// `scale · cosine` (`+ bias` for SigLIP).
    public var logits: Tensor { scores.logits }
    /// The model's objective when the batch was scored (scale, bias, loss, probabilities).
    public var objective: Objective { scores.objective }
    /// Row softmax (CLIP) or per-pair sigmoid (SigLIP).
    public var probabilities: Tensor { scores.probabilities }
    /// The loss of the batch taken apart (pair i is image i with caption i).
    public var loss: LossBreakdown { objective.breakdown(logits: logits) }

    /// The normalised embeddings the cosines were computed from, `[N, D]`.
    public let imageEmbeds: Tensor, textEmbeds: Tensor

    public init(model: CLIPPipeline, batch: [BatchPair], isCancelled: () -> Bool) throws {
        imageEmbeds = try model.imageEmbeddings(batch.map(\.image), isCancelled: isCancelled)
        textEmbeds = try model.textEmbeddings(batch.map(\.caption), isCancelled: isCancelled)
        scores = model.score(imageEmbeds: imageEmbeds, textEmbeds: textEmbeds)
        imageLabels = batch.map { ImageSources.label($0.image) }
        captions = batch.map(\.caption)
    }
}

extension JSONValue {
    /// A matrix as an array of number arrays.
    static func matrix(_ t: Tensor) -> JSONValue {
        .array(SimilarityScores.rows(t).map { .array($0.map { .double($0) }) })
    }

    /// A vector as a number array.
    static func vector(_ values: [Float]) -> JSONValue { .array(values.map { .float($0) }) }

    static func strings(_ values: [String]) -> JSONValue { .array(values.map { .string($0) }) }
}
