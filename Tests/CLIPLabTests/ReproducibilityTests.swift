import Foundation
import Testing

/// A seeded toy run is the same bits on any x86-64 CPU: whichever OpenBLAS kernels the CPU
/// would pick and however many threads run, the real binary trains to the same loss, the
/// same parameters and the same evaluation figures.
@Suite("seeded toy training is the same bits on any CPU", .serialized)
struct ReproducibilityTests {
    /// OpenBLAS kernel families and the CPU flags their instructions need (nil: leave it unset).
    static let coreTypes: [(name: String?, flags: Set<String>)] = [
        (nil, []), ("Prescott", ["pni"]), ("Sandybridge", ["avx"]), ("Haswell", ["avx2", "fma"]),
        ("Zen", ["avx2", "fma"]), ("SkylakeX", ["avx512f", "avx512bw", "avx512vl", "avx512dq", "avx512cd"]),
    ]

    /// The flags of the first processor in /proc/cpuinfo (empty where there is none).
    static let cpuFlags: Set<String> = {
        guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let line = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return [] }
        return Set(line.split(separator: ":").last.map { $0.split(separator: " ").map(String.init) } ?? [])
    }()

    /// Steps per child run: 200, or `CLIPLAB_REPRODUCIBILITY_STEPS` (the sanitizer run sets 20 — the
    /// same code paths, a tenth of the instrumented binary's time).
    static let steps = ProcessInfo.processInfo.environment["CLIPLAB_REPRODUCIBILITY_STEPS"].flatMap { Int($0) } ?? 200

    /// The figures that must agree to the bit, from one child `train --json` run.
    func figures(coreType: String?, threads: Int, kernelCap: String? = nil) throws -> [String: String] {
        var environment = ["CLIPLAB_THREADS": String(threads)]
        if let coreType { environment["OPENBLAS_CORETYPE"] = coreType }
        if let kernelCap { environment["CLIPLAB_FIXED_ORDER"] = kernelCap }
        let run = try Support.cli(["train", "--steps", String(Self.steps), "--seed", "1", "--batch", "16", "--json"],
                                  environment: environment, unsetting: coreType == nil ? ["OPENBLAS_CORETYPE"] : [])
        #expect(run.status == 0, "\(run.stderr)")
        let line = try #require(run.stdout.split(separator: "\n").last)
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        // Floats are printed in their shortest round-trip form, so equal text is equal bits.
        let fields = ["loss", "parameters_checksum", "zeroshot_top1_seen", "zeroshot_top1_unseen", "temperature", "steps"]
        return Dictionary(uniqueKeysWithValues: fields.map { key in (key, summary[key].map { "\($0)" } ?? "missing") })
    }

    @Test("Seeded steps give the same loss, parameters and eval under every OpenBLAS core type, every kernel build and 1 or 2 threads")
    func sameBitsEverywhere() throws {
        let runnable = Self.coreTypes.filter { $0.flags.isSubset(of: Self.cpuFlags) }
        let reference = try figures(coreType: nil, threads: 1)
        #expect(reference["parameters_checksum"]?.count == 16)
        #expect(reference["steps"] == String(Self.steps))
        for (coreType, _) in runnable {
            for threads in [1, 2] where !(coreType == nil && threads == 1) {
                let other = try figures(coreType: coreType, threads: threads)
                #expect(other == reference, "OPENBLAS_CORETYPE=\(coreType ?? "unset"), \(threads) threads")
            }
        }
        // The narrower builds of the fixed-order kernel, which CPUs without AVX-512 or AVX2 run.
        let narrower = Self.cpuFlags.contains("avx512f") ? ["sse2", "avx2"] : ["sse2"]
        for cap in narrower {
            for threads in [1, 2] {
                #expect(try figures(coreType: nil, threads: threads, kernelCap: cap) == reference,
                        "CLIPLAB_FIXED_ORDER=\(cap), \(threads) threads")
            }
        }
    }
}
