import CLIPCore
import CLIPModel
import Foundation

/// Where in a picture a caption matches: one relevance value per image patch.
///
/// Method: Grad-CAM (Selvaraju et al., 2017, "Grad-CAM: Visual Explanations from Deep
/// Networks via Gradient-based Localization") applied to a ViT's patch tokens as they enter
/// its last encoder layer — the last place where patch tokens still reach the output (the
/// output keeps only the class token). The score is the cosine between the image and the
/// caption embedding; reverse-mode autodiff gives its gradient `G` with respect to those
/// tokens `A` `[N, C]`. Each channel is weighted by its mean gradient over the patches,
/// `αc = mean_p G[p, c]`, and the map is `ReLU(Σc αc·A[p, c])`, scaled so its maximum is 1.
///
/// ```
/// pixels ─embed─► layers 1…L-1 (no grad) ─► A [1,N+1,C] (leaf) ─► layer L ─► CLS ─► post-LN ─► proj ─► ‖·‖
///        score = ⟨image, caption⟩ ─backward─► G = ∂score/∂A ─► Grad-CAM over the N patch rows
/// ```
/// A ResNet tower is inference-only here (no gradient flows through it), so it is not
/// supported. Example: `try RelevanceMap.gradCAM(model: clip, pixels: p, caption: t).values`.
public struct RelevanceMap: Sendable, Equatable {
    /// Patches per side.
    public let grid: Int
    /// `grid × grid` values in row-major patch order, in 0…1 (all 0 when nothing is relevant).
    public let values: [Float]
    /// Cosine similarity of the picture and the caption.
    public let score: Float

    /// The patch with the highest value: (row, column).
    public var peak: (row: Int, column: Int) {
        let i = values.indices.max { values[$0] < values[$1] } ?? 0
        return (i / max(grid, 1), i % max(grid, 1))
    }

    /// Grad-CAM of `caption` (a normalised text embedding `[D]`) over `pixels` `[1, 3, S, S]`.
    /// - Throws: `EvaluationError.notApplicable` for a ResNet image tower or a ViT without layers.
    public static func gradCAM(model: CLIP, pixels: Tensor, caption: [Float]) throws -> RelevanceMap {
        guard let vision = model.vision else {
            throw EvaluationError.notApplicable("explain needs a ViT image tower: Grad-CAM over patch tokens does not apply to this ResNet model (load a ViT checkpoint, e.g. openai/clip-vit-base-patch32)")
        }
        let layers = vision.encoder.layers
        guard let last = layers.last else {
            throw EvaluationError.notApplicable("explain needs at least one vision encoder layer; this model has none")
        }
        try vision.check(pixels: pixels)
        guard pixels.shape[0] == 1, caption.count == model.config.projectionDim else {
            throw EvaluationError.notApplicable("explain takes one picture and one caption embedding of \(model.config.projectionDim) values")
        }
        let entering = GradMode.noGrad {
            var x = vision.preLayerNorm(vision.embed(pixels))
            for layer in layers.dropLast() { x = layer(x, mask: nil) }
            return x
        }
        let (tokens, c) = (entering.shape[1], entering.shape[2])
        let a = Tensor(shape: entering.shape, data: entering.data, requiresGrad: true)   // [1,N+1,C]
        let y = last(a, mask: nil)
        let cls = y.slice(axis: 1, 0..<1).reshaped([1, c])                                // [1,1,C] -> [1,C]
        let pooled = vision.postLayerNorm(cls)
        let image = (model.visualProjection.map { pooled.matmul($0, transposeOther: true) } ?? pooled).l2Normalized()
        let score = (image * Tensor(shape: [1, caption.count], data: caption)).sum()
        score.backward()
        let g = a.grad ?? [Float](repeating: 0, count: a.count)
        // Parameters may record gradients too; leave them as they were (none).
        for p in model.parameters where p.requiresGrad { p.zeroGrad() }
        let patches = tokens - 1
        var alpha = [Float](repeating: 0, count: c)
        for p in 1..<tokens { for k in 0..<c { alpha[k] += g[p * c + k] } }
        for k in 0..<c { alpha[k] /= Float(max(patches, 1)) }
        var cam = [Float](repeating: 0, count: patches)
        for p in 1..<tokens {
            var s: Float = 0
            for k in 0..<c { s += alpha[k] * entering.data[p * c + k] }
            cam[p - 1] = max(0, s)
        }
        let top = cam.max() ?? 0
        if top > 0 { cam = cam.map { $0 / top } }
        return RelevanceMap(grid: vision.config.gridSize, values: cam, score: score.item)
    }
}
