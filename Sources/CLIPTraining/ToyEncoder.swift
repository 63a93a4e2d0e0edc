import CLIPCore
import CLIPData
import CLIPModel
import CLIPText
import Foundation

/// Encodes toy evaluation sets without a graph and scores them: the shared machinery of
/// `ToyEvaluation`.
struct ToyEncoder {
    let model: CLIP
    let tokenizer: any TextTokenizer

    /// L2-normalised image embeddings `[N, D]`, encoded in chunks of 256.
    func images(_ set: ToyEvalSet) throws -> Tensor {
        try GradMode.noGrad {
            let all = set.imageTensor()
            let n = set.count, per = all.count / max(n, 1)
            var parts: [Tensor] = []
            for start in stride(from: 0, to: n, by: 256) {
                let end = min(n, start + 256)
                let chunk = Tensor(shape: [end - start] + Array(all.shape.dropFirst()),
                                   data: Array(all.data[(start * per)..<(end * per)]))
                parts.append(try model.encodeImage(chunk).l2Normalized())
            }
            return parts.count == 1 ? parts[0] : Tensor.concat(parts, axis: 0)
        }
    }

    /// L2-normalised text embeddings `[K, D]`.
    func texts(_ captions: [String]) throws -> Tensor {
        let context = model.config.textConfig.maxPositionEmbeddings
        let ids = captions.map { tokenizer.encode($0, contextLength: context).ids }
        return try GradMode.noGrad { try model.encodeText(ids).l2Normalized() }
    }

    /// The chosen caption per picture (cosine similarity; the temperature does not change the order).
    func predictions(_ set: ToyEvalSet, imageEmbeds: Tensor? = nil) throws -> [Int] {
        guard set.count > 0, !set.captions.isEmpty else { return [] }
        let image = try imageEmbeds ?? images(set)
        let text = try texts(set.captions)
        let scores = GradMode.noGrad { image.matmul(text, transposeOther: true) }   // [N, D]·[K, D]ᵀ -> [N, K]
        return set.predictions(scores: scores.data)
    }

    /// Top-1, and colour and shape accuracy of the chosen caption.
    func zeroShot(_ set: ToyEvalSet) throws -> ToyEvaluation.ZeroShot {
        let predicted = try predictions(set)
        let n = Double(max(set.count, 1))
        var top1 = 0, color = 0, shape = 0
        for (i, p) in predicted.enumerated() {
            let (got, want) = (set.captionObjects[p], set.captionObjects[set.answers[i]])
            if p == set.answers[i] { top1 += 1 }
            if got.color == want.color { color += 1 }
            if got.shape == want.shape { shape += 1 }
        }
        let options = set.candidates.first?.count ?? 1
        return .init(count: set.count, top1: Double(top1) / n, colorAccuracy: Double(color) / n,
                     shapeAccuracy: Double(shape) / n, chance: 1 / Double(max(options, 1)))
    }

    /// Recall@1 both ways inside consecutive batches of `batch` pictures with their captions.
    func retrieval(_ set: ToyEvalSet, batch: Int) throws -> (imageToText: Double, textToImage: Double, batch: Int) {
        let b = max(2, min(batch, set.count))
        let image = try images(set)
        let captions = set.answers.map { set.captions[$0] }
        let text = try texts(captions)
        let d = image.shape[1]
        var hitsI = 0, hitsT = 0, total = 0
        for start in stride(from: 0, through: set.count - b, by: b) {
            var s = [Float](repeating: 0, count: b * b)
            for i in 0..<b { for j in 0..<b {
                var dot: Float = 0
                for k in 0..<d { dot += image.data[(start + i) * d + k] * text.data[(start + j) * d + k] }
                s[i * b + j] = dot
            } }
            for i in 0..<b {
                if (0..<b).max(by: { s[i * b + $0] < s[i * b + $1] }) == i { hitsI += 1 }
                if (0..<b).max(by: { s[$0 * b + i] < s[$1 * b + i] }) == i { hitsT += 1 }
            }
            total += b
        }
        guard total > 0 else { return (0, 0, b) }
        return (Double(hitsI) / Double(total), Double(hitsT) / Double(total), b)
    }
}
