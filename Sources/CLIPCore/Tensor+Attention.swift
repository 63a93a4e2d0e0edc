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
                nonisolated(unsafe) let (qp, kp, vp, pp, op) = (qs.baseAddress!, ks.baseAddress!, vs.baseAddress!, pb.baseAddress!, o.baseAddress!)
                // Heads are independent and write disjoint columns: one (batch, head) per item.
                Threads.parallelFor(b * heads, costPerItem: 4 * tt * d) { items in for item in items {
                    let (n, h) = item.quotientAndRemainder(dividingBy: heads)
                    let off = n * t * c + h * d
                    let p = pp + item * tt
                    // scores [T,T] = q·kᵀ/√d over this head's [T, D] blocks (row stride C)
                    gemmStrided(false, true, m: t, n: t, k: d, alpha: scale, qp + off, lda: c, kp + off, ldb: c, beta: 0, p, ldc: t)
                    if let maskValues { for i in 0..<tt { p[i] += maskValues[i] } }
                    softmaxRows(p, rows: t, width: t)
                    // context [T, D] = P·V, written into this head's columns of [B·T, C]
                    gemmStrided(false, false, m: t, n: d, k: t, alpha: 1, p, lda: t, vp + off, ldb: c, beta: 0, op + off, ldc: c)
                } }
            } } } }
        }
        guard keep else { return out }
        return out.recorded(from: [q, k, v]) { out in
            out.readGrad { g in q.read { qs in k.read { ks in v.read { vs in probabilities.withUnsafeBufferPointer { pb in
            q.withGradPointer { gq in k.withGradPointer { gk in v.withGradPointer { gv in
                nonisolated(unsafe) let (gp, qp, kp, vp, pp) = (g.baseAddress!, qs.baseAddress!, ks.baseAddress!, vs.baseAddress!, pb.baseAddress!)
                nonisolated(unsafe) let (gq, gk, gv) = (gq, gk, gv)
                // Each (batch, head) adds into its own columns of dQ, dK, dV: items run in parallel.
                Threads.parallelFor(b * heads, costPerItem: 8 * tt * d) { items in
                var dp = [Float](repeating: 0, count: tt)
                dp.withUnsafeMutableBufferPointer { dpb in
                let ds = dpb.baseAddress!
                for item in items {
                    let (n, h) = item.quotientAndRemainder(dividingBy: heads)
                    let off = n * t * c + h * d
                    let p = pp + item * tt
                    if let gv {   // dV [T,D] += Pᵀ·dO
                        gemmStrided(true, false, m: t, n: d, k: t, alpha: 1, p, lda: t, gp + off, ldb: c, beta: 1, gv + off, ldc: c)
                    }
                    guard gq != nil || gk != nil else { continue }
                    // dP [T,T] = dO·Vᵀ
                    gemmStrided(false, true, m: t, n: t, k: d, alpha: 1, gp + off, lda: c, vp + off, ldb: c, beta: 0, ds, ldc: t)
                    // dS = P ⊙ (dP − rowsum(dP ⊙ P))
                    for r in 0..<t {
                        let dot = rowDot(ds + r * t, p + r * t, t)
                        for j in 0..<t { ds[r * t + j] = p[r * t + j] * (ds[r * t + j] - dot) }
                    }
                    if let gq {   // dQ [T,D] += dS·K/√d
                        gemmStrided(false, false, m: t, n: d, k: t, alpha: scale, ds, lda: t, kp + off, ldb: c, beta: 1, gq + off, ldc: c)
                    }
                    if let gk {   // dK [T,D] += dSᵀ·Q/√d
                        gemmStrided(true, false, m: t, n: d, k: t, alpha: scale, ds, lda: t, qp + off, ldb: c, beta: 1, gk + off, ldc: c)
                    }
                }
                }
                }
            } } }
            } } } } }
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
                        gemmStrided(false, true, m: rows, n: c, k: c, alpha: 1, xs.baseAddress!, lda: c, w.baseAddress!, ldb: c,
                                    beta: projection.bias == nil ? 0 : 1, out + p * c, ldc: width)
                    }
                }
            }
        }
        let scale = 1 / Float(d).squareRoot()
        let maskValues = mask?.data
        return Tensor.make([b, t, c]) { context in
            qkv.withUnsafeBufferPointer { qkvBuffer in
                nonisolated(unsafe) let (base, cp) = (qkvBuffer.baseAddress!, context.baseAddress!)
                // Heads are independent and write disjoint columns: one (batch, head) per item.
                Threads.parallelFor(b * heads, costPerItem: 4 * t * t * d) { items in
                    var scores = [Float](repeating: 0, count: t * t)
                    scores.withUnsafeMutableBufferPointer { s in
                        let sp = s.baseAddress!
                        for item in items {
                            let (batch, head) = item.quotientAndRemainder(dividingBy: heads)
                            let q = base + batch * t * width + head * d, k = q + c, v = q + 2 * c
                            // scores [T,T] = q·kᵀ/√d over this head's [T, D] blocks (row stride 3C)
                            gemmStrided(false, true, m: t, n: t, k: d, alpha: scale, q, lda: width, k, ldb: width, beta: 0, sp, ldc: t)
                            if let maskValues { for i in 0..<(t * t) { sp[i] += maskValues[i] } }
                            softmaxRows(sp, rows: t, width: t)
                            // context rows of this head = p·v, written into columns head·D of [B·T, C]
                            gemmStrided(false, false, m: t, n: d, k: t, alpha: 1, sp, lda: t, v, ldb: width, beta: 0,
                                        cp + batch * t * c + head * d, ldc: c)
                        }
                    }
                }
            }
        }
    }
}

/// In-place numerically stable softmax of `rows` rows of `width` values.
@inline(__always)
func softmaxRows(_ x: UnsafeMutablePointer<Float>, rows: Int, width: Int) {
    for r in 0..<rows {
        let row = x + r * width
        var m = rowMax(row, width)
        if m == -.infinity { m = 0 }
        for j in 0..<width { row[j] = fastExp(row[j] - m) }
        let inverse = 1 / rowSum(row, width)
        for j in 0..<width { row[j] *= inverse }
    }
}
