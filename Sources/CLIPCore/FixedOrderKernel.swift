/// The fixed-order tile kernel, generic over its vector type `V` (eight or sixteen Floats).
///
/// This file is compiled three times — into CLIPCore for baseline x86-64 (SSE2, `SIMD8`) and,
/// through the symbolic links in Sources/CLIPKernelsAVX2 and Sources/CLIPKernelsAVX512, for
/// Haswell-class (AVX2, `SIMD16` in two registers) and AVX-512 CPUs (`SIMD16` in one register,
/// up to four of them per row of a tile, in 24 of its 32 registers: `tileVectors`) — so it uses
/// nothing but the standard library.
/// `ProductKernel` picks the build at run time.
///
/// Each output is `acc = 0; for p in 0..<k { acc = fma(a[i,p], b[p,j], acc) }` — a fused
/// multiply-add, rounded once: one instruction in the AVX2 and AVX-512 builds, the same
/// result worked out exactly in the baseline build (`FusedMultiplyAdd.swift`) — then
/// `alpha·acc`, plus `beta·c` unless beta is 0, plus `bias[j]` when there is a bias (each a
/// multiply or an add of its own, never fused: Swift does not contract them on any target).
/// Vectors run across neighbouring outputs of one row, never along k, and a block of six (or four) rows shares each loaded row of B; the one-row
/// kernel for the leftover rows and the scalar loop for the leftover columns do the same
/// arithmetic per output. So neither the vector width nor how the product is cut (into tiles,
/// or into blocks for threads) shows in the result: every build gives the same bits.
///
/// op(B) is read as rows of k: in place when stored `[k, n]` with n a multiple of the tile
/// width, else copied (transposed and zero-padded) into a scratch panel first — a copy, no
/// arithmetic.
///
/// Example: `[[1,2],[3,4]]·[[5,6],[7,8]]` gives `[[19,22],[43,50]]` on every machine.
@inline(__always)
func fixedOrderKernel<V: FusedMultiplyAddVector>(_ vector: V.Type, _ transA: Bool, _ transB: Bool, m: Int, n: Int,
                                                 k: Int, alpha: Float, _ a: UnsafePointer<Float>, lda: Int,
                                                 _ b: UnsafePointer<Float>, ldb: Int, beta: Float,
                                                 _ c: UnsafeMutablePointer<Float>, ldc: Int,
                                                 bias: UnsafePointer<Float>? = nil) {
    guard m > 0, n > 0 else { return }
    // Element (i, p) of op(A) is a[i·rowStride + p·depthStride].
    let (rowStride, depthStride) = transA ? (1, lda) : (lda, 1)
    let vectors = V.tileVectors(n)
    let panel = FixedOrderPanel<V>(m: m, n: n, k: k, alpha: alpha, beta: beta, a: a, rowStride: rowStride,
                                   depthStride: depthStride, c: c, ldc: ldc, bias: bias, vectors: vectors)
    let lanes = vectors * V.scalarCount
    if !transB && n % lanes == 0 {
        panel.run(b, ldb)
        return
    }
    let width = (n + lanes - 1) / lanes * lanes
    withUnsafeTemporaryAllocation(of: Float.self, capacity: max(1, k * width)) { scratch in
        let packed = scratch.baseAddress!
        for p in 0..<k {
            let row = packed + p * width
            if transB {
                for j in 0..<n { row[j] = b[j * ldb + p] }
            } else {
                row.update(from: b + p * ldb, count: n)
            }
            for j in n..<width { row[j] = 0 }
        }
        panel.run(UnsafePointer(packed), width)
    }
}

/// One product's operands, with B read as rows of a `[k, ≥n]` panel (see `fixedOrderKernel`).
struct FixedOrderPanel<V: FusedMultiplyAddVector> {
    let m: Int, n: Int, k: Int, alpha: Float, beta: Float
    let a: UnsafePointer<Float>, rowStride: Int, depthStride: Int
    let c: UnsafeMutablePointer<Float>, ldc: Int
    /// Added to every row of C (`n` values), after `alpha·acc` (and `beta·c`).
    let bias: UnsafePointer<Float>?
    /// Vectors per row of a six-row tile: 1, 2 or 4 (B's panel is then a whole number of such
    /// groups wide).
    let vectors: Int

    @inline(__always)
    func run(_ b: UnsafePointer<Float>, _ ldb: Int) {
        let lanes = V.scalarCount
        var i = 0
        while i + 6 <= m {
            var j = 0
            if vectors == 4 {
                while j < n { sixRowsFour(i, j, b, ldb); j += 4 * lanes }
            } else if vectors == 2 {
                while j < n { sixRowsWide(i, j, b, ldb); j += 2 * lanes }
            } else {
                while j < n { sixRows(i, j, b, ldb); j += lanes }
            }
            i += 6
        }
        if i + 4 <= m {
            var j = 0
            while j < n { fourRows(i, j, b, ldb); j += lanes }
            i += 4
        }
        while i < m {
            var j = 0
            while j < n { oneRow(i, j, b, ldb); j += lanes }
            i += 1
        }
    }

