/// CLIPCore's kernels compiled for AVX-512 CPUs (Skylake-SP and later, Zen 4): this module holds
/// links to CLIPCore's `FixedOrderKernel.swift`, `ElementwiseKernels.swift` and
/// `BuildKernels.swift`, and this file: 16 Floats per vector in one 512-bit register, one
/// `vfmadd` per multiply-add, and up to four vectors per row of a product tile (AVX-512 has 32
/// registers). CLIPCore calls it only when the CPU has AVX-512 (`ProductKernel.fixedOrderBuild`);
/// each output is the same bits as the baseline build's.
typealias BuildVector = SIMD16<Float>

extension SIMD16<Float>: FusedMultiplyAddVector {
    /// One `vfmadd` per register.
    @inline(__always)
    static func fused(_ c: Self, _ x: Self, _ y: Self) -> Self { c.addingProduct(x, y) }

    /// Up to four: 24 of the 32 registers accumulate when the product is wider than 32.
    @inline(__always)
    static func tileVectors(_ n: Int) -> Int { n > 32 ? 4 : n > 16 ? 2 : 1 }
}
