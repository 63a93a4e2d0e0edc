import Foundation

/// The BLAS ceiling `bench gemm` prints beside its own numbers: the C program
/// `Tests/Reference/gemm_reference.c`, which calls `cblas_sgemm` on the same shapes with
/// the same thread count and repeats and nothing of CLIPLab in between.
///
/// `make bench` compiles it with gcc to `gemm-reference` next to the `cliplab` binary;
/// `bench gemm --reference FILE` names another build.
/// Example: `try GemmReference.run(executable: url, threads: 2, repeats: 5).shapes[0].gflops`.
public enum GemmReference {
    public struct Result: Decodable, Sendable {
        public let threads: Int
        public let core: String
        public let shapes: [GemmBenchmark.Result]
    }

    /// Where `make bench` puts the compiled program: beside the running `cliplab`.
    public static var defaultExecutable: URL? {
        let path = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let candidate = path.deletingLastPathComponent().appendingPathComponent("gemm-reference")
        return FileManager.default.isExecutableFile(atPath: candidate.path) ? candidate : nil
    }

    /// Runs the program and decodes its one line of JSON; nil when it fails or prints something else.
    public static func run(executable: URL, threads: Int, repeats: Int) -> Result? {
        let process = Process()
        process.executableURL = executable
        process.arguments = [String(threads), String(repeats)]
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "OPENBLAS_NUM_THREADS")
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return try? JSONDecoder().decode(Result.self, from: data)
    }
}
