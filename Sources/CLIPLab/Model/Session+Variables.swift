import CLIPCore
import CLIPExpressions
import CLIPModel

/// The names commands give the values they computed, so expression cells can recompute them
/// (`help expressions` lists them). Each command binds in one call, after its result is known.
extension Session {
    /// Binds copies of `values` as variables, marked as bound by `command`.
    public mutating func bind(_ values: [String: Tensor], by command: String) {
        variables.bind(values, by: command)
    }

    /// The batch's stages: `I`, `T` (normalised embeddings `[N, d]`), `S` (cosines `[N, N]`),
    /// `scale` (e^t), `logits` (scale · S), and `loss` when given.
    mutating func bindBatch(images: Tensor, texts: Tensor, scores: SimilarityScores, loss: Float?, by command: String) {
        var values = ["I": images, "T": texts, "S": scores.cosine, "scale": Tensor(scalar: scores.scale), "logits": scores.logits]
        if let loss { values["loss"] = Tensor(scalar: loss) }
        bind(values, by: command)
    }
}

/// The bound names, for `help expressions` and the README: name, shape, which command.
enum BoundNames {
    static let table: [(names: String, shape: String, command: String, meaning: String)] = [
        ("I, T", "[N×d]", "matrix, loss, step", "the batch's normalised image and caption embeddings"),
        ("S", "[N×N]", "matrix, loss, step", "cosines I @ T.T (row: image, column: caption)"),
        ("scale", "number", "matrix, loss, step, classify", "the temperature scale e^t"),
        ("logits", "[N×N]", "matrix, loss, step", "scale · S"),
        ("loss", "number", "loss, step", "the model's contrastive loss"),
        ("pixels", "[3×S×S]", "encode image", "the preprocessed picture"),
        ("patches", "[P×3·p·p]", "encode image", "the flattened patches (ViT)"),
        ("tokens_in", "[L×w]", "encode image, encode text", "the sequence entering the transformer"),
        ("pooled", "[w]", "encode image, encode text", "the CLS (image) or EOT (text) state"),
        ("embedding", "[d]", "encode image, encode text", "the normalised embedding"),
        ("ids", "[L]", "encode text, tokenize", "token ids (tokenize: with one text)"),
        ("image", "[d]", "classify", "the picture's normalised embedding"),
        ("texts", "[K×d]", "classify", "the label captions' normalised embeddings"),
        ("probs", "[K]", "classify", "the probability of each label, in the order given"),
    ]
}
