import CBLAS
import Foundation

/// Row-major `C[m,n] = op(A)·op(B) + beta·C`, or `op(A)·op(B) + bias` on every row with a
/// `bias` of n values and beta 0 (`ProductKernel` picks the fixed-order Swift kernel or
/// `cblas_sgemm`); `op` transposes when the flag is set, so A is stored `[k,m]` when `transA`
/// and B `[n,k]` when `transB`.
@inline(__always)
func gemm(_ transA: Bool, _ transB: Bool, m: Int, n: Int, k: Int,
          _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, beta: Float,
          _ c: UnsafeMutablePointer<Float>, bias: UnsafePointer<Float>? = nil) {
    guard m > 0, n > 0 else { return }
    if k == 0 {
        if beta == 0 { c.update(repeating: 0, count: m * n) }
        if let bias { for i in 0..<m { (c + i * n).update(from: bias, count: n) } }
        return
    }
    gemmStrided(transA, transB, m: m, n: n, k: k, alpha: 1, a, lda: transA ? m : k, b, ldb: transB ? k : n,
                beta: beta, c, ldc: n, bias: bias)
}

/// Row-major `C = alpha·op(A)·op(B) + beta·C` with explicit leading dimensions, for
/// blocks read in place from wider rows (one attention head's `[T, D]` inside `[T, C]`);
/// with a `bias` (n values, beta 0), `alpha·op(A)·op(B) + bias` on every row, added in the
/// kernel as each tile is stored (for OpenBLAS, written into the block's rows first).
///
/// Every product goes through here, so `ProductKernel.choose` is the only boundary between
/// the fixed-order toy path and OpenBLAS.
///
/// Threads: OpenBLAS runs single-threaded (`Threads.configure`) and a large product is cut
/// here into column blocks of C (row blocks when C is taller than wide), one `sgemm` per
/// block on `Threads.parallelBlocks`. OpenBLAS's own threads wait for each other by
/// spinning at several points inside every product; with few cores, or cores shared with
/// other work, that cost more than the product itself at batch 1 (M = 50 rows).
@inline(__always)
func gemmStrided(_ transA: Bool, _ transB: Bool, m: Int, n: Int, k: Int, alpha: Float,
                 _ a: UnsafePointer<Float>, lda: Int, _ b: UnsafePointer<Float>, ldb: Int, beta: Float,
                 _ c: UnsafeMutablePointer<Float>, ldc: Int, bias: UnsafePointer<Float>? = nil) {
    guard m > 0, n > 0, k > 0 else { return }
    precondition(bias == nil || beta == 0, "gemm: a bias needs beta 0")
    let fixedOrder = ProductKernel.choose(m: m, n: n, k: k) == .fixedOrder
    if !fixedOrder { BLASCore.selectFastKernels() }
    let ta = transA ? CblasTrans : CblasNoTrans, tb = transB ? CblasTrans : CblasNoTrans
    func block(rows: Range<Int>, columns: Range<Int>) {
        // Rows i of op(A) start at a + i·lda, or a + i when A is stored transposed; columns j of
        // op(B) at b + j, or b + j·ldb when B is stored transposed.
        let ap = a + rows.lowerBound * (transA ? 1 : lda), bp = b + columns.lowerBound * (transB ? ldb : 1)
        let cp = c + rows.lowerBound * ldc + columns.lowerBound
        let blockBias = bias.map { $0 + columns.lowerBound }
        if fixedOrder {
            fixedOrderGemm(transA, transB, m: rows.count, n: columns.count, k: k, alpha: alpha, ap, lda: lda,
                           bp, ldb: ldb, beta: beta, cp, ldc: ldc, bias: blockBias)
        } else {
            if let blockBias { for r in 0..<rows.count { (cp + r * ldc).update(from: blockBias, count: columns.count) } }
            cblas_sgemm(CblasRowMajor, ta, tb, Int32(rows.count), Int32(columns.count), Int32(k), alpha, ap, Int32(lda),
                        bp, Int32(ldb), blockBias == nil ? beta : 1, cp, Int32(ldc))
        }
    }
    let threads = Threads.count
    guard threads > 1, m * n * k >= 1 << 20 else { return block(rows: 0..<m, columns: 0..<n) }
    // OpenBLAS gets two blocks per thread, so a thread that was held up elsewhere gets fewer, of
    // at least 32 rows or 64 columns. The fixed-order kernel's products are small (a toy's take
    // tens of microseconds), and one block per thread has the fewest hand-overs: blocks of whole
    // tiles (6 rows by 16 columns) down to 12 rows or 16 columns, split along rows unless
    // columns give more blocks.
    let wanted = fixedOrder ? threads : 2 * threads
    let splitColumns: Bool, blocks: Int, unit: Int
    if fixedOrder {
        let rowBlocks = min(wanted, m / 12), columnBlocks = min(wanted, n / 16)
        splitColumns = columnBlocks > rowBlocks
        blocks = max(rowBlocks, columnBlocks)
        unit = splitColumns ? 16 : 6
    } else {
        splitColumns = n >= m
        blocks = min(wanted, (splitColumns ? n : m) / (splitColumns ? 64 : 32))
        unit = 8
    }
    let extent = splitColumns ? n : m
    guard blocks > 1 else { return block(rows: 0..<m, columns: 0..<n) }
    let size = ((extent + blocks - 1) / blocks + unit - 1) / unit * unit
    nonisolated(unsafe) let run = block
    Threads.parallelBlocks(blocks) { i in
        let range = min(extent, i * size)..<min(extent, (i + 1) * size)
        guard !range.isEmpty else { return }
        splitColumns ? run(0..<m, range) : run(range, 0..<n)
    }
}

