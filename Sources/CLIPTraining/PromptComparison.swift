import CLIPCore
import CLIPData
import CLIPModel
import CLIPText
import Foundation

/// What prompt engineering buys: zero-shot accuracy with each template alone and with
/// the ensemble of all of them, on the same images.
///
/// Every (class, template) prompt is embedded once; each template's classifier and the
/// ensemble (mean of the normalised embeddings) are built from those rows.
/// Example: on the toy fixture, `"a photo of a {}."` alone 0.95, the 80-template ensemble 0.65.
public struct PromptComparison: Sendable {
    public struct Row: Sendable, Equatable, Encodable {
        public let template: String
        public let top1: Double, top5: Double
    }

    /// One row per template, in the given order.
    public let rows: [Row]
    /// All templates averaged (the paper's prompt ensembling).
    public let ensemble: ZeroShotEvaluation

    public init(pipeline: CLIPPipeline, classNames: [String], templates: [String],
                images: DatasetEmbeddings, isCancelled: () -> Bool = { false }) throws {
        let prompts = try ZeroShotClassifier.promptEmbeddings(pipeline: pipeline, labels: classNames,
                                                              templates: templates, isCancelled: isCancelled)
        let objective = pipeline.clip.objective
        rows = templates.enumerated().map { t, template in
            let one = prompts.slice(axis: 1, t..<(t + 1))                       // [K,T,D] -> [K,1,D]
            let classifier = ZeroShotClassifier(labels: classNames, templates: [template], promptEmbeddings: one, objective: objective)
            let report = ZeroShotEvaluation(classifier: classifier, images: images)
            return Row(template: template, top1: report.top1, top5: report.top5)
        }
        let all = ZeroShotClassifier(labels: classNames, templates: templates, promptEmbeddings: prompts, objective: objective)
        ensemble = ZeroShotEvaluation(classifier: all, images: images)
    }

    /// The best single template.
    public var best: Row? { rows.max { $0.top1 != $1.top1 ? $0.top1 < $1.top1 : $0.template > $1.template } }
}
