import CLIPKernelsAVX2
import CLIPKernelsAVX512
import Foundation
import Testing
@testable import CLIPCore

/// The deterministic toy path: the fixed-order products and the written-out elementary functions.
@Suite("Fixed-order products and FixedMath")
struct FixedOrderTests {
    /// `alpha·Σ_p a[i,p]·b[p,j] + beta·c`, summed p = 0, 1, … with one rounding per step (a fused
    /// multiply-add) — the order and the arithmetic the kernel promises.
    func reference(_ ta: Bool, _ tb: Bool, m: Int, n: Int, k: Int, alpha: Float, a: [Float], b: [Float],
                   beta: Float, c: [Float], bias: [Float]? = nil) -> [Float] {
        var out = c
        for i in 0..<m { for j in 0..<n {
            var acc: Float = 0
            for p in 0..<k { acc = acc.addingProduct(ta ? a[p * m + i] : a[i * k + p], tb ? b[j * k + p] : b[p * n + j]) }
            out[i * n + j] = beta == 0 ? alpha * acc : alpha * acc + beta * c[i * n + j]
            if let bias { out[i * n + j] += bias[j] }
        } }
        return out
    }

    @Test("the Double product gives the bits of a plain sum in order, in its 4×4 blocks and at their edges",
          arguments: [(1, 1, 1), (3, 5, 2), (4, 4, 7), (8, 12, 64), (9, 6, 33), (13, 24, 5), (600, 10, 64)])
    func doubleProductMatchesPlainSum(size: (Int, Int, Int)) {
        let (m, n, k) = size
        var rng = RNG(seed: UInt64(m * 10_000 + n * 100 + k))
        let a = (0..<(m * k)).map { _ in Double(rng.normal()) / 3 }, b = (0..<(k * n)).map { _ in Double(rng.normal()) * 7 }
        let c = (0..<(m * n)).map { _ in Double(rng.normal()) }
        for (ta, tb) in [(false, false), (false, true), (true, false), (true, true)] {
            for beta in [0.0, 1, -0.5] {
                var expected = c
                for i in 0..<m { for j in 0..<n {
                    var acc = 0.0
                    for p in 0..<k { acc += (ta ? a[p * m + i] : a[i * k + p]) * (tb ? b[j * k + p] : b[p * n + j]) }
                    expected[i * n + j] = beta == 0 ? acc : acc + beta * c[i * n + j]
                } }
                var out = c
                out.withUnsafeMutableBufferPointer { fixedOrderProduct(ta, tb, m: m, n: n, k: k, a, b, beta: beta, $0.baseAddress!) }
                #expect(out.map(\.bitPattern) == expected.map(\.bitPattern), "\(m)×\(n)×\(k) transA \(ta) transB \(tb) beta \(beta)")
            }
        }
    }

    @Test("every kernel build the CPU runs gives the bits of a plain sum in order, for every transpose, odd sizes, alpha and beta",
          arguments: [(1, 1, 1), (7, 5, 3), (17, 17, 16), (13, 33, 9), (6, 16, 64), (25, 40, 70), (19, 64, 11), (8, 96, 130)])
    func kernelBuildsMatchPlainSum(size: (Int, Int, Int)) {
        let (m, n, k) = size
        var rng = RNG(seed: UInt64(m * 10_000 + n * 100 + k))
        let a = (0..<(m * k)).map { _ in rng.normal() }, b = (0..<(k * n)).map { _ in rng.normal() }
        let c = (0..<(m * n)).map { _ in rng.normal() }
        let bias = (0..<n).map { _ in rng.normal() * 4 }
        for (ta, tb) in [(false, false), (false, true), (true, false), (true, true)] {
            for (alpha, beta, withBias) in [(Float(1), Float(0), false), (0.25, 1, false), (-1.5, 0.5, false), (1, 0, true), (0.5, 0, true)] {
                let b0 = withBias ? bias : nil
                let expected = reference(ta, tb, m: m, n: n, k: k, alpha: alpha, a: a, b: b, beta: beta, c: c, bias: b0)
                let lda = ta ? m : k, ldb = tb ? k : n
                let label = "\(ta) \(tb) alpha \(alpha) beta \(beta) bias \(withBias)"
                var narrow = c
                Tensor.read(withBias ? Tensor(shape: [n], data: bias) : nil) { biasPointer in
                    fixedOrderKernel(SIMD8<Float>.self, ta, tb, m: m, n: n, k: k, alpha: alpha, a, lda: lda, b, ldb: ldb,
                                     beta: beta, &narrow, ldc: n, bias: biasPointer)
                }
                #expect(narrow.map(\.bitPattern) == expected.map(\.bitPattern), "SSE2 build, \(label)")
                let builds = ProductKernel.Build.allCases
                for build in builds.prefix(through: builds.firstIndex(of: ProductKernel.fixedOrderBuild)!).dropFirst() {
                    var wide = c
                    Tensor.read(withBias ? Tensor(shape: [n], data: bias) : nil) { biasPointer in
                        if build == .avx2 {
                            CLIPKernelsAVX2.BuildKernels.gemm(ta, tb, m: m, n: n, k: k, alpha: alpha, a, lda: lda, b, ldb: ldb, beta: beta, &wide,
                                               ldc: n, bias: biasPointer)
                        } else {
                            CLIPKernelsAVX512.BuildKernels.gemm(ta, tb, m: m, n: n, k: k, alpha: alpha, a, lda: lda, b, ldb: ldb, beta: beta, &wide,
                                                 ldc: n, bias: biasPointer)
                        }
                    }
                    #expect(wide.map(\.bitPattern) == expected.map(\.bitPattern), "\(build) build, \(label)")
                }
            }
        }
    }

