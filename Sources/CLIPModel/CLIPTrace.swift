import CLIPCore
import Foundation

/// One forward pass of CLIP kept stage by stage: what `step`, `encode --steps`, `loss` and the
/// lessons print is what the model computed, not a re-enactment of it.
///
/// ```
/// pixels ─► patches ─► embeddings (+CLS, +positions) ─► layers… ─► pooled CLS ─► projected ─► Î ─┐
/// ids    ─────────────► embeddings (+positions)      ─► layers… ─► pooled EOT ─► projected ─► T ─┴► cosine ─► logits ─► loss
/// ```
public struct CLIPTrace {
    /// The stages of one tower.
    public struct Tower {
        /// ViT only: the flattened patches `[B, N, 3·P·P]`.
        public let patches: Tensor?
        /// Token embeddings with positions (and the CLS token for a ViT): `[B, T, C]`; nil for a ResNet.
        public let embeddings: Tensor?
        /// Each encoder layer's output `[B, T, C]`, when asked for.
        public let layers: [Tensor]
        /// The pooled state: post-LN CLS (ViT), attention pool (ResNet) or EOT (text): `[B, C]`.
        public let pooled: Tensor
        /// Projected into the shared space, not normalised: `[B, D]`.
        public let projected: Tensor
        /// L2-normalised: `[B, D]`.
        public let normalized: Tensor
    }

    public let pixels: Tensor
    public let ids: [[Int]]
    /// Where each text is pooled (its EOT position).
    public let poolPositions: [Int]
    public let image: Tower
    public let text: Tower
    /// Cosines and logits `[Ni, Nt]`.
    public let scores: SimilarityScores
    /// The loss taken apart, for a square batch of pairs (image i with text i); nil otherwise.
    public let loss: LossBreakdown?
}

extension CLIP {
    /// Runs the forward pass on `pixels` `[Bi,3,S,S]` and `ids` (Bt rows), keeping every stage.
    /// - Parameter layers: also keep each encoder layer's output (memory: L·B·T·C floats per tower).
    public func trace(pixels: Tensor, ids: [[Int]], layers: Bool = false) throws -> CLIPTrace {
        let image = try traceImage(pixels, layers: layers)
        let text = try traceText(ids, layers: layers)
        let scores = SimilarityScores(imageEmbeds: image.normalized, textEmbeds: text.normalized, objective: objective)
        let square = pixels.shape[0] == ids.count
        return CLIPTrace(pixels: pixels, ids: ids, poolPositions: self.text.poolPositions(ids), image: image, text: text,
                         scores: scores, loss: square ? scores.objective.breakdown(logits: scores.logits) : nil)
    }

    /// The image tower's stages for `pixels` `[B,3,S,S]`.
    public func traceImage(_ pixels: Tensor, layers: Bool = false) throws -> CLIPTrace.Tower {
        try GradMode.noGrad {
            var hidden: [Tensor]? = layers ? [] : nil
            let (pooled, projected) = try imageFeatures(pixels, hidden: &hidden)
            return CLIPTrace.Tower(patches: vision.map { $0.patchify(pixels) }, embeddings: vision.map { $0.embed(pixels) },
                                   layers: Array((hidden ?? []).dropFirst()),   // [0] is the encoder input
                                   pooled: pooled, projected: projected, normalized: projected.l2Normalized())
        }
    }

    /// The text tower's stages for token id rows.
    public func traceText(_ ids: [[Int]], layers: Bool = false) throws -> CLIPTrace.Tower {
        try GradMode.noGrad {
            var hidden: [Tensor]? = []
            let (pooled, projected) = try textFeatures(ids, hidden: &hidden)
            let states = hidden ?? []
            return CLIPTrace.Tower(patches: nil, embeddings: states.first,   // [0]: token + position embeddings
                                   layers: layers ? Array(states.dropFirst()) : [],
                                   pooled: pooled, projected: projected, normalized: projected.l2Normalized())
        }
    }
}

extension CLIPPipeline {
    /// The traced forward pass on image sources and texts (see `CLIP.trace`).
    public func trace(images: [String], texts: [String], layers: Bool = false,
                      isCancelled: () -> Bool = { false }) throws -> CLIPTrace {
        let pixels = try pixels(images, isCancelled: isCancelled)
        return try clip.trace(pixels: pixels, ids: tokenize(texts).map(\.ids), layers: layers)
    }
}
