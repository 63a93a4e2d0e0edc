import CLIPCore
import CLIPData
import CLIPModel
import CLIPText
import Foundation

/// Encodes toy evaluation sets through the model's pipeline and scores them: the shared
/// machinery of `ToyEvaluation`.
struct ToyEncoder {
    let pipeline: CLIPPipeline

    /// L2-normalised image embeddings `[N, D]`.
    func images(_ set: ToyEvalSet) throws -> Tensor {
        try pipeline.imageEmbeddings(pixels: set.imageTensor())
    }

    /// L2-normalised text embeddings `[K, D]`.
    func texts(_ captions: [String]) throws -> Tensor {
        try pipeline.textEmbeddings(captions)
    }

    /// The chosen caption per picture (cosine similarity; the temperature does not change the order).
    func predictions(_ set: ToyEvalSet, imageEmbeds: Tensor? = nil) throws -> [Int] {
        guard set.count > 0, !set.captions.isEmpty else { return [] }
        let image = try imageEmbeds ?? images(set)
        let text = try texts(set.captions)
        return set.predictions(scores: pipeline.score(imageEmbeds: image, textEmbeds: text).cosine.data)   // [N, K]
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
        let cosine = pipeline.score(imageEmbeds: image, textEmbeds: text).cosine   // [N, N]
        let n = set.count
        var hitsI = 0, hitsT = 0, total = 0
        for start in stride(from: 0, through: n - b, by: b) {
            // The b×b block of this batch: picture i against caption j.
            func s(_ i: Int, _ j: Int) -> Float { cosine.data[(start + i) * n + start + j] }
            for i in 0..<b {
                if (0..<b).max(by: { s(i, $0) < s(i, $1) }) == i { hitsI += 1 }
                if (0..<b).max(by: { s($0, i) < s($1, i) }) == i { hitsT += 1 }
            }
            total += b
        }
        guard total > 0 else { return (0, 0, b) }
        return (Double(hitsI) / Double(total), Double(hitsT) / Double(total), b)
    }
}
