import Foundation

/// Which kernel computes a Float matrix product: the one place where the deterministic toy
/// path and the OpenBLAS full-size path part.
///
/// A product `[m, k]·[k, n]` runs in fixed order (`fixedOrderGemm`, same bits on every CPU
/// and thread count) when the middle one of m, n and k is at most `toyWidthLimit`, and in
/// OpenBLAS otherwise. A layer's three products — `x·Wᵀ`, `dY·W`, `dYᵀ·x` — have the
/// layer's two widths and the row count as their sizes, so the rule reads "both widths of the
/// weight are small, whatever the batch": every product of the toy model (widths 32–128,
/// MLP 128, patches of 192 values, 16–17 tokens), in training and evaluation, at any batch
/// size, is fixed-order; every weight product of a published CLIP (widths 512–1024) is
/// OpenBLAS's, and its per-head attention products (tokens × tokens × 64) are fixed-order,
/// where they are too small for BLAS to be faster.
///
/// The fixed-order kernel has three builds of one source (`FixedOrderKernel.swift`): baseline
/// x86-64 (SSE2), Haswell-class (AVX2, twice the width) and AVX-512 (the same width in one
/// register, twice the arithmetic per instruction). `fixedOrderBuild` picks the widest whose
/// instruction sets the CPU has; `CLIPLAB_FIXED_ORDER=sse2` or `=avx2` caps it. Every build
/// gives the same bits: the width only changes how many outputs are computed at once, never
/// the order of the additions inside one.
///
/// Example: `ProductKernel.choose(m: 1088, n: 192, k: 64) == .fixedOrder` (a toy layer at
/// batch 64), `ProductKernel.choose(m: 50, n: 2304, k: 768) == .openBLAS` (ViT-B/32's qkv).
public enum ProductKernel: String, Sendable {
    /// Swift kernels with a fixed order of accumulation (`FixedOrderProduct.swift`).
    case fixedOrder
    /// `cblas_sgemm`, whose summation order depends on the kernels OpenBLAS picked for the CPU.
    case openBLAS

    /// Widths up to this run in fixed order (see the type's doc).
    public static let toyWidthLimit = 256

    /// The builds of the fixed-order kernel.
    public enum Build: String, Sendable, CaseIterable {
        case sse2, avx2, avx512
    }

    /// The build of the fixed-order kernel this process uses (see the type's doc).
    public static let fixedOrderBuild: Build = {
        let cap = ProcessInfo.processInfo.environment["CLIPLAB_FIXED_ORDER"].flatMap { Build(rawValue: $0.lowercased()) }
        // What `-target-cpu haswell` and `-target-cpu skylake-avx512` let the compiler use in ordinary code.
        let haswell: Set<String> = ["avx", "avx2", "fma", "bmi1", "bmi2", "abm", "movbe", "f16c", "popcnt", "sse4_2"]
        let skylakeX = haswell.union(["avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"])
        let best: Build = skylakeX.isSubset(of: cpuFlags) ? .avx512 : haswell.isSubset(of: cpuFlags) ? .avx2 : .sse2
        guard let cap else { return best }
        return Build.allCases.firstIndex(of: cap)! < Build.allCases.firstIndex(of: best)! ? cap : best
    }()

    /// The flags of the first processor in /proc/cpuinfo (empty when it cannot be read). Linux
    /// lists AVX flags only when the kernel saves the AVX registers, so they are safe to use.
    static let cpuFlags: Set<String> = {
        guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let line = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") }),
              let list = line.split(separator: ":").last else { return [] }
        return Set(list.split(separator: " ").map(String.init))
    }()

    /// The kernel for a product with sizes m, n and k.
    @inline(__always)
    public static func choose(m: Int, n: Int, k: Int) -> ProductKernel {
        let middle = max(min(m, n), min(max(m, n), k))
        return middle <= toyWidthLimit ? .fixedOrder : .openBLAS
    }
}
