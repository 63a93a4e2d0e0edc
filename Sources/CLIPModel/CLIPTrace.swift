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
    public let loss: ContrastiveLoss.Breakdown?
}

extension CLIP {
    /// Runs the forward pass on `pixels` `[Bi,3,S,S]` and `ids` (Bt rows), keeping every stage.
    /// - Parameter layers: also keep each encoder layer's output (memory: L·B·T·C floats per tower).
    public func trace(pixels: Tensor, ids: [[Int]], layers: Bool = false) throws -> CLIPTrace {
        try GradMode.noGrad {
            var imageHidden: [Tensor]? = layers ? [] : nil
            let (imagePooled, imageProjected) = try imageFeatures(pixels, hidden: &imageHidden)
            let patches = vision.map { $0.patchify(pixels) }
            let imageEmbeddings = vision.map { $0.embed(pixels) }
            let image = CLIPTrace.Tower(patches: patches, embeddings: imageEmbeddings,
                                        layers: Array((imageHidden ?? []).dropFirst()),   // [0] is the encoder input
                                        pooled: imagePooled, projected: imageProjected,
                                        normalized: imageProjected.l2Normalized())

            var textHidden: [Tensor]? = []
            let (textPooled, textProjected) = try textFeatures(ids, hidden: &textHidden)
            let hidden = textHidden ?? []
            let text = CLIPTrace.Tower(patches: nil, embeddings: hidden.first,
                                       layers: layers ? Array(hidden.dropFirst()) : [],
                                       pooled: textPooled, projected: textProjected,
                                       normalized: textProjected.l2Normalized())

            let scores = SimilarityScores(imageEmbeds: image.normalized, textEmbeds: text.normalized, scale: temperatureScale)
            let square = pixels.shape[0] == ids.count
            return CLIPTrace(pixels: pixels, ids: ids, poolPositions: self.text.poolPositions(ids), image: image, text: text,
                             scores: scores,
                             loss: square ? ContrastiveLoss.breakdown(logitsPerImage: scores.logits) : nil)
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
