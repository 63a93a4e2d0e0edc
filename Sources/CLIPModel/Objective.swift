import CLIPCore
import Foundation

/// The loss a CLIP is trained with, as its `config.json` records it (`"objective": "siglip"`).
public enum ObjectiveKind: String, Codable, Sendable, CaseIterable {
    /// CLIP's symmetric softmax cross-entropy (Radford et al., 2021, Figure 3): `ContrastiveLoss`.
    case clip
    /// SigLIP's pairwise sigmoid loss (Zhai et al., 2023, §3): `SigmoidLoss`.
    case siglip
}

/// What a CLIP does with its cosines: the learned scale (and SigLIP's bias), the logits,
/// the loss with its per-row/column breakdown, and the probabilities.
///
/// The forward pass, the training pass, `SimilarityScores` and zero-shot all call this
/// one value, so the scaled cosine and each loss are written once. The kind picks the
/// sibling loss (`ContrastiveLoss` or `SigmoidLoss`) the way a config picks open_clip's
/// `ClipLoss` or `SigLipLoss`.
/// ```
/// Î [N, D], T [N, D] ─► cosine Î·Tᵀ [N, N] ─► logits = e^t·cosine (+ b) ─► loss
///                                                                       └► probabilities
///   clip:   loss = ½·(CE(rows) + CE(columns)),    probabilities = softmax of each row
///   siglip: loss = −Σᵢⱼ log σ(zᵢⱼ·logitᵢⱼ) / N,   probabilities = σ(logit), each pair alone
/// ```
public final class Objective {
    public let kind: ObjectiveKind
    /// The temperature, stored as a log `t` and exponentiated on use (both objectives learn it).
    public let logitScale: Tensor         // []
    /// SigLIP's learned bias `b`, added to every logit; nil for CLIP.
    public let logitBias: Tensor?         // []

    public init(kind: ObjectiveKind, logitScale: Tensor, logitBias: Tensor?) {
        precondition((kind == .siglip) == (logitBias != nil), "a \(kind) objective \(kind == .siglip ? "needs" : "has no") bias")
        self.kind = kind
        self.logitScale = logitScale
        self.logitBias = logitBias
    }

    /// An objective holding fixed values (no gradient): `scale` is `e^t`.
    ///
    /// Example: `Objective.fixed(.clip, scale: 100)` scores as a trained CLIP does.
    public static func fixed(_ kind: ObjectiveKind = .clip, scale: Float, bias: Float = 0) -> Objective {
        Objective(kind: kind, logitScale: Tensor(shape: [], data: [FixedMath.log(scale)]),
                  logitBias: kind == .siglip ? Tensor(shape: [], data: [bias]) : nil)
    }

    /// A copy of the current values that later training or `temperature` does not change.
    public func snapshot() -> Objective {
        Objective(kind: kind, logitScale: Tensor(shape: [], data: logitScale.data),
                  logitBias: logitBias.map { Tensor(shape: [], data: $0.data) })
    }

    /// `e^t`, the factor cosines are multiplied by.
    public var scale: Float { FixedMath.exp(logitScale.item) }
    /// The bias added to every logit (0 for CLIP).
    public var bias: Float { logitBias?.item ?? 0 }

    /// The learned parameters with their checkpoint keys.
    public func namedParameters(prefix: String = "") -> [(String, Tensor)] {
        [(prefix + "logit_scale", logitScale)] + (logitBias.map { [(prefix + "logit_bias", $0)] } ?? [])
    }

    // MARK: Logits

    /// Every image against every text: the cosines, scaled by the learned temperature `e^t`
    /// (plus SigLIP's bias `b`) into logits — differentiable, and the one place this is done.
    ///
    /// - Parameters: `imageEmbeds` `[Ni, D]` and `textEmbeds` `[Nt, D]`, L2-normalised.
    /// Example: cos 0.3 with t = ln 100 → logit 30 (CLIP); with t = ln 10, b = −10 → −7 (SigLIP's start).
    public func output(imageEmbeds: Tensor, textEmbeds: Tensor) -> CLIPOutput {
        let cosine = imageEmbeds.matmul(textEmbeds, transposeOther: true)   // [Ni, D]·[Nt, D]ᵀ -> [Ni, Nt]
        var logits = cosine * logitScale.exp()                              // × e^t
        if let logitBias { logits = logits + logitBias }                    // SigLIP: + b, every pair alike
        return CLIPOutput(imageEmbeds: imageEmbeds, textEmbeds: textEmbeds, cosine: cosine,
                          logitsPerImage: logits, objective: self)
    }

