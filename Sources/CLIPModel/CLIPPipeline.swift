import CLIPCore
import CLIPImage
import CLIPText
import Foundation

/// A CLIP together with the tokenizer and the preprocessing that belong to it.
///
/// Everything that turns inputs into embeddings goes through here: text is tokenized for
/// this model's vocabulary and context, images — PNG/JPEG files, `.npy` arrays of
/// preprocessed pixels, or drawn pictures such as `toy:red-circle` — are preprocessed at this
/// model's size, both are encoded in chunks and L2-normalised, and `score` compares them.
/// The toy model and a full-size checkpoint are both this type.
///
/// ```
/// texts  ─► tokenize ─► ids [N, ≤77] ─► clip.encodeText  ─► L2-normalise ─► T [Nt, D] ─┐
///                                                                                        ├─► score: the objective's Î·Tᵀ × e^t (+ b)
/// images ─► decode/draw ─► resize, crop, normalise ─► clip.encodeImage ─► L2 ─► Î [Ni, D] ─┘
/// ```
/// Example:
/// ```swift
/// let pipeline = try CLIPPipeline.load("~/models/clip-vit-base-patch32")
/// let scores = try pipeline.score(images: ["cat.jpg"], texts: ["a cat", "a dog"])
/// scores.logits   // [1, 2]
/// ```
public final class CLIPPipeline {
    /// Where the weights came from, for the warnings a learner needs.
    public enum Weights: String, Sendable {
        /// Freshly drawn: rankings mean nothing yet.
        case random
        /// Trained in this session (the toy model).
        case trained
        /// Read from a checkpoint file or folder.
        case checkpoint
    }

    public let clip: CLIP
    public let tokenizer: any TextTokenizer
    /// CLIP's own preprocessing at this model's input size.
    public var preprocess: CLIPPreprocess
    /// Short name for the prompt: `toy`, `ViT-B/32`, the folder name…
    public let displayName: String
    /// Where the weights came from, e.g. `random weights (seed 0)` or a path.
    public let origin: String
    public let weights: Weights
    /// Drawn pictures this pipeline understands besides files (e.g. the toy world's `toy:`).
    public var pictureSources: [PictureSource]

    public init(clip: CLIP, tokenizer: any TextTokenizer, displayName: String, origin: String, weights: Weights,
                pictureSources: [PictureSource] = []) {
        self.clip = clip
        self.tokenizer = tokenizer
        self.displayName = displayName
        self.origin = origin
        self.weights = weights
        self.pictureSources = pictureSources
        preprocess = CLIPPreprocess(size: clip.config.visionConfig.imageSize)
    }

    /// This pipeline with its images made RGB in `order` (sharing the model and tokenizer);
    /// itself when the order is already that.
    ///
    /// Example: `try pipeline.resizing(.openAI).imageEmbeddings(["logo.png"])`
    public func resizing(_ order: CLIPPreprocess.ResizeOrder) -> CLIPPipeline {
        if preprocess.resizeOrder == order { return self }
        let copy = CLIPPipeline(clip: clip, tokenizer: tokenizer, displayName: displayName, origin: origin,
                                weights: weights, pictureSources: pictureSources)
        copy.preprocess = preprocess
        copy.preprocess.resizeOrder = order
        return copy
    }

    /// The image side the vision tower takes.
    public var imageSize: Int { clip.config.visionConfig.imageSize }
    /// The text context (77 for released CLIPs).
    public var contextLength: Int { clip.config.textConfig.maxPositionEmbeddings }
    /// Whether the text side is the toy world's word tokenizer (which has unknown words).
    public var isToy: Bool { tokenizer is ToyTokenizer }

    // MARK: Text

    /// Token ids of each text with their tokens, truncated to the context with EOT kept last.
    public func tokenize(_ texts: [String]) -> [TokenizedText] {
        texts.map { tokenizer.encode($0, contextLength: contextLength) }
    }

    /// L2-normalised text embeddings `[N, D]`, encoded `chunk` texts at a time.
    public func textEmbeddings(_ texts: [String], chunk: Int = 256, isCancelled: () -> Bool = { false }) throws -> Tensor {
        var rows: [Float] = []
        for start in stride(from: 0, to: texts.count, by: max(1, chunk)) {
            if isCancelled() { throw CancellationError() }
            let ids = tokenize(Array(texts[start..<min(texts.count, start + max(1, chunk))])).map(\.ids)
            rows += try GradMode.noGrad { try clip.encodeText(ids).l2Normalized() }.data
        }
        return Tensor(shape: [texts.count, clip.config.projectionDim], data: rows)
    }

    // MARK: Scores

    /// Cosine and logits of normalised image embeddings `[Ni, D]` against text embeddings `[Nt, D]`.
    public func score(imageEmbeds: Tensor, textEmbeds: Tensor) -> SimilarityScores {
        SimilarityScores(imageEmbeds: imageEmbeds, textEmbeds: textEmbeds, objective: clip.objective)
    }

    /// Embeds `images` and `texts` and scores every image against every text.
    public func score(images: [String], texts: [String], isCancelled: () -> Bool = { false }) throws -> SimilarityScores {
        let i = try imageEmbeddings(images, isCancelled: isCancelled)
        let t = try textEmbeddings(texts, isCancelled: isCancelled)
        return score(imageEmbeds: i, textEmbeds: t)
    }
}
