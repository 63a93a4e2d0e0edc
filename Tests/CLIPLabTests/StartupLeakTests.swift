import Foundation
import Testing

/// A cheap guard for `make test-sanitize`: the release binary's start-up paths under valgrind's
/// leak check, in every `make test`.
///
/// The command table is built from globals at start-up. A global that holds a heap value behind a
/// pointer Swift has tagged (the case number of an enum with several payload cases is kept in the
/// pointer's spare bits) looks unreachable to a leak checker, which only recognises plain
/// pointers: LeakSanitizer then fails every test that runs the instrumented binary. valgrind finds
/// the same blocks "definitely lost" in the ordinary release build, in a few seconds.
@Suite("Start-up leaks", .serialized,
       .enabled(if: Valgrind.path != nil, "valgrind is not installed — `make test` installs it"),
       .enabled(if: !Support.binary.path.contains(".build-asan") && !Support.binary.path.contains(".build-tsan"),
                "the sanitizer build checks leaks itself"))
struct StartupLeakTests {
    /// The release binary without its DWARF 5 debug information, which valgrind 3.19 cannot read.
    static let strippedBinary: URL? = {
        let copy = Support.temporaryDirectory().appendingPathComponent("cliplab")
        guard (try? FileManager.default.copyItem(at: Support.binary, to: copy)) != nil,
              (try? run("/usr/bin/strip", ["--strip-debug", copy.path]))?.status == 0 else { return nil }
        return copy
    }()

    static func run(_ tool: String, _ arguments: [String], stdin: String = "") throws -> Support.Run {
        var env = ProcessInfo.processInfo.environment
        env["HOME"] = Support.temporaryDirectory().path
        env["NO_COLOR"] = "1"
        env["CLIPLAB_SOURCES"] = Support.root.appendingPathComponent("Sources").path
        return try Support.run(URL(fileURLWithPath: tool), arguments, stdin: stdin, environment: env)
    }

    @Test("Start-up paths leave no block unreachable", arguments: [
        (["--help"], ""),
        (["help"], ""),
        (["tokenize", "a photo of a cat"], ""),
        ([], "help source\nsource\nhelp classify\nset width 70\nquit\n"),
    ])
    func noDefiniteLeaks(arguments: [String], script: String) throws {
        let valgrind = try #require(Valgrind.path)
        let binary = try #require(Self.strippedBinary, "could not copy and strip \(Support.binary.path)")
        let run = try Self.run(valgrind, ["--leak-check=full", "--errors-for-leak-kinds=definite", "--error-exitcode=97",
                                          "--show-leak-kinds=definite", binary.path] + arguments, stdin: script)
        let leaks = run.stderr.split(separator: "\n").filter { $0.contains("definitely lost") || $0.contains(" by 0x") }
        #expect(run.status != 97, "valgrind found blocks definitely lost:\n\(leaks.prefix(40).joined(separator: "\n"))")
        #expect(run.status == 0, "cliplab \(arguments) exited \(run.status): \(run.stderr.suffix(400))")
        #expect(run.stderr.contains("definitely lost: 0 bytes") || run.stderr.contains("All heap blocks were freed"),
                "no leak summary from valgrind: \(run.stderr.suffix(400))")
    }
}

/// Where valgrind is installed, if it is.
enum Valgrind {
    static let path: String? = ["/usr/bin/valgrind", "/usr/local/bin/valgrind"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }
}
