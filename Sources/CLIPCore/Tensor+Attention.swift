import Foundation

extension Tensor {
    /// The additive causal mask `[T, T]`: 0 on and below the diagonal, −∞ above, so
    /// position i attends to positions ≤ i.
    ///
    /// Example (T = 3): `[[0,−∞,−∞],[0,0,−∞],[0,0,0]]`.
    public static func causalMask(_ t: Int) -> Tensor {
        Tensor.make([t, t]) { o in
            for i in 0..<t { for j in 0..<t { o[i * t + j] = j > i ? -.infinity : 0 } }
        }
    }

    /// Multi-head scaled dot-product attention on already-projected q, k, v.
    ///
    /// - Parameters: `q`, `k`, `v` `[B, T, C]`; `heads` divides C; `mask` `[T, T]` additive.
    /// - Returns: `[B, T, C]`, `softmax(q·kᵀ/√d + mask)·v` per head, heads concatenated.
    public static func attention(q: Tensor, k: Tensor, v: Tensor, heads: Int, mask: Tensor? = nil) -> Tensor {
        let (b, t, c) = (q.shape[0], q.shape[1], q.shape[2])
        precondition(c % heads == 0, "attention: width \(c) not divisible by \(heads) heads")
        let d = c / heads
        func split(_ x: Tensor) -> Tensor {
            x.reshaped([b, t, heads, d]).permuted([0, 2, 1, 3])          // [B,T,C] -> [B,H,T,D]
        }
        let (qh, kh, vh) = (split(q), split(k), split(v))
        var scores = qh.matmul(kh, transposeOther: true).scaled(1 / Float(d).squareRoot())  // [B,H,T,T]
        if let mask { scores = scores + mask }
        let context = scores.softmax().matmul(vh)                              // [B,H,T,D]
        return context.permuted([0, 2, 1, 3]).reshaped([b, t, c])            // [B,H,T,D] -> [B,T,C]
    }
}
