import CLIPCore

/// Every image against every text: the matrix CLIP's loss and zero-shot use.
///
/// The cosines and logits come from the model's `Objective` (a snapshot of its values, so a
/// later `temperature` or training step does not change scores already computed).
/// Example: two images, three texts → `cosine` and `logits` are `[2, 3]`; row i scores image i.
public struct SimilarityScores {
    /// Cosine similarities `Î·Tᵀ`, `[Ni, Nt]`, row = image, column = text.
    public let cosine: Tensor
    /// `e^t · cosine` (`+ b` for SigLIP), `[Ni, Nt]`.
    public let logits: Tensor
    /// The objective's values when the scores were made.
    public let objective: Objective

    /// From L2-normalised embeddings `[Ni, D]` and `[Nt, D]`.
    public init(imageEmbeds: Tensor, textEmbeds: Tensor, objective: Objective) {
        let fixed = objective.snapshot()
        let out = GradMode.noGrad { fixed.output(imageEmbeds: imageEmbeds, textEmbeds: textEmbeds) }
        cosine = out.cosine
        logits = out.logitsPerImage
        self.objective = fixed
    }

    /// `e^t`, the factor cosines are multiplied by.
    public var scale: Float { objective.scale }
    /// SigLIP's bias (0 for CLIP).
    public var bias: Float { objective.bias }
    /// Row softmax (CLIP) or per-pair sigmoid (SigLIP) of the logits.
    public var probabilities: Tensor { objective.probabilities(logits: logits) }

    /// The rows of `t` as nested arrays (for JSON and drawings).
    public static func rows(_ t: Tensor) -> [[Double]] {
        let (r, c) = (t.shape[0], t.shape[1])
        return (0..<r).map { i in (0..<c).map { Double(t.data[i * c + $0]) } }
    }
}
