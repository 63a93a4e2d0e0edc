import CLIPCore
import CLIPImage
import Foundation

extension CLIPPipeline {
    /// The picture behind `source`: drawn by a picture source at this model's size, or decoded
    /// from a PNG/JPEG file (`~` is expanded) as `preprocess` needs it.
    public func image(_ source: String) throws -> RGBImage {
        try PictureSource.picture(source, size: imageSize, from: pictureSources, keepingMode: preprocess.needsSourceMode)
    }

    /// Model-ready pixels `[N, 3, S, S]` for image sources: PNG/JPEG files and drawn pictures
    /// give one row each; a `.npy` of preprocessed pixels gives its `[3,S,S]` or `[n,3,S,S]` rows.
    public func pixels(_ sources: [String], isCancelled: () -> Bool = { false }) throws -> Tensor {
        var parts: [Tensor] = []
        var pictures: [RGBImage] = []
        func flushPictures() {
            if !pictures.isEmpty { parts.append(preprocess.batch(pictures)) }
            pictures = []
        }
        for source in sources {
            if isCancelled() { throw CancellationError() }
            if Self.isPixelArray(source) {
                flushPictures()
                parts.append(try readPixelArray(source))
            } else {
                pictures.append(try image(source))
            }
        }
        flushPictures()
        guard !parts.isEmpty else { return Tensor(shape: [0, 3, imageSize, imageSize], data: []) }
        return parts.count == 1 ? parts[0] : Tensor.concat(parts, axis: 0)   // [n_k,3,S,S]… -> [N,3,S,S]
    }

    /// Whether `source` names a `.npy` file of preprocessed pixels.
    public static func isPixelArray(_ source: String) -> Bool { source.lowercased().hasSuffix(".npy") }

    /// Reads `[3,S,S]` or `[N,3,S,S]` float32 pixels and returns `[N,3,S,S]`.
    func readPixelArray(_ path: String) throws -> Tensor {
        let t = try NPY.readTensor(URL(fileURLWithPath: (path as NSString).expandingTildeInPath))
        let (shape, s) = (t.shape, imageSize)
        if shape == [3, s, s] { return t.reshaped([1, 3, s, s]) }                 // [3,S,S] -> [1,3,S,S]
        if shape.count == 4, shape[1] == 3, shape[2] == s, shape[3] == s, shape[0] > 0 { return t }
        throw ModelError.badInput("\(path): holds pixels of shape \(shape); this model takes [3,\(s),\(s)] or [N,3,\(s),\(s)] (make one with 'preprocess IMAGE --npy OUT')")
    }

    /// L2-normalised image embeddings `[N, D]` of model-ready pixels `[N, 3, S, S]`, encoded in
    /// chunks small enough that `isCancelled` (Ctrl-C) is honoured within about a second.
    public func imageEmbeddings(pixels: Tensor, isCancelled: () -> Bool = { false }) throws -> Tensor {
        let n = pixels.shape[0], per = pixels.count / max(n, 1)
        let chunk = Self.cancellableBatchSize(clip.config)
        if n <= chunk { return try GradMode.noGrad { try clip.encodeImage(pixels).l2Normalized() } }
        var rows: [Float] = []
        for start in stride(from: 0, to: n, by: chunk) {
            if isCancelled() { throw CancellationError() }
            let end = min(n, start + chunk)
            let part = Tensor(shape: [end - start] + Array(pixels.shape.dropFirst()),
                              data: Array(pixels.data[(start * per)..<(end * per)]))
            rows += try GradMode.noGrad { try clip.encodeImage(part).l2Normalized() }.data
        }
        return Tensor(shape: [n, clip.config.projectionDim], data: rows)
    }

    /// L2-normalised image embeddings `[N, D]` of image sources (see `pixels`), decoded and
    /// encoded chunk by chunk.
    public func imageEmbeddings(_ sources: [String], isCancelled: () -> Bool = { false }) throws -> Tensor {
        let chunk = Self.cancellableBatchSize(clip.config)
        var rows: [Float] = [], count = 0
        for start in stride(from: 0, to: sources.count, by: chunk) {
            let part = try pixels(Array(sources[start..<min(sources.count, start + chunk)]), isCancelled: isCancelled)
            let embeds = try imageEmbeddings(pixels: part, isCancelled: isCancelled)
            rows += embeds.data
            count += embeds.shape[0]
        }
        if isCancelled() { throw CancellationError() }
        return Tensor(shape: [count, clip.config.projectionDim], data: rows)
    }

    /// Images per forward pass so that one pass is at most about 20 GFLOP (a second or less):
    /// 2 for ViT-B/32, 1 for ViT-L/14, every image at once for the toy model.
    public static func cancellableBatchSize(_ config: CLIPConfig) -> Int {
        Int(max(1, min(1e6, 20e9 / max(1, config.imageFLOPs))))
    }
}
