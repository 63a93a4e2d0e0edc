import CLIPCore
import CLIPData
import CLIPImage
import CLIPModel
import Foundation

/// The image embeddings of every picture under a folder (at any depth), ready to rank by
/// cosine against a text or an image.
///
/// Built with `DatasetEmbedder` over `ImageFolderDataset(tree:)`, so it shares the
/// per-model `EmbeddingCache`: only new or changed files (size + mtime) are encoded, and
/// files deleted since are pruned from the cache. A query is one matrix-vector product.
/// Example: `let index = try SearchIndex.build(pipeline: model, folder: url, cache: cache)`,
/// then `index.top(textEmbedding, k: 5)`.
public struct SearchIndex: Sendable {
    /// A ranked result: a path relative to the folder and its cosine similarity.
    public struct Hit: Sendable, Equatable, Codable {
        public let file: String
        public let score: Float
    }

    /// A near-duplicate pair (`first` < `second` in index order).
    public struct Pair: Sendable, Equatable {
        public let first: String, second: String
        public let score: Float
    }

    public let root: URL
    /// Relative paths of the embedded images, one per row of `embeddings`, sorted.
    public let files: [String]
    /// L2-normalised `[files.count, D]`.
    public let embeddings: Tensor
    /// Images that could not be decoded, with the reason.
    public let unreadable: [SkippedImage]
    /// Files that are not PNG/JPEG (and folders that cannot be listed).
    public let ignored: [String]
    public let cachedCount: Int, encodedCount: Int, prunedCount: Int
    public let encodeSeconds: Double

    /// Everything not in the index: non-images plus unreadable images.
    public var skippedCount: Int { unreadable.count + ignored.count }

    /// Lists `folder`, embeds what the cache lacks and prunes what was deleted.
    /// - Throws: `DatasetError` for a missing folder, `EvaluationError.noImages` or `.noReadableImages`
    ///   when no image can be read, `CancellationError` when cancelled (the cache keeps
    ///   every batch embedded so far).
    public static func build(pipeline: CLIPPipeline, folder: URL, cache: EmbeddingCache? = nil,
                             batchSize: Int = 32, progress: ((EmbeddingProgress) -> Void)? = nil,
                             isCancelled: () -> Bool = { false }) throws -> SearchIndex {
        let dataset = try ImageFolderDataset(tree: folder)
        let pruned = cache?.prune(keeping: Set(dataset.items.map(\.relativePath))) ?? 0
        guard !dataset.items.isEmpty else {
            cache?.save()
            throw EvaluationError.noImages(path: dataset.root.path, otherFiles: dataset.ignoredFiles.count)
        }
        let images = try DatasetEmbedder.embed(pipeline: pipeline, dataset: dataset, cache: cache,
                                               batchSize: batchSize, progress: progress, isCancelled: isCancelled)
        return SearchIndex(root: dataset.root, files: images.items.map(\.relativePath), embeddings: images.embeddings,
                           unreadable: images.skipped, ignored: dataset.ignoredFiles, cachedCount: images.cachedCount,
                           encodedCount: images.encodedCount, prunedCount: pruned, encodeSeconds: images.encodeSeconds)
    }

    /// Cosine similarity of every image with `query` (any length-D vector; normalised here).
    public func scores(_ query: [Float]) -> [Float] {
        let norm = query.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let q = Tensor(shape: [query.count, 1], data: query.map { $0 / max(norm, 1e-12) })
        return GradMode.noGrad { embeddings.matmul(q).data }   // [N,D]·[D,1] -> [N,1]
    }

    /// The `k` best images for `query`, best first (ties keep file order).
    public func top(_ query: [Float], k: Int) -> [Hit] {
        let s = scores(query)
        let order = s.indices.sorted { s[$0] != s[$1] ? s[$0] > s[$1] : $0 < $1 }
        return order.prefix(max(0, k)).map { Hit(file: files[$0], score: s[$0]) }
    }

    /// Pairs of images whose cosine is at least `threshold`, most similar first.
    /// Compared in blocks of rows, so memory stays small for large folders.
    public func duplicates(threshold: Float, isCancelled: () -> Bool = { false }) throws -> [Pair] {
        let n = files.count, d = embeddings.shape[1], block = 256
        var pairs: [Pair] = []
        for start in stride(from: 0, to: n, by: block) {
            if isCancelled() { throw CancellationError() }
            let rows = min(block, n - start)
            let part = Tensor(shape: [rows, d], data: Array(embeddings.data[(start * d)..<((start + rows) * d)]))
            let sims = GradMode.noGrad { part.matmul(embeddings, transposeOther: true).data }  // [rows,N]
            for r in 0..<rows {
                let i = start + r
                for j in (i + 1)..<max(i + 1, n) where sims[r * n + j] >= threshold {
                    pairs.append(Pair(first: files[i], second: files[j], score: sims[r * n + j]))
                }
            }
        }
        return pairs.sorted { $0.score != $1.score ? $0.score > $1.score : ($0.first, $0.second) < ($1.first, $1.second) }
    }
}
