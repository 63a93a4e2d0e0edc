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
        let geometry = AttentionHeads(batch: b, tokens: t, width: c, heads: heads)
        let keep = Tensor.recording(q, k, v)
        // Probabilities [B, H, T, T], kept for backward.
        var probabilities = [Float](uninitializedCount: b * heads * t * t) { _ in }   // written below
        let maskValues = mask?.data
        let out = Tensor.make([b, t, c]) { o in
            Tensor.withPointers([q, k, v]) { qkv in probabilities.withUnsafeMutableBufferPointer { pb in
                nonisolated(unsafe) let (inputs, p, out) = (qkv, pb.baseAddress!, o.baseAddress!)
                // Heads are independent and write disjoint columns: one (batch, head) per item.
                Threads.parallelFor(geometry.items, costPerItem: 4 * t * t * geometry.depth) { items in
                    for item in items {
                        geometry.forward(item, q: inputs[0], k: inputs[1], v: inputs[2], mask: maskValues, probabilities: p, out: out)
                    }
                }
            } }
        }
        guard keep else { return out }
        return out.recorded(from: [q, k, v]) { out in
            // A first gradient of q, k or v is written, not added to zeros: together the items
            // write every element.
            out.readGrad { g in Tensor.withPointers([q, k, v]) { qkv in
            Tensor.withGradPointersOrFresh([q, k, v]) { grads, fresh in
                let betas = fresh.map { $0 ? Float(0) : 1 }
                probabilities.withUnsafeBufferPointer { pb in
                    nonisolated(unsafe) let (dOut, inputs, grads, p) = (g.baseAddress!, qkv, grads, pb.baseAddress!)
                    // Each (batch, head) adds into its own columns of dQ, dK, dV: items run in parallel.
                    Threads.parallelFor(geometry.items, costPerItem: 8 * t * t * geometry.depth) { items in
                        var dScores = [Float](repeating: 0, count: t * t)
                        dScores.withUnsafeMutableBufferPointer { ds in
                            for item in items {
                                geometry.backward(item, dOut: dOut, q: inputs[0], k: inputs[1], v: inputs[2], probabilities: p,
                                                  dQ: grads[0], dK: grads[1], dV: grads[2], betas: betas,
                                                  scratch: ds.baseAddress!)
                            }
                        }
                    }
                }
            } } }
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
        var qkv = [Float](uninitializedCount: rows * width) { _ in }   // written below
        qkv.withUnsafeMutableBufferPointer { buffer in
            let out = buffer.baseAddress!
            x.read { xs in
                for (p, projection) in projections.enumerated() {
                    precondition(projection.weight.shape == [c, c], "projection weight \(projection.weight.shape), expected [\(c), \(c)]")
                    projection.weight.read { w in Tensor.read(projection.bias) { bs in
                        // [rows, C]·Wᵀ + b into columns p·C ..< (p+1)·C
                        gemmStrided(false, true, m: rows, n: c, k: c, alpha: 1, xs.baseAddress!, lda: c, w.baseAddress!, ldb: c,
                                    beta: 0, out + p * c, ldc: width, bias: bs)
                    } }
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

/// The heads of one attention op: `batch` sequences of `tokens`, width `width` split into
/// `heads` blocks of `depth` columns. An item is one (sequence, head): its `[T, D]` blocks of
/// q, k, v and the output are read in place (row stride `width`), and its `[T, T]`
/// probabilities sit at `item · T²` of a `[B, H, T, T]` buffer.
struct AttentionHeads {
    let batch: Int, tokens: Int, width: Int, heads: Int, depth: Int
    /// 1/√d, applied to the scores.
    let scale: Float

    init(batch: Int, tokens: Int, width: Int, heads: Int) {
        self.batch = batch
        self.tokens = tokens
        self.width = width
        self.heads = heads
        depth = width / heads
        scale = 1 / Float(depth).squareRoot()
    }

    var items: Int { batch * heads }

    /// Where an item's `[T, D]` block starts in a `[B, T, C]` tensor.
    func offset(_ item: Int) -> Int {
        let (n, h) = item.quotientAndRemainder(dividingBy: heads)
        return n * tokens * width + h * depth
    }

    /// `P = softmax(q·kᵀ/√d + mask)` (kept), then `out = P·v`, for one item.
    func forward(_ item: Int, q: UnsafePointer<Float>, k: UnsafePointer<Float>, v: UnsafePointer<Float>, mask: [Float]?,
                 probabilities: UnsafeMutablePointer<Float>, out: UnsafeMutablePointer<Float>) {
        let (t, off, p) = (tokens, offset(item), probabilities + item * tokens * tokens)
        // scores [T,T] = q·kᵀ/√d
        gemmStrided(false, true, m: t, n: t, k: depth, alpha: scale, q + off, lda: width, k + off, ldb: width, beta: 0, p, ldc: t)
        if let mask { for i in 0..<(t * t) { p[i] += mask[i] } }
        softmaxRows(p, rows: t, width: t)
        // context [T,D] = P·V, into this head's columns
        gemmStrided(false, false, m: t, n: depth, k: t, alpha: 1, p, lda: t, v + off, ldb: width, beta: 0, out + off, ldc: width)
    }

    /// Adds one item's gradients into dQ, dK, dV (nil: that input takes none), in four named steps;
    /// `betas` are 1 to add, 0 to write (a fresh buffer) for dQ, dK and dV. `scratch` holds `T²` floats.
    func backward(_ item: Int, dOut: UnsafePointer<Float>, q: UnsafePointer<Float>, k: UnsafePointer<Float>,
                  v: UnsafePointer<Float>, probabilities: UnsafePointer<Float>, dQ: UnsafeMutablePointer<Float>?,
                  dK: UnsafeMutablePointer<Float>?, dV: UnsafeMutablePointer<Float>?, betas: [Float],
                  scratch: UnsafeMutablePointer<Float>) {
        let (t, off, p) = (tokens, offset(item), probabilities + item * tokens * tokens)
        if let dV {   // dV [T,D] += Pᵀ·dO
            gemmStrided(true, false, m: t, n: depth, k: t, alpha: 1, p, lda: t, dOut + off, ldb: width, beta: betas[2], dV + off, ldc: width)
        }
        guard dQ != nil || dK != nil else { return }
        // dP [T,T] = dO·Vᵀ
        gemmStrided(false, true, m: t, n: t, k: depth, alpha: 1, dOut + off, lda: width, v + off, ldb: width, beta: 0, scratch, ldc: t)
        // dS = P ⊙ (dP − rowsum(dP ⊙ P)), in place
        for r in 0..<t {
            let row = scratch + r * t, probs = p + r * t
            let dot = rowDot(row, probs, t)
            for j in 0..<t { row[j] = probs[j] * (row[j] - dot) }
        }
        if let dQ {   // dQ [T,D] += dS·K/√d
            gemmStrided(false, false, m: t, n: depth, k: t, alpha: scale, scratch, lda: t, k + off, ldb: width, beta: betas[0], dQ + off, ldc: width)
        }
        if let dK {   // dK [T,D] += dSᵀ·Q/√d
            gemmStrided(true, false, m: t, n: depth, k: t, alpha: scale, scratch, lda: t, q + off, ldb: width, beta: betas[1], dK + off, ldc: width)
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
