import CLIPCore
import Foundation

/// CLIP's symmetric contrastive loss: one of the two objectives (see `Objective`, `SigmoidLoss`).
///
/// For a batch of N pairs with logits `L = e^t·Î·Tᵀ` (`[N, N]`), the right text for image i
/// is text i and the right image for text j is image j:
/// `loss = ½·(CE(rows of L, diag) + CE(rows of Lᵀ, diag))`.
/// Example: a perfectly diagonal L with large scale gives a loss near 0; all-equal logits
/// give ln N.
public enum ContrastiveLoss {
    /// - Parameters:
    ///   - logitsPerImage: `[N, N]`.
    ///   - captionGroups: optional caption identity per pair. When two pairs share a
    ///     caption, each row's target is spread evenly over every pair of its group, so a
    ///     true match is not punished as a negative.
    public static func symmetric(logitsPerImage: Tensor, captionGroups: [Int]? = nil) -> Tensor {
        let n = logitsPerImage.shape[0]
        precondition(logitsPerImage.shape == [n, n], "contrastive loss needs a square [N,N] matrix, got \(logitsPerImage.shape)")
        let targets = targetMatrix(n: n, groups: captionGroups)
        let imageToText = logitsPerImage.crossEntropy(probabilities: targets)
        let textToImage = logitsPerImage.transposed().crossEntropy(probabilities: targets)
        return (imageToText + textToImage).scaled(0.5)
    }

    /// Row-normalised targets: identity, or 1/|group| over each pair's caption group.
    ///
    /// Example: groups `[0, 1, 0]` → rows `[½,0,½]`, `[0,1,0]`, `[½,0,½]`.
    public static func targetMatrix(n: Int, groups: [Int]?) -> Tensor {
        var t = [Float](repeating: 0, count: n * n)
        for i in 0..<n {
            guard let groups else { t[i * n + i] = 1; continue }
            let same = (0..<n).filter { groups[$0] == groups[i] }
            for j in same { t[i * n + j] = 1 / Float(same.count) }
        }
        return Tensor(shape: [n, n], data: t)
    }
}

extension ContrastiveLoss {
    /// Per-row and per-column cross-entropies of `logitsPerImage` `[N, N]` (no gradient).
    ///
    /// Example: logits `[[2, 0], [0, 2]]` → every row and column has `p = e²/(e²+1) ≈ 0.881`,
    /// `CE = -ln 0.881 ≈ 0.127`, so `total ≈ 0.127`.
    public static func breakdown(logitsPerImage: Tensor, captionGroups: [Int]? = nil) -> LossBreakdown {
        let n = logitsPerImage.shape[0]
        precondition(logitsPerImage.shape == [n, n], "contrastive loss needs a square [N,N] matrix, got \(logitsPerImage.shape)")
        let targets = targetMatrix(n: n, groups: captionGroups).data
        let x = logitsPerImage.data
        /// Cross-entropy of one line of logits (`at(k)` for k in 0..<n) against target row `t`,
        /// with the probability of entry `diagonal`.
        func line(_ at: (Int) -> Float, targetRow t: Int, diagonal: Int) -> (ce: Float, p: Float) {
            let values = (0..<n).map { Double(at($0)) }
            let m = values.max() ?? 0
            let logSum = m + FixedMath.log(values.reduce(0) { $0 + FixedMath.exp($1 - m) })   // log Σ e^x, stably
            var ce = 0.0
            for k in 0..<n where targets[t * n + k] > 0 { ce -= Double(targets[t * n + k]) * (values[k] - logSum) }
            return (Float(ce), Float(FixedMath.exp(values[diagonal] - logSum)))
        }
        let rows = (0..<n).map { i in line({ x[i * n + $0] }, targetRow: i, diagonal: i) }
        let columns = (0..<n).map { j in line({ x[$0 * n + j] }, targetRow: j, diagonal: j) }
        return LossBreakdown(objective: .clip, perImage: rows.map(\.ce), perText: columns.map(\.ce),
                         rowProbability: rows.map(\.p), columnProbability: columns.map(\.p))
    }
}
