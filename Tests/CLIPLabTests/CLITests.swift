import Foundation
import Testing
@testable import CLIPLab

/// Drives the built binary: one-shot use, piped scripts, exit codes and stderr.
@Suite("The cliplab binary", .serialized)
struct CLITests {
    @Test("One-shot commands exit 0 and print to stdout", arguments: [
        (["version"], "cliplab \(CLIPLabMain.version)\n"),
        (["--version"], "cliplab \(CLIPLabMain.version)\n"),
        (["set", "width", "100"], "width = 100\n"),
    ])
    func oneShotSuccess(arguments: [String], stdout: String) throws {
        let run = try Support.cli(arguments)
        #expect(run.status == 0 && run.stdout == stdout && run.stderr.isEmpty)
    }

    @Test("One-shot mistakes exit non-zero with one error line on stderr", arguments: [
        (["tokenise"], 2, "error: unknown command 'tokenise'"),
        (["hepl"], 2, "error: unknown command 'hepl' — did you mean 'help'?"),
        (["set", "width", "5"], 2, "error: width cannot be '5'"),
        (["set", "--nope"], 2, "error: unknown option '--nope'"),
        (["save"], 2, "error: missing FILE — usage: save"),
        (["lesson", "run", "/no/such/file.md"], 1, "error: /no/such/file.md: no such file"),
        (["check"], 1, "error: no lesson open"),
    ])
    func oneShotFailure(arguments: [String], status: Int32, stderr: String) throws {
        let run = try Support.cli(arguments)
        #expect(run.status == status)
        #expect(run.stderr.hasPrefix(stderr), "\(run.stderr)")
        #expect(run.stderr.filter { $0 == "\n" }.count == 1)
        #expect(run.stdout.isEmpty)
    }

    @Test("help and --help print the generated help")
    func help() throws {
        let all = try Support.cli(["--help"])
        #expect(all.status == 0 && all.stdout.contains("Lessons") && all.stdout.contains("lesson "))
        let one = try Support.cli(["help", "set"])
        #expect(one.stdout.hasPrefix("usage: set [--json] [KEY] [VALUE]"))
    }

    @Test("A piped script runs in order without echo and skips comments")
    func script() throws {
        let run = try Support.cli([], stdin: "# settings\nset width 90\n\nset --json\nversion\n")
        #expect(run.status == 0 && run.stderr.isEmpty)
        #expect(run.stdout == "width = 90\n{\"color\":false,\"lang\":\"en\",\"width\":90,\"seed\":0,\"threads\":0}\ncliplab \(CLIPLabMain.version)\n")
    }

    @Test("A failing line makes the script exit non-zero but the rest still runs")
    func scriptFailure() throws {
        let run = try Support.cli([], stdin: "set width 90\nbogus\nset --json\n")
        #expect(run.status == 1)
        #expect(run.stderr == "line 2: error: unknown command 'bogus' — type 'help' for the list\n")
        #expect(run.stdout.contains("\"width\":90"))
    }

    @Test("quit in a script stops it with status 0")
    func quit() throws {
        let run = try Support.cli([], stdin: "version\nquit\nbogus\n")
        #expect(run.status == 0 && run.stderr.isEmpty)
    }

    @Test("--json output of every JSON command parses back", arguments: [
        "version --json", "set --json", "set seed 3 --json", "history --json", "lessons --json", "lesson check --json",
    ])
    func jsonParses(line: String) throws {
        let run = try Support.cli([], stdin: "set width 70\n" + line + "\n")
        #expect(run.status == 0, "\(run.stderr)")
        let last = run.stdout.split(separator: "\n").last.map(String.init) ?? ""
        #expect(JSONValue.parse(last) != nil, "not JSON: \(last)")
    }

    @Test("A 1 MB line and control characters on stdin end in an error, not a crash")
    func hostile() throws {
        let big = String(repeating: "tokenize\u{01}\u{1B}[2J ", count: 1 << 16)
        let run = try Support.cli([], stdin: big + "\n\u{00}\u{7F}\nversion\n")
        #expect(run.status == 1)
        #expect(run.stdout.contains("cliplab \(CLIPLabMain.version)"))
        #expect(run.stderr.split(separator: "\n").allSatisfy { $0.hasPrefix("line ") && $0.contains(": error: ") && $0.count < 300 })
    }

    @Test("lesson run writes the executed notebook and lesson check compares it")
    func lessonRun() throws {
        let out = Support.temporaryDirectory().appendingPathComponent("out.md").path
        let lesson = Support.fixtures.appendingPathComponent("en/01-sample.md").path
        let run = try Support.cli(["lesson", "run", lesson, "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try String(contentsOfFile: out, encoding: .utf8) == String(contentsOfFile: lesson, encoding: .utf8))
        let check = try Support.cli(["lesson", "check"])
        #expect(check.status == 0 && check.stdout.contains("✓ zh/01-sample.md"), "\(check.stdout)\(check.stderr)")
    }
}
