import CBLAS
import Foundation

/// Which kernel family OpenBLAS runs, and a faster one when it fell back to SSE3.
///
/// OpenBLAS picks its kernels once, when the library loads, from the CPU model — or from
/// `OPENBLAS_CORETYPE` when set. The 0.3.21 that Debian ships does not know recent Intel
/// models and falls back to its SSE3 `Prescott` kernels, several times slower than the
/// AVX-512 (`SkylakeX`) or AVX2 (`Haswell`) ones the CPU can run. `cliplab` re-launches
/// itself once with the better family in that case (never when the user chose one).
public enum BLASKernel {
    /// The kernel family OpenBLAS chose, e.g. `SkylakeX`, `Haswell`, `Prescott`.
    public static var coreName: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }

    /// The family to use instead of the SSE3 fallback on this CPU, or nil when OpenBLAS
    /// already runs a fitting kernel or the user set `OPENBLAS_CORETYPE`.
    public static func betterCoreType(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        guard environment["OPENBLAS_CORETYPE"] == nil, coreName.lowercased() == "prescott" else { return nil }
        guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let line = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return nil }
        let flags = Set(line.split(separator: " ").map(String.init))
        if flags.isSuperset(of: ["avx512f", "avx512bw", "avx512vl", "avx512dq"]) { return "SkylakeX" }
        if flags.isSuperset(of: ["avx2", "fma"]) { return "Haswell" }
        return nil
    }

    /// Re-executes this process with `OPENBLAS_CORETYPE` set to the better family, once.
    /// Returns only when no re-launch is needed or it failed (then the slow kernels run).
    public static func relaunchWithFastKernelIfNeeded() {
        let environment = ProcessInfo.processInfo.environment
        guard environment["CLIPLAB_BLAS_RELAUNCHED"] == nil, let core = betterCoreType(environment: environment) else { return }
        setenv("OPENBLAS_CORETYPE", core, 1)
        setenv("CLIPLAB_BLAS_RELAUNCHED", "1", 1)
        var argv = CommandLine.arguments.map { strdup($0) }
        argv.append(nil)
        execv("/proc/self/exe", argv)
        // execv only returns on failure: carry on with the kernels we have.
        unsetenv("OPENBLAS_CORETYPE")
    }
}
