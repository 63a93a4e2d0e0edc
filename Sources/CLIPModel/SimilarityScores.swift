import CLIPCore

/// Every image against every text: the matrix CLIP's loss and zero-shot use.
///
/// Example: two images, three texts → `cosine` and `logits` are `[2, 3]`; row i scores image i.
public struct SimilarityScores {
    /// Cosine similarities `Î·Tᵀ`, `[Ni, Nt]`, row = image, column = text.
    public let cosine: Tensor
    /// `e^logit_scale`, the factor cosines are multiplied by.
    public let scale: Float

    public init(cosine: Tensor, scale: Float) {
        self.cosine = cosine
        self.scale = scale
    }

    /// From L2-normalised embeddings `[Ni, D]` and `[Nt, D]`.
    public init(imageEmbeds: Tensor, textEmbeds: Tensor, scale: Float) {
        cosine = GradMode.noGrad { imageEmbeds.matmul(textEmbeds, transposeOther: true) }  // [Ni,D]·[Nt,D]ᵀ -> [Ni,Nt]
        self.scale = scale
    }

    /// `e^t · cosine`, `[Ni, Nt]`.
    public var logits: Tensor { GradMode.noGrad { cosine.scaled(scale) } }

    /// The rows of `t` as nested arrays (for JSON and drawings).
    public static func rows(_ t: Tensor) -> [[Double]] {
        let (r, c) = (t.shape[0], t.shape[1])
        return (0..<r).map { i in (0..<c).map { Double(t.data[i * c + $0]) } }
    }
}
