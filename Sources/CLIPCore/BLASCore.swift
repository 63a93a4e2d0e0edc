import CBLAS
import Foundation

/// Which OpenBLAS kernel family runs the matrix products, and the fix for an unknown CPU.
///
/// OpenBLAS 0.3.21 picks its kernels once at start-up from the CPU model number; a model it
/// does not know (recent Xeons in VMs report "Intel(R) Xeon(R) Processor") falls back to
/// the SSE3 `Prescott` kernels, several times slower than the AVX2/AVX-512 ones the CPU
/// has. When that happened and the user did not choose (`OPENBLAS_CORETYPE` unset),
/// `selectFastKernels()` re-runs OpenBLAS's own selection with `OPENBLAS_CORETYPE` set from
/// the CPU flags (`SkylakeX` with AVX-512, `Haswell` with AVX2+FMA). It runs once, before
/// the first product (`gemm` calls it), through OpenBLAS's exported
/// `gotoblas_dynamic_quit`/`gotoblas_dynamic_init`; builds without them are left alone.
///
/// Example: `BLASCore.name  // "SkylakeX"` after the first matmul on such a machine.
public enum BLASCore {
    /// The kernel family OpenBLAS uses now, e.g. "Haswell" or "Prescott".
    public static var name: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }

    /// The kernel family chosen at start-up, before any switch.
    public static let startupName: String = name

    /// Switches away from the SSE3 fallback once, when it is safe and useful (see the type's doc).
    /// Returns the kernel family in use afterwards.
    @discardableResult
    public static func selectFastKernels() -> String { selected }

    private static let selected: String = {
        let before = startupName
        guard before.lowercased() == "prescott",
              ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] == nil,
              ProcessInfo.processInfo.environment["CLIPLAB_KEEP_BLAS_CORE"] == nil,
              let core = preferredCore(),
              let handle = dlopen(nil, RTLD_NOW),
              let quit = dlsym(handle, "gotoblas_dynamic_quit"),
              let initialise = dlsym(handle, "gotoblas_dynamic_init") else { return before }
        typealias CFunction = @convention(c) () -> Void
        setenv("OPENBLAS_CORETYPE", core, 1)
        unsafeBitCast(quit, to: CFunction.self)()
        unsafeBitCast(initialise, to: CFunction.self)()
        unsetenv("OPENBLAS_CORETYPE")
        return name
    }()

    /// The fastest kernel family the CPU flags allow, or nil when only SSE is there.
    public static func preferredCore() -> String? {
        guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let line = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return nil }
        let flags = Set(line.split(separator: " ").map(String.init))
        if flags.isSuperset(of: ["avx512f", "avx512bw", "avx512vl", "avx512dq"]) { return "SkylakeX" }
        if flags.isSuperset(of: ["avx2", "fma"]) { return "Haswell" }
        return nil
    }
}
