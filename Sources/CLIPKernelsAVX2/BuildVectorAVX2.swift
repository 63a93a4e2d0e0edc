/// CLIPCore's kernels compiled for Haswell-class CPUs (AVX2 and FMA): this module holds links to
/// CLIPCore's `FixedOrderKernel.swift`, `ElementwiseKernels.swift` and `BuildKernels.swift`, and
/// this file: 16 Floats per vector in two 256-bit registers, one `vfmadd` per register and
/// multiply-add. CLIPCore calls it only when the CPU has AVX2 (`ProductKernel.fixedOrderBuild`);
/// each output is the same bits as the baseline build's.
typealias BuildVector = SIMD16<Float>

extension SIMD16<Float>: FusedMultiplyAddVector {
    /// One `vfmadd` per register.
    @inline(__always)
    static func fused(_ c: Self, _ x: Self, _ y: Self) -> Self { c.addingProduct(x, y) }

    /// One: with 16 registers, each SIMD16 taking two, there is no room for more accumulators.
    @inline(__always)
    static func tileVectors(_ n: Int) -> Int { 1 }
}
