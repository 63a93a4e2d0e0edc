import CBLAS
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

    /// Inference-only multi-head self-attention straight from the layer input, with the
    /// same result as `attention(q: x·Wqᵀ+bq, k: …, v: …)` but no graph and no permuted copies.
    ///
    /// The three projections are written side by side into one `[B·T, 3C]` buffer (bias
    /// first, then the product added on top), and each head's `q·kᵀ` and `p·v` products
    /// read their `[T, D]` blocks in place through BLAS leading dimensions.
    /// - Parameters: `x` `[B, T, C]`; `projections` the q, k and v `(weight [C, C], bias [C]?)`;
    ///   `mask` `[T, T]` additive. - Returns: `[B, T, C]`, heads concatenated.
    public static func selfAttentionInference(_ x: Tensor, projections: [(weight: Tensor, bias: Tensor?)],
                                              heads: Int, mask: Tensor? = nil) -> Tensor {
        let (b, t, c) = (x.shape[0], x.shape[1], x.shape[2])
        precondition(projections.count == 3 && c % heads == 0, "selfAttentionInference: 3 projections, heads dividing \(c)")
        let d = c / heads, rows = b * t, width = 3 * c
        var qkv = [Float](unsafeUninitializedCapacity: rows * width) { _, n in n = rows * width }
        qkv.withUnsafeMutableBufferPointer { buffer in
            let out = buffer.baseAddress!
            x.read { xs in
                for (p, projection) in projections.enumerated() {
                    precondition(projection.weight.shape == [c, c], "projection weight \(projection.weight.shape), expected [\(c), \(c)]")
                    if let bias = projection.bias {
                        bias.read { bs in for r in 0..<rows { (out + r * width + p * c).update(from: bs.baseAddress!, count: c) } }
                    }
                    projection.weight.read { w in   // [rows, C]·Wᵀ into columns p·C ..< (p+1)·C
                        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(c), Int32(c), 1,
                                    xs.baseAddress!, Int32(c), w.baseAddress!, Int32(c),
                                    projection.bias == nil ? 0 : 1, out + p * c, Int32(width))
                    }
                }
            }
        }
        let scale = 1 / Float(d).squareRoot()
        return Tensor.make([b, t, c]) { context in
            var scores = [Float](repeating: 0, count: t * t)
            qkv.withUnsafeBufferPointer { qkvBuffer in scores.withUnsafeMutableBufferPointer { s in
                let base = qkvBuffer.baseAddress!, sp = s.baseAddress!
                for batch in 0..<b { for head in 0..<heads {
                    let q = base + batch * t * width + head * d, k = q + c, v = q + 2 * c
                    // scores [T,T] = q·kᵀ/√d over this head's [T, D] blocks (row stride 3C)
                    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(t), Int32(t), Int32(d), scale,
                                q, Int32(width), k, Int32(width), 0, sp, Int32(t))
                    if let mask { mask.read { m in for i in 0..<(t * t) { sp[i] += m[i] } } }
                    softmaxRows(sp, rows: t, width: t)
                    // context rows of this head = p·v, written into columns head·D of [B·T, C]
                    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(t), Int32(d), Int32(t), 1,
                                sp, Int32(t), v, Int32(width), 0, context.baseAddress! + batch * t * c + head * d, Int32(c))
                } }
            } }
        }
    }
}

/// In-place numerically stable softmax of `rows` rows of `width` values.
@inline(__always)
func softmaxRows(_ x: UnsafeMutablePointer<Float>, rows: Int, width: Int) {
    for r in 0..<rows {
        let row = x + r * width
        var m = -Float.infinity
        for j in 0..<width { m = max(m, row[j]) }
        if m == -.infinity { m = 0 }
        var sum: Float = 0
        for j in 0..<width { let e = fastExp(row[j] - m); row[j] = e; sum += e }
        let inverse = 1 / sum
        for j in 0..<width { row[j] *= inverse }
    }
}
