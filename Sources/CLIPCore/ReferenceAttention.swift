import Foundation

extension Tensor {
    /// Multi-head scaled dot-product attention written step by step, the way the paper
    /// describes it, out of ordinary differentiable ops (each step is one graph node).
    ///
    /// It computes what `attention(q:k:v:heads:mask:)` computes, slowly: the fast kernel
    /// reads each head's block in place and keeps no intermediate tensors, which makes it
    /// hard to read. This version is the specification the kernel is tested against
    /// (values and gradients, `AttentionReferenceTests`).
    ///
    /// - Parameters: `q`, `k`, `v` `[B, T, C]`; `heads` divides C; `mask` `[T, T]` additive
    ///   (0 where a query may look, −∞ where it may not; `causalMask(T)` for text).
    /// - Returns: `[B, T, C]`.
    ///
    /// Example: `Tensor.referenceAttention(q: q, k: k, v: v, heads: 8, mask: .causalMask(t))`.
    public static func referenceAttention(q: Tensor, k: Tensor, v: Tensor, heads: Int, mask: Tensor? = nil) -> Tensor {
        let (b, t, c) = (q.shape[0], q.shape[1], q.shape[2])
        precondition(c % heads == 0, "referenceAttention: width \(c) not divisible by \(heads) heads")
        let d = c / heads

        // 1. Split heads: each head sees its own d = C/h channels.
        //    [B, T, C] → [B, T, h, d] → [B, h, T, d]
        func splitHeads(_ x: Tensor) -> Tensor { x.reshaped([b, t, heads, d]).permuted([0, 2, 1, 3]) }
        let qh = splitHeads(q), kh = splitHeads(k), vh = splitHeads(v)

        // 2. Scaled scores: how well query i matches key j, divided by √d so the softmax
        //    does not saturate as d grows.
        //    [B, h, T, d] · [B, h, T, d]ᵀ → [B, h, T, T]
        var scores = qh.matmul(kh, transposeOther: true).scaled(1 / Float(d).squareRoot())

        // 3. Mask: −∞ where query i may not look (j > i for text), broadcast over B and h.
        //    [B, h, T, T] + [T, T] → [B, h, T, T]
        if let mask { scores = scores + mask }

        // 4. Softmax over the keys: each query's weights are positive and sum to 1.
        //    [B, h, T, T]
        let weights = scores.softmax()

        // 5. Weighted sum of the values.
        //    [B, h, T, T] · [B, h, T, d] → [B, h, T, d]
        let context = weights.matmul(vh)

        // 6. Merge heads: put the h heads' d channels back side by side.
        //    [B, h, T, d] → [B, T, h, d] → [B, T, C]
        return context.permuted([0, 2, 1, 3]).reshaped([b, t, c])
    }
}