    /// Rows i…i+5, columns j…j+lanes−1 (of which those below n are written): twelve
    /// accumulator registers, the most that leaves room for a row of B and a broadcast.
    @inline(__always)
    private func sixRows(_ i: Int, _ j: Int, _ b: UnsafePointer<Float>, _ ldb: Int) {
        let a0 = a + i * rowStride, a1 = a0 + rowStride, a2 = a1 + rowStride
        let a3 = a2 + rowStride, a4 = a3 + rowStride, a5 = a4 + rowStride
        var c0 = V(), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0
        var bp = b + j, offset = 0
        for _ in 0..<k {
            let bv = load(bp)
            c0 = V.fused(c0, V(repeating: a0[offset]), bv)
            c1 = V.fused(c1, V(repeating: a1[offset]), bv)
            c2 = V.fused(c2, V(repeating: a2[offset]), bv)
            c3 = V.fused(c3, V(repeating: a3[offset]), bv)
            c4 = V.fused(c4, V(repeating: a4[offset]), bv)
            c5 = V.fused(c5, V(repeating: a5[offset]), bv)
            bp += ldb
            offset += depthStride
        }
        store(c0, i, j); store(c1, i + 1, j); store(c2, i + 2, j)
        store(c3, i + 3, j); store(c4, i + 4, j); store(c5, i + 5, j)
    }

    /// Rows i…i+5, columns j…j+2·lanes−1: twelve accumulator registers in the AVX-512 build
    /// (each row of B loaded once per six rows of twice the width), the same arithmetic per
    /// output as `sixRows`.
    @inline(__always)
    private func sixRowsWide(_ i: Int, _ j: Int, _ b: UnsafePointer<Float>, _ ldb: Int) {
        let a0 = a + i * rowStride, a1 = a0 + rowStride, a2 = a1 + rowStride
        let a3 = a2 + rowStride, a4 = a3 + rowStride, a5 = a4 + rowStride
        var c0 = V(), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0
        var d0 = c0, d1 = c0, d2 = c0, d3 = c0, d4 = c0, d5 = c0
        var bp = b + j, offset = 0
        let lanes = V.scalarCount
        for _ in 0..<k {
            let bv = load(bp), bw = load(bp + lanes)
            var x = V(repeating: a0[offset])
            c0 = V.fused(c0, x, bv); d0 = V.fused(d0, x, bw)
            x = V(repeating: a1[offset])
            c1 = V.fused(c1, x, bv); d1 = V.fused(d1, x, bw)
            x = V(repeating: a2[offset])
            c2 = V.fused(c2, x, bv); d2 = V.fused(d2, x, bw)
            x = V(repeating: a3[offset])
            c3 = V.fused(c3, x, bv); d3 = V.fused(d3, x, bw)
            x = V(repeating: a4[offset])
            c4 = V.fused(c4, x, bv); d4 = V.fused(d4, x, bw)
            x = V(repeating: a5[offset])
            c5 = V.fused(c5, x, bv); d5 = V.fused(d5, x, bw)
            bp += ldb
            offset += depthStride
        }
        store(c0, i, j); store(c1, i + 1, j); store(c2, i + 2, j)
        store(c3, i + 3, j); store(c4, i + 4, j); store(c5, i + 5, j)
        store(d0, i, j + lanes); store(d1, i + 1, j + lanes); store(d2, i + 2, j + lanes)
        store(d3, i + 3, j + lanes); store(d4, i + 4, j + lanes); store(d5, i + 5, j + lanes)
    }