    @Test("the baseline build's multiply-add rounds once, like the FMA instruction: halfway cases, cancellation, subnormals, infinities")
    func emulatedFusedMultiplyAdd() {
        var cases: [(c: Float, x: Float, y: Float)] = [
            (-1, 1 + 0x1p-12, 1 + 0x1p-12),                    // the doc's example: 2⁻¹¹ + 2⁻²⁴
            (0x1p30 + 0x1p7, 8 * (1 + 0x1p-23), 8 * (1 - 0x1p-23)),   // the Double sum is a halfway point; the exact one is below it
            (-0.0, 0, 1), (-0.0, -0.0, 1), (0, -0.0, 0), (.greatestFiniteMagnitude, 2, 1), (-.infinity, 1, 1),
            (.infinity, -.infinity, 0), (.nan, 1, 1), (1, .infinity, 0), (0x1p-149, 0x1p-75, 0x1p-75),
            (-0x1p-149, 0x1p-75, 0x1p-74), (0x1p-126, -0x1p-63, 0x1p-63 * (1 + 0x1p-23)),
        ]
        var rng = RNG(seed: 24)
        func power(_ e: Int) -> Float { Float(sign: .plus, exponent: e, significand: 1) }
        func sign() -> Float { rng.int(below: 2) == 0 ? 1 : -1 }
        for _ in 0..<100_000 {
            // Products just off a halfway point of c's grid, from normal range down to subnormals.
            let g = rng.int(below: 250) - 150, a = rng.int(below: 20) - 10, i = Float(1 + rng.int(below: 2048))
            let x = sign() * power(a) * (1 + i * 0x1p-23), y = power(g - a) * (1 + (rng.int(below: 2) == 0 ? -i : i) * 0x1p-23)
            let c = sign() * power(min(g + 24, 127)) * (1 + Float(rng.int(below: 1 << 23)) * 0x1p-23)
            cases.append((c, x, y))
            // And anything: wide exponents, cancellation.
            let u = rng.normal() * power(rng.int(below: 80) - 40), v = rng.normal() * power(rng.int(below: 80) - 40)
            cases.append((rng.int(below: 4) == 0 ? -(u * v) : rng.normal() * power(rng.int(below: 100) - 50), u, v))
        }
        var wrong = 0, firstWrong = ""
        for start in stride(from: 0, to: cases.count, by: 4) {
            let chunk = (0..<4).map { cases[min(start + $0, cases.count - 1)] }
            let got = fusedMultiplyAdd(c: SIMD4(chunk.map(\.c)), x: SIMD4(chunk.map(\.x)), y: SIMD4(chunk.map(\.y)))
            for (lane, (c, x, y)) in chunk.enumerated() {
                let want = c.addingProduct(x, y)
                if want.bitPattern != got[lane].bitPattern && !(want.isNaN && got[lane].isNaN) {
                    wrong += 1
                    if firstWrong.isEmpty { firstWrong = "\(c) + \(x)·\(y): \(got[lane]), not \(want)" }
                }
            }
        }
        #expect(wrong == 0, "\(wrong) of \(cases.count) wrong, e.g. \(firstWrong)")
        // A multiply rounded before the add gets the doc's example wrong: the test can tell them apart.
        #expect((1 + 0x1p-12 as Float) * (1 + 0x1p-12) - 1 == 0x1p-11)
        #expect(fusedMultiplyAdd(c: SIMD4(repeating: -1), x: SIMD4(repeating: 1 + 0x1p-12), y: SIMD4(repeating: 1 + 0x1p-12))
                == SIMD4(repeating: 0x1p-11 + 0x1p-24))
    }

    @Test("a toy-sized product gives the same bits on one thread as on two")
    func threadsDoNotChangeBits() {
        var rng = RNG(seed: 3)
        let x = Tensor(shape: [1088, 64], data: (0..<(1088 * 64)).map { _ in rng.normal() })
        let w = Tensor(shape: [192, 64], data: (0..<(192 * 64)).map { _ in rng.normal() })
        #expect(ProductKernel.choose(m: 1088, n: 192, k: 64) == .fixedOrder)
        Threads.configure(1)
        let one = x.matmul(w, transposeOther: true).data
        Threads.configure(2)
        let two = x.matmul(w, transposeOther: true).data
        Threads.configure(nil)
        #expect(one.map(\.bitPattern) == two.map(\.bitPattern))
    }

    @Test("the boundary: toy layers at any batch are fixed-order, a published model's weight products are OpenBLAS's")
    func boundary() {
        #expect(ProductKernel.choose(m: 64 * 17, n: 64, k: 128) == .fixedOrder)
        #expect(ProductKernel.choose(m: 128, n: 64, k: 4096 * 17) == .fixedOrder)   // dW at batch 4096
        #expect(ProductKernel.choose(m: 50, n: 50, k: 64) == .fixedOrder)           // one attention head
        #expect(ProductKernel.choose(m: 50, n: 2304, k: 768) == .openBLAS)          // ViT-B/32 qkv
        #expect(ProductKernel.choose(m: 77, n: 512, k: 512) == .openBLAS)           // text tower
        #expect(ProductKernel.choose(m: 768, n: 768, k: 400) == .openBLAS)          // its dW
    }

    @Test("FixedMath exp and log are within a few ulp of libm, with the special values right")
    func elementaryAccuracy() {
        var worstExp: Float = 0, worstLog: Float = 0
        for i in 0...100_000 {
            let x = -87 + Float(i) * (175 / 100_000)
            let exact = Foundation.exp(Double(x))
            worstExp = max(worstExp, Float(abs(Double(FixedMath.exp(x)) - exact) / exact))
            let y = Float(i + 1) * 1e-3
            worstLog = max(worstLog, Float(abs(Double(FixedMath.log(y)) - Foundation.log(Double(y)))))
        }
        #expect(worstExp < 3e-7 && worstLog < 1e-6, "exp \(worstExp), log \(worstLog)")
        #expect(FixedMath.log(Float(1)) == 0 && FixedMath.log(Float(0)) == -.infinity && FixedMath.log(Float(-1)).isNaN)
        #expect(FixedMath.exp(Float.nan).isNaN && FixedMath.exp(Float(100)) == .infinity && FixedMath.exp(-Float.infinity) == 0)
        #expect(abs(FixedMath.log(1e-40 as Float) - -92.103404) < 1e-4)   // subnormal input
        var worst = 0.0
        for i in 0...10_000 {
            let x = -700 + Double(i) * 0.14
            worst = max(worst, abs(FixedMath.exp(x) - Foundation.exp(x)) / Foundation.exp(x))
            let t = Double(i) / 10_001
            worst = max(worst, abs(FixedMath.cosTurns(t) - Foundation.cos(2 * Double.pi * t)))
            let y = Double(i + 1) * 0.37
            worst = max(worst, abs(FixedMath.log(y) - Foundation.log(y)) / max(1, abs(Foundation.log(y))))
        }
        #expect(worst < 1e-15, "worst Double error \(worst)")
        #expect(FixedMath.power(0.5, 3) == 0.125 && FixedMath.power(0.5, 0) == 1)
    }
}