    // MARK: Loss

    /// The loss of a square batch of pairs (image i with text i), differentiable.
    /// `captionGroups` marks pairs that share a caption: they count as matches, not negatives.
    public func loss(logits: Tensor, captionGroups: [Int]? = nil) -> Tensor {
        switch kind {
        case .clip: ContrastiveLoss.symmetric(logitsPerImage: logits, captionGroups: captionGroups)
        case .siglip: SigmoidLoss.pairwise(logits: logits, captionGroups: captionGroups)
        }
    }

    /// The loss taken apart row by row and column by column (no gradient).
    public func breakdown(logits: Tensor, captionGroups: [Int]? = nil) -> LossBreakdown {
        switch kind {
        case .clip: ContrastiveLoss.breakdown(logitsPerImage: logits, captionGroups: captionGroups)
        case .siglip: SigmoidLoss.breakdown(logits: logits, captionGroups: captionGroups)
        }
    }

    /// What the logits `[Ni, Nt]` say as probabilities (no gradient): CLIP's softmax over each
    /// row (image i spreads one unit of belief over the texts), or SigLIP's independent
    /// `σ(logit)` per pair (each a yes/no answer; a row need not sum to 1).
    public func probabilities(logits: Tensor) -> Tensor {
        GradMode.noGrad {
            switch kind {
            case .clip: logits.softmax()
            case .siglip: logits.sigmoid()
            }
        }
    }

    /// The loss of a model that cannot tell the pairs apart and gives every pair the same
    /// logit, at its best: ln N for CLIP's softmax; for SigLIP, with σ(c) = 1/N,
    /// `ln N + (N−1)·ln(N/(N−1))` (about ln N + 1).
    public func chanceLoss(n: Int) -> Double {
        let n = Double(max(n, 1))
        switch kind {
        case .clip: return Foundation.log(n)
        case .siglip: return n > 1 ? Foundation.log(n) + (n - 1) * Foundation.log(n / (n - 1)) : 0
        }
    }
}

/// A loss taken apart: each image's and each text's own share, and the probability the
/// objective gives each true pair.
public struct LossBreakdown: Sendable {
    public let objective: ObjectiveKind
    /// CLIP: `CE(row i)`, how badly image i picks its caption among all captions.
    /// SigLIP: `Σⱼ −log σ(zᵢⱼ·logitᵢⱼ)`, row i's part of the sum over all pairs.
    public let perImage: [Float]
    /// CLIP: `CE(column j)`. SigLIP: `Σᵢ −log σ(zᵢⱼ·logitᵢⱼ)`, column j's part.
    public let perText: [Float]
    /// CLIP: `p(caption i | image i)`, the row softmax's diagonal. SigLIP: `σ(logitᵢᵢ)`.
    public let rowProbability: [Float]
    /// CLIP: `p(image j | caption j)`, the column softmax's diagonal. SigLIP: `σ(logitⱼⱼ)`.
    public let columnProbability: [Float]

    public init(objective: ObjectiveKind, perImage: [Float], perText: [Float], rowProbability: [Float], columnProbability: [Float]) {
        self.objective = objective
        self.perImage = perImage
        self.perText = perText
        self.rowProbability = rowProbability
        self.columnProbability = columnProbability
    }

    /// Mean over rows (image → text).
    public var imageToText: Float { perImage.reduce(0, +) / Float(max(perImage.count, 1)) }
    /// Mean over columns (text → image).
    public var textToImage: Float { perText.reduce(0, +) / Float(max(perText.count, 1)) }
    /// The loss: `½·(image→text + text→image)` for CLIP; `Σ over all N² pairs / N` for SigLIP
    /// (which equals the mean of the row sums).
    public var total: Float {
        switch objective {
        case .clip: (imageToText + textToImage) / 2
        case .siglip: imageToText
        }
    }
}
