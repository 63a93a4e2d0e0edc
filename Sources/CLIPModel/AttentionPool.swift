import CLIPCore
import Foundation

/// CLIP's attention pooling: the ResNet's global average pool replaced by one
/// multi-head attention step whose query is the mean of the feature map.
///
/// ```
/// [B,C,H,W] ─► tokens [B,HW,C] ─► prepend mean token ─► + positional ─► [B,HW+1,C]
///   query = q_proj(mean token)   keys, values = k_proj, v_proj(all tokens)
///   softmax(q·kᵀ/√d)·v per head ─► c_proj ─► [B, outputDim]
/// ```
/// Only the mean token's output is kept, so only its query is computed.
public struct AttentionPool {
    public let positionalEmbedding: Tensor   // [HW+1, C]
    public let query: Linear, key: Linear, value: Linear
    /// Projects to the shared embedding space (CLIP's ResNet has no separate projection).
    public let output: Linear
    public let heads: Int

    public init(grid: Int, width: Int, heads: Int, outputs: Int, _ make: inout ParameterFactory) {
        let std = 1 / Float(width).squareRoot()
        positionalEmbedding = make.normal([grid * grid + 1, width], std: std)
        query = Linear(inputs: width, outputs: width, std: std, &make)
        key = Linear(inputs: width, outputs: width, std: std, &make)
        value = Linear(inputs: width, outputs: width, std: std, &make)
        output = Linear(inputs: width, outputs: outputs, std: std, &make)
        self.heads = heads
    }

    /// `[B, C, H, W]` with `H·W + 1` positions → `[B, outputDim]`.
    public func callAsFunction(_ x: Tensor) -> Tensor {
        let (b, c, hw) = (x.shape[0], x.shape[1], x.shape[2] * x.shape[3])
        let t = hw + 1, d = c / heads
        let grid = x.reshaped([b, c, hw]).permuted([0, 2, 1])                 // [B,C,H,W] -> [B,HW,C]
        let mean = grid.mean(axis: 1, keepDims: true)                        // [B,1,C]
        let tokens = Tensor.concat([mean, grid], axis: 1) + positionalEmbedding  // [B,HW+1,C]
        let q = query(tokens.slice(axis: 1, 0..<1))                           // [B,1,C]
            .reshaped([b, 1, heads, d]).permuted([0, 2, 1, 3])                // -> [B,H,1,D]
        let k = key(tokens).reshaped([b, t, heads, d]).permuted([0, 2, 1, 3])   // [B,T,C] -> [B,H,T,D]
        let v = value(tokens).reshaped([b, t, heads, d]).permuted([0, 2, 1, 3])
        let weights = q.matmul(k, transposeOther: true).scaled(1 / Float(d).squareRoot()).softmax()  // [B,H,1,T]
        let pooled = weights.matmul(v).reshaped([b, c])                       // [B,H,1,D] -> [B,C]
        return output(pooled)
    }

    public func namedParameters(prefix: String) -> [(String, Tensor)] {
        [(prefix + "positional_embedding", positionalEmbedding)]
            + query.namedParameters(prefix: prefix + ResNetKeys.poolQuery + ".")
            + key.namedParameters(prefix: prefix + ResNetKeys.poolKey + ".")
            + value.namedParameters(prefix: prefix + ResNetKeys.poolValue + ".")
            + output.namedParameters(prefix: prefix + ResNetKeys.poolProjection + ".")
    }
}