    /// Rows i…i+5, columns j…j+4·lanes−1: 24 accumulator registers in the AVX-512 build (which
    /// has 32), so each broadcast of A feeds four multiply-adds; the same arithmetic per output
    /// as `sixRows`.
    @inline(__always)
    private func sixRowsFour(_ i: Int, _ j: Int, _ b: UnsafePointer<Float>, _ ldb: Int) {
        let a0 = a + i * rowStride, a1 = a0 + rowStride, a2 = a1 + rowStride
        let a3 = a2 + rowStride, a4 = a3 + rowStride, a5 = a4 + rowStride
        var c0 = V(), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0
        var d0 = c0, d1 = c0, d2 = c0, d3 = c0, d4 = c0, d5 = c0
        var e0 = c0, e1 = c0, e2 = c0, e3 = c0, e4 = c0, e5 = c0
        var f0 = c0, f1 = c0, f2 = c0, f3 = c0, f4 = c0, f5 = c0
        var bp = b + j, offset = 0
        let lanes = V.scalarCount
        for _ in 0..<k {
            let bv = load(bp), bw = load(bp + lanes), bx = load(bp + 2 * lanes), by = load(bp + 3 * lanes)
            var x = V(repeating: a0[offset])
            c0 = V.fused(c0, x, bv); d0 = V.fused(d0, x, bw); e0 = V.fused(e0, x, bx); f0 = V.fused(f0, x, by)
            x = V(repeating: a1[offset])
            c1 = V.fused(c1, x, bv); d1 = V.fused(d1, x, bw); e1 = V.fused(e1, x, bx); f1 = V.fused(f1, x, by)
            x = V(repeating: a2[offset])
            c2 = V.fused(c2, x, bv); d2 = V.fused(d2, x, bw); e2 = V.fused(e2, x, bx); f2 = V.fused(f2, x, by)
            x = V(repeating: a3[offset])
            c3 = V.fused(c3, x, bv); d3 = V.fused(d3, x, bw); e3 = V.fused(e3, x, bx); f3 = V.fused(f3, x, by)
            x = V(repeating: a4[offset])
            c4 = V.fused(c4, x, bv); d4 = V.fused(d4, x, bw); e4 = V.fused(e4, x, bx); f4 = V.fused(f4, x, by)
            x = V(repeating: a5[offset])
            c5 = V.fused(c5, x, bv); d5 = V.fused(d5, x, bw); e5 = V.fused(e5, x, bx); f5 = V.fused(f5, x, by)
            bp += ldb
            offset += depthStride
        }
        let j1 = j + lanes, j2 = j1 + lanes, j3 = j2 + lanes
        store(c0, i, j); store(c1, i + 1, j); store(c2, i + 2, j); store(c3, i + 3, j); store(c4, i + 4, j); store(c5, i + 5, j)
        store(d0, i, j1); store(d1, i + 1, j1); store(d2, i + 2, j1); store(d3, i + 3, j1); store(d4, i + 4, j1); store(d5, i + 5, j1)
        store(e0, i, j2); store(e1, i + 1, j2); store(e2, i + 2, j2); store(e3, i + 3, j2); store(e4, i + 4, j2); store(e5, i + 5, j2)
        store(f0, i, j3); store(f1, i + 1, j3); store(f2, i + 2, j3); store(f3, i + 3, j3); store(f4, i + 4, j3); store(f5, i + 5, j3)
    }

    /// Rows i…i+3, the same columns: the same arithmetic per output as `sixRows`.
    @inline(__always)
    private func fourRows(_ i: Int, _ j: Int, _ b: UnsafePointer<Float>, _ ldb: Int) {
        let a0 = a + i * rowStride, a1 = a0 + rowStride, a2 = a1 + rowStride, a3 = a2 + rowStride
        var c0 = V(), c1 = c0, c2 = c0, c3 = c0
        var bp = b + j, offset = 0
        for _ in 0..<k {
            let bv = load(bp)
            c0 = V.fused(c0, V(repeating: a0[offset]), bv)
            c1 = V.fused(c1, V(repeating: a1[offset]), bv)
            c2 = V.fused(c2, V(repeating: a2[offset]), bv)
            c3 = V.fused(c3, V(repeating: a3[offset]), bv)
            bp += ldb
            offset += depthStride
        }
        store(c0, i, j); store(c1, i + 1, j); store(c2, i + 2, j); store(c3, i + 3, j)
    }

    /// Row i, the same columns: the same arithmetic per output as `sixRows`.
    @inline(__always)
    private func oneRow(_ i: Int, _ j: Int, _ b: UnsafePointer<Float>, _ ldb: Int) {
        let a0 = a + i * rowStride
        var c0 = V()
        var bp = b + j, offset = 0
        for _ in 0..<k {
            c0 = V.fused(c0, V(repeating: a0[offset]), load(bp))
            bp += ldb
            offset += depthStride
        }
        store(c0, i, j)
    }

    /// `c = alpha·acc (+ beta·c) (+ bias)` for the columns of this tile that exist.
    @inline(__always)
    private func store(_ acc: V, _ i: Int, _ j: Int) {
        guard j < n else { return }
        let out = c + i * ldc + j
        var result = acc * V(repeating: alpha)
        if n - j >= V.scalarCount {
            if beta != 0 { result += V(repeating: beta) * load(UnsafePointer(out)) }
            if let bias { result += load(bias + j) }
            UnsafeMutableRawPointer(out).storeBytes(of: result, as: V.self)
        } else {
            for lane in 0..<(n - j) {
                var value = beta == 0 ? result[lane] : result[lane] + beta * out[lane]
                if let bias { value += bias[j + lane] }
                out[lane] = value
            }
        }
    }

    @inline(__always)
    private func load(_ p: UnsafePointer<Float>) -> V { UnsafeRawPointer(p).loadUnaligned(as: V.self) }
}

/// A vector of Floats with the kernel's one arithmetic step: `c + x·y` rounded once. Each build
/// gives its vector type this (`FusedMultiplyAdd.swift`, `BuildVectorAVX2.swift`,
/// `BuildVectorAVX512.swift`).
protocol FusedMultiplyAddVector: SIMD where Scalar == Float {
    static func fused(_ c: Self, _ x: Self, _ y: Self) -> Self
    /// Vectors per row of a six-row tile for a product n wide: 1, 2 or 4 (as many as the
    /// build's registers hold accumulators for).
    static func tileVectors(_ n: Int) -> Int
}
