import Foundation
@testable import CLIPLab

/// Paths and helpers shared by the CLIPLab tests.
enum Support {
    /// The package root, found from this file's path.
    static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = root.appendingPathComponent("Tests/Fixtures/lab")
    /// The `cliplab` built with these tests (next to the test bundle, so sanitizer builds in
    /// `.build-asan/` or `.build-tsan/` drive their own instrumented binary), else `.build/release/cliplab`.
    static let binary: URL = {
        let sibling = Bundle.main.executableURL?.deletingLastPathComponent().appendingPathComponent("cliplab")
        if let sibling, FileManager.default.isExecutableFile(atPath: sibling.path) { return sibling }
        return root.appendingPathComponent(".build/release/cliplab")
    }()

    /// Where tests that opt in keep toy runs: `make test`'s cache for this run
    /// (`CLIPLAB_TEST_TRAIN_CACHE`), which the lesson check and the Jupyter lessons share, else
    /// one under the build folder. Runs are keyed by the binary, so a rebuild never reads old ones.
    static let trainCache = ProcessInfo.processInfo.environment["CLIPLAB_TEST_TRAIN_CACHE"]
        ?? root.appendingPathComponent(".build/train-cache-tests").path

    /// An interpreter over a fresh session whose output is only recorded.
    static func interpreter(settings: Settings = NotebookRunner.fixedSettings) -> Interpreter {
        var context = Context(session: Session(settings: settings), console: .capturing())
        context.lessonRoot = fixtures.path
        context.progressPath = temporaryDirectory().appendingPathComponent("progress.json").path
        return Interpreter(context: context, reportError: { _ in })
    }

    /// A new empty directory.
    static func temporaryDirectory() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cliplab-tests-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs the built `cliplab` with arguments and stdin, HOME in a scratch folder
    /// (`NO_COLOR` set unless `unsetting` names it), in `directory` (default: the package root).
    /// A `CLIPLAB_TRAIN_CACHE` of the caller's is not passed on: a test that trains trains, unless
    /// it asks for a cache in `environment`.
    static func cli(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:],
                    unsetting: [String] = [], directory: URL? = nil) throws -> Run {
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw CLIMissing(path: binary.path)
        }
        var env = ProcessInfo.processInfo.environment
        env["HOME"] = temporaryDirectory().path
        env["CLIPLAB_LESSONS"] = fixtures.path
        env["NO_COLOR"] = "1"
        env["CLIPLAB_TRAIN_CACHE"] = nil
        for (k, v) in environment { env[k] = v }
        for k in unsetting { env[k] = nil }
        return try run(binary, arguments, stdin: stdin, environment: env, directory: directory ?? root)
    }

    /// Runs any program with exactly `environment`, feeding `stdin` while reading both outputs.
    static func run(_ executable: URL, _ arguments: [String], stdin: String? = nil, environment: [String: String],
                    directory: URL? = nil) throws -> Run {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        process.environment = environment
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Write stdin and read both outputs concurrently so large outputs cannot block.
        let data = Data((stdin ?? "").utf8)
        let writer = Thread { input.fileHandleForWriting.write(data); try? input.fileHandleForWriting.close() }
        writer.start()
        let errBox = Box()
        let errReader = Thread { errBox.put(errors.fileHandleForReading.readDataToEndOfFile()) }
        errReader.start()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
                   stderr: String(decoding: errBox.take(), as: UTF8.self))
    }

    /// Hands one `Data` from a reader thread to the caller; `take` waits until it is there.
    final class Box: @unchecked Sendable {
        private let condition = NSCondition()
        private var data: Data?

        func put(_ value: Data) {
            condition.lock()
            data = value
            condition.signal()
            condition.unlock()
        }

        func take() -> Data {
            condition.lock()
            defer { condition.unlock() }
            while true {
                if let data { return data }
                condition.wait()
            }
        }
    }

    struct CLIMissing: Error, CustomStringConvertible {
        var path: String
        var description: String { "\(path) is missing — build it first: swift build -c release" }
    }
}
