import CLIPCore
import CLIPData
import CLIPImage
import CLIPModel
import Foundation

/// An image that could not be used, and why.
public struct SkippedImage: Sendable, Equatable, Codable {
    /// Path relative to the dataset folder.
    public let file: String
    public let reason: String
}

/// The normalised image embeddings of a dataset, in dataset order, without the images
/// that could not be read.
public struct DatasetEmbeddings: Sendable {
    /// The images embedded (dataset order, skipped ones left out).
    public let items: [ImageFolderDataset.Item]
    /// L2-normalised `[items.count, D]`.
    public let embeddings: Tensor
    public let skipped: [SkippedImage]
    /// How many rows came from the cache and how many were encoded now.
    public let cachedCount: Int, encodedCount: Int
    /// Wall time spent decoding, preprocessing and encoding the `encodedCount` images.
    public let encodeSeconds: Double

    /// Images encoded per second (0 when everything came from the cache).
    public var imagesPerSecond: Double { encodedCount > 0 && encodeSeconds > 0 ? Double(encodedCount) / encodeSeconds : 0 }
    /// Whether every listed image was embedded.
    public var isComplete: Bool { skipped.isEmpty }
}

/// Progress of `DatasetEmbedder.embed`, reported after each batch.
public struct EmbeddingProgress: Sendable {
    public let done: Int, total: Int, skipped: Int
    public let imagesPerSecond: Double
}

/// Encodes every image of an image-folder dataset with a CLIP image tower.
///
/// Images are decoded and preprocessed in parallel, encoded in batches, and remembered
/// in an `EmbeddingCache` when one is given. Unreadable images are skipped and listed
/// with their reason; only a dataset where nothing is readable is an error.
/// Example: `try DatasetEmbedder.embed(pipeline: model, dataset: data).embeddings` → `[N, D]`.
public enum DatasetEmbedder {
    public static func embed(pipeline: CLIPPipeline, dataset: ImageFolderDataset,
                             cache: EmbeddingCache? = nil, batchSize: Int = 32,
                             progress: ((EmbeddingProgress) -> Void)? = nil,
                             isCancelled: () -> Bool = { false }) throws -> DatasetEmbeddings {
        let pre = pipeline.preprocess
        let items = dataset.items
        var rows = [[Float]?](repeating: nil, count: items.count)
        var reasons = [String?](repeating: nil, count: items.count)
        var stamps = [EmbeddingCache.Stamp?](repeating: nil, count: items.count)
        var pending: [Int] = []
        for (i, item) in items.enumerated() {
            stamps[i] = EmbeddingCache.stamp(of: dataset.path(of: item))
            if let cache, let stamp = stamps[i], let row = cache.embedding(for: item.relativePath, stamp: stamp) {
                rows[i] = row
            } else {
                pending.append(i)
            }
        }
        let cached = items.count - pending.count
        let start = Date()
        var done = cached, skipped = 0
        progress?(EmbeddingProgress(done: done, total: items.count, skipped: 0, imagesPerSecond: 0))
        for batchStart in stride(from: 0, to: pending.count, by: max(1, batchSize)) {
            if isCancelled() {
                cache?.save()
                throw CancellationError()
            }
            let batch = Array(pending[batchStart..<min(pending.count, batchStart + max(1, batchSize))])
            let decoded = decode(batch.map { items[$0] }, dataset: dataset, preprocess: pre)
            var good: [Int] = [], pixels: [Tensor] = []
            for (j, index) in batch.enumerated() {
                switch decoded[j] {
                case let .success(t): good.append(index); pixels.append(t)
                case let .failure(f): reasons[index] = f.reason; skipped += 1
                }
            }
            if !good.isEmpty {
                let s = pre.size
                let input = Tensor(shape: [good.count, 3, s, s], data: pixels.flatMap(\.data))
                let out = try pipeline.imageEmbeddings(pixels: input, isCancelled: isCancelled)
                let d = out.shape[1]
                for (r, index) in good.enumerated() {
                    let row = Array(out.data[(r * d)..<((r + 1) * d)])
                    rows[index] = row
                    if let cache, let stamp = stamps[index] { cache.store(row, for: items[index].relativePath, stamp: stamp) }
                }
            }
            done += batch.count
            let elapsed = Date().timeIntervalSince(start)
            progress?(EmbeddingProgress(done: done, total: items.count, skipped: skipped,
                                        imagesPerSecond: elapsed > 0 ? Double(done - cached) / elapsed : 0))
        }
        let seconds = Date().timeIntervalSince(start)
        cache?.save()
        var kept: [ImageFolderDataset.Item] = [], data: [Float] = [], skippedList: [SkippedImage] = []
        for (i, item) in items.enumerated() {
            if let row = rows[i] {
                kept.append(item)
                data += row
            } else {
                skippedList.append(SkippedImage(file: item.relativePath, reason: reasons[i] ?? "not encoded"))
            }
        }
        guard !kept.isEmpty else {
            throw EvaluationError.noReadableImages(path: dataset.root.path, skipped: skippedList.count,
                                                   firstReason: skippedList.first?.reason ?? "no images")
        }
        return DatasetEmbeddings(items: kept, embeddings: Tensor(shape: [kept.count, data.count / kept.count], data: data),
                                 skipped: skippedList, cachedCount: cached, encodedCount: pending.count - skipped,
                                 encodeSeconds: seconds)
    }

    /// Decodes and preprocesses `items` in parallel; a failure carries its reason.
    static func decode(_ items: [ImageFolderDataset.Item], dataset: ImageFolderDataset,
                       preprocess: CLIPPreprocess) -> [Result<Tensor, DecodeFailure>] {
        let results = UnsafeMutableBufferPointer<Result<Tensor, DecodeFailure>>.allocate(capacity: items.count)
        defer { results.deallocate() }
        nonisolated(unsafe) let out = results
        DispatchQueue.concurrentPerform(iterations: items.count) { i in
            let result: Result<Tensor, DecodeFailure>
            do {
                result = .success(try dataset.loadPixels(items[i], preprocess: preprocess))
            } catch {
                result = .failure(DecodeFailure(reason: "\(error)"))
            }
            (out.baseAddress! + i).initialize(to: result)
        }
        let array = Array(results)
        _ = results.baseAddress.map { $0.deinitialize(count: items.count) }
        return array
    }

    struct DecodeFailure: Error { let reason: String }
}
