import CLIPData
import CLIPModel
import CLIPText

extension CLIPPipeline {
    /// The toy model: a CLIP of the toy shape with the toy world's word tokenizer, reading
    /// `toy:` pictures as well as files.
    public static func toy(clip: CLIP, tokenizer: any TextTokenizer = ToyTrainer.tokenizer(), origin: String,
                           weights: Weights) -> CLIPPipeline {
        CLIPPipeline(clip: clip, tokenizer: tokenizer, displayName: "toy", origin: origin, weights: weights,
                     pictureSources: [.toyWorld])
    }

    /// An untrained toy model with random weights from `seed`.
    public static func freshToy(seed: Int) throws -> CLIPPipeline {
        let tokenizer = ToyTrainer.tokenizer()
        let clip = try CLIP(config: ToyTrainer.toyConfig(for: tokenizer), parameters: .random(seed: UInt64(truncatingIfNeeded: seed)))
        return toy(clip: clip, tokenizer: tokenizer, origin: "random weights (seed \(seed)) — untrained", weights: .random)
    }
}
