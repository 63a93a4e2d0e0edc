import CLIPCore
import Foundation

/// The text tower: a causal transformer over BPE ids, pooled at the end-of-text token.
///
/// ```
/// ids [B,T] ─► token emb + position emb [B,T,C] ─► L × EncoderLayer (causal mask)
///   ─► final LN ─► state at EOT [B,C] ─► (CLIP projects to the shared space)
/// ```
/// Because attention is causal, nothing after the last EOT of the batch can change the
/// pooled states, so a batch is run only up to its longest text — never padded to 77.
public struct TextTransformer: ParameterContainer {
    public let config: CLIPTextConfig
    public let tokenEmbedding: Tensor      // [V, C]
    public let positionEmbedding: Tensor   // [context, C]
    public let encoder: Transformer
    public let finalLayerNorm: LayerNorm

    public init(config: CLIPTextConfig, _ make: inout ParameterFactory) throws {
        try Self.validate(config)
        self.config = config
        let c = config.hiddenSize
        let act = try Activation(configValue: config.hiddenAct)
        tokenEmbedding = make.normal([config.vocabSize, c], std: 0.02)
        positionEmbedding = make.normal([config.maxPositionEmbeddings, c], std: 0.01)
        encoder = Transformer(count: config.numHiddenLayers, width: c, intermediate: config.intermediateSize,
                              heads: config.numAttentionHeads, activation: act, eps: config.layerNormEps, &make)
        finalLayerNorm = LayerNorm(width: c, eps: config.layerNormEps, &make)
    }

    static func validate(_ c: CLIPTextConfig) throws {
        func bad(_ key: String, _ msg: String) -> ModelError { .badConfig(key: "text_config.\(key)", message: msg) }
        guard c.hiddenSize > 0, c.vocabSize > 0, c.maxPositionEmbeddings > 0, c.intermediateSize > 0 else {
            throw bad("hidden_size", "widths, vocab_size and max_position_embeddings must be positive")
        }
        guard c.numAttentionHeads > 0, c.hiddenSize % c.numAttentionHeads == 0 else {
            throw bad("num_attention_heads", "\(c.numAttentionHeads) must divide hidden_size \(c.hiddenSize)")
        }
        guard c.numHiddenLayers >= 0 else { throw bad("num_hidden_layers", "must not be negative") }
    }

    /// Where each text is pooled: the first `eos_token_id` (position 0 when there is none, as
    /// transformers' and open_clip's `(ids == eos).argmax()` give), or the argmax id under the
    /// legacy rule (`eos_token_id == 2`, the released OpenAI configs).
    ///
    /// Example: ids `[60, 7, 33, 5, 40, 5]` pool at 3 with `eos_token_id` 5, at 0 with 2.
    public func poolPositions(_ ids: [[Int]]) -> [Int] {
        ids.map { row in
            if config.poolsAtArgmax {
                var best = 0
                for (i, id) in row.enumerated() where id > row[best] { best = i }
                return best
            }
            return row.firstIndex(of: config.eosTokenId) ?? 0
        }
    }

    /// Checks ids against the vocabulary and context length.
    public func check(ids: [[Int]]) throws {
        guard !ids.isEmpty, ids.allSatisfy({ !$0.isEmpty }) else { throw ModelError.badInput("no token ids to encode (empty text batch)") }
        for row in ids {
            guard row.count <= config.maxPositionEmbeddings else {
                throw ModelError.badInput("a text has \(row.count) tokens; this model's context is \(config.maxPositionEmbeddings) (truncate when tokenizing)")
            }
            if let bad = row.first(where: { $0 < 0 || $0 >= config.vocabSize }) {
                throw ModelError.badInput("token id \(bad) is outside this model's vocabulary of \(config.vocabSize) (wrong tokenizer for the model?)")
            }
        }
    }

    /// Pooled text features `[B, C]` for unpadded id rows (each with its EOT).
    ///
    /// Rows are padded with 0 to the longest row only; the pooled state never depends on
    /// the padding. `hidden` receives the embeddings and every layer's output.
    public func callAsFunction(_ ids: [[Int]], hidden: inout [Tensor]?) -> Tensor {
        let positions = poolPositions(ids)
        let t = (positions.max() ?? 0) + 1
        let b = ids.count
        var flat: [Int] = []
        flat.reserveCapacity(b * t)
        for row in ids { flat += row.prefix(t); flat += repeatElement(0, count: max(0, t - row.count)) }
        let x = tokenEmbedding.gather(flat, shape: [b, t])                                   // [B,T,C]
            + positionEmbedding.slice(axis: 0, 0..<t)                                         // [T,C]
        hidden?.append(x)
        let y = finalLayerNorm(encoder(x, mask: .causalMask(t), hidden: &hidden))
        return y.selecting(positions: positions)                                             // [B,T,C] -> [B,C]
    }

    public func namedParameters(prefix: String) -> [(String, Tensor)] {
        [(prefix + "embeddings.token_embedding.weight", tokenEmbedding),
         (prefix + "embeddings.position_embedding.weight", positionEmbedding)]
            + encoder.namedParameters(prefix: prefix + "encoder.")
            + finalLayerNorm.namedParameters(prefix: prefix + "final_layer_norm.")
    }
}
