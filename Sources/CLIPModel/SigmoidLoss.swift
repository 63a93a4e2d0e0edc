import CLIPCore
import Foundation

/// SigLIP's pairwise sigmoid loss (Zhai et al., 2023, "Sigmoid Loss for Language Image
/// Pre-Training", §3.2): every image–text pair is its own yes/no question.
///
/// With logits `L = e^t'·Î·Tᵀ + b` (`[N, N]`) and labels `z = +1` for a true pair, `−1` for
/// every other: `loss = −(1/N)·Σᵢⱼ log σ(zᵢⱼ·Lᵢⱼ)`. There is no softmax, so no row or column
/// is normalised against the others. The paper starts at `t' = ln 10`, `b = −10`, so that
/// the N²−N negatives begin with a small loss and the N positives carry the signal.
/// Example: logits `[[5, −5], [−5, 5]]` → every pair costs `−log σ(5) ≈ 0.0067`, the loss
/// is `4·0.0067/2 ≈ 0.0134`.
public enum SigmoidLoss {
    /// - Parameters:
    ///   - logits: `[N, N]`, row = image, column = text.
    ///   - captionGroups: optional caption identity per pair; pairs sharing a caption are
    ///     labelled +1 too (a true match is not a negative).
    public static func pairwise(logits: Tensor, captionGroups: [Int]? = nil) -> Tensor {
        let n = logits.shape[0]
        return pairCosts(logits: logits, captionGroups: captionGroups).sum().scaled(1 / Float(n))   // Σᵢⱼ / N
    }

    /// What each pair costs, `−log σ(zᵢⱼ·Lᵢⱼ)`, `[N, N]`, differentiable.
    public static func pairCosts(logits: Tensor, captionGroups: [Int]? = nil) -> Tensor {
        let n = logits.shape[0]
        precondition(logits.shape == [n, n], "sigmoid loss needs a square [N,N] matrix, got \(logits.shape)")
        let z = labels(n: n, groups: captionGroups)          // ±1, [N, N]
        return -(logits * z).logSigmoid()
    }

    /// `+1` on the diagonal (and between pairs of one caption group), `−1` elsewhere.
    ///
    /// Example: groups `[0, 1, 0]` → rows `[1,−1,1]`, `[−1,1,−1]`, `[1,−1,1]`.
    public static func labels(n: Int, groups: [Int]?) -> Tensor {
        var z = [Float](repeating: -1, count: n * n)
        for i in 0..<n {
            for j in 0..<n where i == j || (groups.map { $0[i] == $0[j] } ?? false) { z[i * n + j] = 1 }
        }
        return Tensor(shape: [n, n], data: z)
    }

    /// Each row's and each column's sum of the pair costs, and `σ(Lᵢᵢ)` (no gradient).
    ///
    /// Example: logits `[[2, −2], [−2, 2]]` → every pair costs `−log σ(2) ≈ 0.127`: rows and
    /// columns sum to 0.254, `total` = 0.254 (the sum 0.508 over N = 2).
    public static func breakdown(logits: Tensor, captionGroups: [Int]? = nil) -> LossBreakdown {
        let n = logits.shape[0]
        let costs = GradMode.noGrad { pairCosts(logits: logits, captionGroups: captionGroups) }.data
        var rows = [Double](repeating: 0, count: n), columns = [Double](repeating: 0, count: n)
        for i in 0..<n {
            for j in 0..<n {
                rows[i] += Double(costs[i * n + j])
                columns[j] += Double(costs[i * n + j])
            }
        }
        let diagonal = (0..<n).map { Float(FixedMath.exp(-Double(costs[$0 * n + $0]))) }   // z = +1: σ(Lᵢᵢ) = e^−cost
        return LossBreakdown(objective: .siglip, perImage: rows.map(Float.init), perText: columns.map(Float.init),
                             rowProbability: diagonal, columnProbability: diagonal)
    }
}
