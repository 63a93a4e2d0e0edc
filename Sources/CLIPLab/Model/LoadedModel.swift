import CLIPCore
import CLIPData
import CLIPImage
import CLIPModel
import CLIPText
import CLIPTraining
import Foundation

/// A CLIP the session holds, with the tokenizer and preprocessing that belong to it.
///
/// The toy model and a real checkpoint are both this type: only `clip.config` and the
/// tokenizer differ.
public final class LoadedModel: LabModel {
    public let clip: CLIP
    public let tokenizer: any TextTokenizer
    /// Short name for the prompt: `toy`, `ViT-B/32`, the folder name…
    public let displayName: String
    /// Where the weights came from, e.g. `random weights (seed 0)` or a path.
    public let origin: String
    /// Toy-world models read toy pictures at their native size and use the word tokenizer.
    public let isToy: Bool

    public init(clip: CLIP, tokenizer: any TextTokenizer, displayName: String, origin: String, isToy: Bool) {
        self.clip = clip
        self.tokenizer = tokenizer
        self.displayName = displayName
        self.origin = origin
        self.isToy = isToy
    }

    /// The image side the vision tower takes.
    public var imageSize: Int { clip.config.visionConfig.imageSize }
    /// The text context (77 for released CLIPs).
    public var contextLength: Int { clip.config.textConfig.maxPositionEmbeddings }
    /// CLIP's own preprocessing at this model's size.
    public var preprocess: CLIPPreprocess { CLIPPreprocess(size: imageSize) }

    /// Token ids of each text, truncated to the context with EOT kept last.
    public func tokenize(_ texts: [String]) -> [TokenizedText] {
        texts.map { tokenizer.encode($0, contextLength: contextLength) }
    }

    /// Pixels `[N, 3, S, S]` for image sources (files or `toy:` specs).
    public func pixels(_ sources: [String], isCancelled: () -> Bool = { false }) throws -> Tensor {
        var images: [RGBImage] = []
        for source in sources {
            if isCancelled() { throw LabError.interrupted }
            images.append(try ImageSources.load(source, size: imageSize))
        }
        return preprocess.batch(images)
    }

    /// Normalised image embeddings `[N, D]`, encoded in chunks small enough that Ctrl-C
    /// (`isCancelled`) is honoured within about a second even for large models.
    public func imageEmbeddings(_ sources: [String], isCancelled: () -> Bool = { false }) throws -> Tensor {
        let chunk = LoadedModel.cancellableBatchSize(clip.config)
        var parts: [Tensor] = []
        for start in stride(from: 0, to: sources.count, by: chunk) {
            let pixels = try pixels(Array(sources[start..<min(sources.count, start + chunk)]), isCancelled: isCancelled)
            parts.append(try GradMode.noGrad { try clip.encodeImage(pixels).l2Normalized() })
        }
        if isCancelled() { throw LabError.interrupted }
        guard parts.count > 1 else { return parts.first ?? Tensor(shape: [0, clip.config.projectionDim], data: []) }
        // [n_i, D] chunks -> [N, D]
        return Tensor(shape: [sources.count, parts[0].shape[1]], data: parts.flatMap(\.data))
    }

    /// Images per forward pass so that one pass is at most about 20 GFLOP (a second or less):
    /// 4 for ViT-B/32, 1 for ViT-L/14, every image at once for the toy model.
    public static func cancellableBatchSize(_ config: CLIPConfig) -> Int {
        Int(max(1, min(1e6, 20e9 / max(1, config.imageFLOPs))))
    }

    /// Normalised text embeddings `[N, D]`.
    public func textEmbeddings(_ texts: [String]) throws -> Tensor {
        let ids = tokenize(texts).map(\.ids)
        return try GradMode.noGrad { try clip.encodeText(ids).l2Normalized() }
    }
}
