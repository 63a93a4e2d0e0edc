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
    ///
    /// One op: each head reads its `[T, D]` blocks of q, k, v in place (BLAS row stride C,
    /// no permuted copies) and keeps its probabilities `P` for backward:
    /// `dV = Pᵀ·dO`, `dP = dO·Vᵀ`, `dS = P ⊙ (dP − rowsum(dP ⊙ P))`, `dQ = dS·K/√d`, `dK = dSᵀ·Q/√d`.
    public static func attention(q: Tensor, k: Tensor, v: Tensor, heads: Int, mask: Tensor? = nil) -> Tensor {
        let (b, t, c) = (q.shape[0], q.shape[1], q.shape[2])
        precondition(c % heads == 0, "attention: width \(c) not divisible by \(heads) heads")
        precondition(k.shape == q.shape && v.shape == q.shape, "attention: q \(q.shape), k \(k.shape), v \(v.shape)")
        if let mask { precondition(mask.shape == [t, t], "attention: mask \(mask.shape) for \(t) tokens") }
        let d = c / heads, tt = t * t
        let scale = 1 / Float(d).squareRoot()
        let keep = Tensor.recording(q, k, v)
        // Probabilities [B, H, T, T], kept for backward.
        var probabilities = [Float](unsafeUninitializedCapacity: b * heads * tt) { _, n in n = b * heads * tt }
        let out = Tensor.make([b, t, c]) { o in
            q.read { qs in k.read { ks in v.read { vs in probabilities.withUnsafeMutableBufferPointer { pb in
                let maskValues = mask?.data
                for n in 0..<b { for h in 0..<heads {
                    let off = n * t * c + h * d
                    let p = pb.baseAddress! + (n * heads + h) * tt
                    // scores [T,T] = q·kᵀ/√d over this head's [T, D] blocks (row stride C)
                    gemmStrided(false, true, m: t, n: t, k: d, alpha: scale, qs.baseAddress! + off, lda: c,
                                ks.baseAddress! + off, ldb: c, beta: 0, p, ldc: t)
                    if let maskValues { for i in 0..<tt { p[i] += maskValues[i] } }
                    softmaxRows(p, rows: t, width: t)
                    // context [T, D] = P·V, written into this head's columns of [B·T, C]
                    gemmStrided(false, false, m: t, n: d, k: t, alpha: 1, p, lda: t, vs.baseAddress! + off, ldb: c,
                                beta: 0, o.baseAddress! + off, ldc: c)
                } }
            } } } }
        }
        guard keep else { return out }
        return out.recorded(from: [q, k, v]) { out in
            var dp = [Float](repeating: 0, count: tt)
            out.readGrad { g in q.read { qs in k.read { ks in v.read { vs in
            probabilities.withUnsafeBufferPointer { pb in dp.withUnsafeMutableBufferPointer { dpb in
                let gp = g.baseAddress!, ds = dpb.baseAddress!
                q.withGradPointer { gq in k.withGradPointer { gk in v.withGradPointer { gv in
                for n in 0..<b { for h in 0..<heads {
                    let off = n * t * c + h * d
                    let p = pb.baseAddress! + (n * heads + h) * tt
                    if let gv {   // dV [T,D] += Pᵀ·dO
                        gemmStrided(true, false, m: t, n: d, k: t, alpha: 1, p, lda: t, gp + off, ldb: c,
                                    beta: 1, gv + off, ldc: c)
                    }
                    guard gq != nil || gk != nil else { continue }
                    // dP [T,T] = dO·Vᵀ
                    gemmStrided(false, true, m: t, n: t, k: d, alpha: 1, gp + off, lda: c, vs.baseAddress! + off, ldb: c,
                                beta: 0, ds, ldc: t)
                    // dS = P ⊙ (dP − rowsum(dP ⊙ P))
                    for r in 0..<t {
                        var dot: Float = 0
                        for j in 0..<t { dot += ds[r * t + j] * p[r * t + j] }
                        for j in 0..<t { ds[r * t + j] = p[r * t + j] * (ds[r * t + j] - dot) }
                    }
                    if let gq {   // dQ [T,D] += dS·K/√d
                        gemmStrided(false, false, m: t, n: d, k: t, alpha: scale, ds, lda: t, ks.baseAddress! + off, ldb: c,
                                    beta: 1, gq + off, ldc: c)
                    }
                    if let gk {   // dK [T,D] += dSᵀ·Q/√d
                        gemmStrided(true, false, m: t, n: d, k: t, alpha: scale, ds, lda: t, qs.baseAddress! + off, ldb: c,
                                    beta: 1, gk + off, ldc: c)
                    }
                } }
                } } }
            } }
            } } } }
        }
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