extension Tensor {
    /// Matrix product `op(self)·op(other)` over the last two dimensions.
    ///
    /// - Parameters:
    ///   - other: `[K, N]` (shared by every batch) or `[..., K, N]` with the same leading
    ///     dimensions as `self` (`[N, K]` when `transposeOther`).
    ///   - transposeSelf: use `self`'s last two dimensions transposed (`[..., K, M]` stored).
    /// - Returns: `[..., M, N]`. Transposes go to BLAS; nothing is materialised.
    ///
    /// Example: `x.matmul(w, transposeOther: true)` is `x·wᵀ`, a linear layer with
    /// `w` stored `[out, in]` as checkpoints store it.
    public func matmul(_ other: Tensor, transposeSelf ta: Bool = false, transposeOther tb: Bool = false) -> Tensor {
        precondition(rank >= 2 && other.rank >= 2, "matmul needs rank ≥ 2, got \(shape) and \(other.shape)")
        let batchDims = Array(shape.dropLast(2))
        let sharedB = other.rank == 2
        precondition(sharedB || Array(other.shape.dropLast(2)) == batchDims,
                     "matmul batch dimensions differ: \(shape) vs \(other.shape)")
        let m = ta ? shape[rank - 1] : shape[rank - 2]
        let k = ta ? shape[rank - 2] : shape[rank - 1]
        let kb = tb ? other.shape[other.rank - 1] : other.shape[other.rank - 2]
        let n = tb ? other.shape[other.rank - 2] : other.shape[other.rank - 1]
        precondition(k == kb, "matmul inner sizes differ: \(shape)\(ta ? "ᵀ" : "") · \(other.shape)\(tb ? "ᵀ" : "")")
        let batch = batchDims.product
        // A batch sharing one B with an untransposed A is one [batch·M, K]·[K, N] product.
        let fold = sharedB && !ta
        let out = Tensor.make(batchDims + [m, n]) { c in
            read { a in other.read { b in
                if fold {
                    gemm(false, tb, m: batch * m, n: n, k: k, a.baseAddress!, b.baseAddress!, beta: 0, c.baseAddress!)
                } else {
                    for i in 0..<batch {
                        gemm(ta, tb, m: m, n: n, k: k, a.baseAddress! + i * m * k,
                             b.baseAddress! + (sharedB ? 0 : i * k * n), beta: 0, c.baseAddress! + i * m * n)
                    }
                }
            } }
        }
        return out.recorded(from: [self, other]) { out in
            let (a, b) = (self, other)
            out.readGrad { g in
                let gp = g.baseAddress!
                let rows = fold ? batch : 1, loops = fold ? 1 : batch
                a.accumulateGrad { ga in b.read { bv in
                    for i in 0..<loops {
                        let gi = gp + i * m * n, bi = bv.baseAddress! + (sharedB ? 0 : i * k * n)
                        let dai = ga.baseAddress! + i * m * k
                        if !ta {   // dA[M,K] += dC·op(B)ᵀ
                            gemm(false, !tb, m: rows * m, n: k, k: n, gi, bi, beta: 1, dai)
                        } else {   // dA[K,M] += op(B)·dCᵀ
                            gemm(tb, true, m: k, n: m, k: n, bi, gi, beta: 1, dai)
                        }
                    }
                } }
                b.accumulateGrad { gb in a.read { av in
                    for i in 0..<loops {
                        let gi = gp + i * m * n, ai = av.baseAddress! + i * m * k
                        let dbi = gb.baseAddress! + (sharedB ? 0 : i * k * n)
                        if !tb {   // dB[K,N] += op(A)ᵀ·dC
                            gemm(!ta, false, m: k, n: n, k: rows * m, ai, gi, beta: 1, dbi)
                        } else {   // dB[N,K] += dCᵀ·op(A)
                            gemm(true, ta, m: n, n: k, k: rows * m, gi, ai, beta: 1, dbi)
                        }
                    }
                } }
            }
        }
    }

    /// A linear layer `x·Wᵀ + b` with `weight` stored `[out, in]` and optional `bias` `[out]`.
    /// - Parameter self: `[..., in]`. - Returns: `[..., out]`.
    public func linear(_ weight: Tensor, _ bias: Tensor? = nil) -> Tensor {
        precondition(weight.rank == 2 && shape.last == weight.shape[1],
                     "linear: input \(shape) does not match weight \(weight.shape)")
        if !Tensor.recording(self, weight) && !(bias.map { Tensor.recording($0) } ?? false) {
            return linearInference(weight, bias, outputShape: Array(shape.dropLast()) + [weight.shape[0]])
        }
        return linearFused(weight, bias)
    }

    /// `linear` without a graph: the product kernel adds the bias as it stores the output.
    private func linearInference(_ weight: Tensor, _ bias: Tensor?, outputShape: [Int]) -> Tensor {
        let (n, k) = (weight.shape[0], weight.shape[1])
        let rows = outputShape.dropLast().product
        if let bias { precondition(bias.shape == [n], "linear: bias \(bias.shape) for \(n) outputs") }
        return Tensor.make(outputShape) { o in
            guard rows > 0, n > 0 else { return }
            read { a in weight.read { w in Tensor.read(bias) { b in
                gemm(false, true, m: rows, n: n, k: k, a.baseAddress!, w.baseAddress!, beta: 0, o.baseAddress!, bias: b)
            } } }
        }
    }
}
