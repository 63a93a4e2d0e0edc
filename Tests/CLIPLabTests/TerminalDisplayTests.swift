import Foundation
import Testing
@testable import CLIPLab

extension InTerminal {
    /// Odd terminals and no terminal at all: resized windows, `TERM=dumb`, output to files and pipes.
    @Suite("Narrow, wide, dumb and piped output (tmux)")
    struct TerminalDisplayTests {
        /// Lines of `text` wider than `columns` (characters; the drawings use single-width glyphs).
        static func overflowing(_ text: String, columns: Int) -> [Substring] {
            text.split(separator: "\n").filter { $0.count > columns }
        }

        @Test("Resized to 20 and to 300 columns, drawings follow the width, and `set width` wins over the window")
        func resize() throws {
            let (term, before) = try Tmux.withState()
            defer { term.shutDown() }
            for columns in [20, 300] {
                term.resize(columns: columns)
                #expect(try term.ask("set --json").contains("\"width\":\(columns)"))
                let model = try term.ask("model")
                #expect(model.contains("┌") && model.contains("image encoder"))
                #expect(Self.overflowing(model, columns: columns).isEmpty, "\(model)")
                let matrix = try term.ask("matrix")
                #expect(matrix.contains("images pick their own text") || matrix.contains("images pick\ntheir own text"))
                #expect(Self.overflowing(matrix, columns: columns).isEmpty, "\(matrix)")
                // Help re-wraps to the window: its words come back when the lines are joined.
                let help = try term.ask("help")
                #expect(help.components(separatedBy: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
                    .contains("Commands (help NAME for details"), "\(help)")
                #expect(Self.overflowing(help, columns: columns).isEmpty || columns == 20, "\(help)")
                #expect(try term.state() == before)
            }
            _ = try term.ask("set width 50")
            term.resize(columns: 120)
            #expect(try term.ask("set --json").contains("\"width\":50"))
            term.resize(columns: 20)
            let train = try term.ask("train --steps 5 --seed 3", timeout: 60)
            #expect(train.contains("trained 5 steps"))
            #expect(try term.ask("batch show --json") == before.batch)
            #expect(term.exitStatus() == nil)
        }

        @Test("TERM=dumb: no escape code reaches the terminal; completion, history and Ctrl-C still work")
        func dumbTerminal() throws {
            let raw = Support.temporaryDirectory().appendingPathComponent("raw.log")
            let (term, before) = try Tmux.withState(term: "dumb")
            defer { term.shutDown() }
            term.record(to: raw.path)
            let n = try term.cleanPrompt()
            term.send("toke", "Tab")
            try term.waitFor("[\(n)]> tokenize ")
            term.send("\"a cat\"", "Enter")
            try term.waitFor("\"a cat\" → 4 tokens")
            _ = try term.ask("train --steps 5 --seed 3", timeout: 60)
            _ = try term.ask("bench gemm --repeats 1", timeout: 60)
            _ = try term.ask("matrix")
            let m = try term.cleanPrompt()
            term.send("Up")
            try term.waitFor("[\(m)]> matrix")
            #expect(try term.ask("batch show --json") == before.batch)
            let bytes = try Data(contentsOf: raw)
            #expect(bytes.count > 1000)
            #expect(!bytes.contains(0x1B), "escape codes in a dumb terminal: \(String(decoding: bytes, as: UTF8.self).debugDescription.prefix(400))")
        }

        @Test("REPL with stdout to a file: prompts and echo stay on the terminal, the file gets plain output")
        func stdoutToFile() throws {
            let file = Support.temporaryDirectory().appendingPathComponent("out.txt")
            let term = try Tmux(redirect: "> \(file.path)")
            defer { term.shutDown() }
            try term.waitFor("[1]> ")
            #expect(term.screen().contains("Try first:"))
            term.send("batch toy 3 --seed 2", "Enter")
            try term.waitFor("[2]> ")
            term.send("train --steps 5 --seed 3", "Enter")
            try term.waitFor("[3]> ", timeout: 60)
            term.send("matrix", "Enter")
            try term.waitFor("[4]> ")
            term.send("quit", "Enter")
            try term.waitForExit()
            #expect(term.exitStatus() == "status 0")
            let out = try String(contentsOf: file, encoding: .utf8)
            #expect(out.contains("3 pairs: pair i is image i") && out.contains("trained 5 steps") && out.contains("images pick"))
            #expect(!out.contains("\u{1B}") && !out.contains("]> ") && !out.contains("Try first:"), "\(out.prefix(400))")
        }
    }
}

/// One-shot commands and scripts through pipes (no terminal anywhere).
@Suite("Output to a pipe")
struct PipeOutputTests {
    @Test("One-shot commands print no escape codes into a pipe even with a colour TERM; exit codes 0, 1, 2")
    func oneShot() throws {
        let colour = ["TERM": "xterm-256color", "COLORTERM": "truecolor"]
        let train = try Support.cli(["train", "--steps", "5", "--seed", "3"], environment: colour, unsetting: ["NO_COLOR"])
        #expect(train.status == 0 && train.stdout.contains("step 5/5") && !train.stdout.contains("\u{1B}"))
        let bench = try Support.cli(["bench", "gemm", "--repeats", "1"], environment: colour, unsetting: ["NO_COLOR"])
        #expect(bench.status == 0 && bench.stdout.contains("GFLOP/s") && !bench.stdout.contains("\u{1B}"))
        let empty = try Support.cli(["matrix"], environment: colour, unsetting: ["NO_COLOR"])
        #expect(empty.status == 1 && empty.stdout.isEmpty && empty.stderr.hasPrefix("error: the batch is empty"))
        let typo = try Support.cli(["modle"], environment: colour, unsetting: ["NO_COLOR"])
        #expect(typo.status == 2 && typo.stderr == "error: unknown command 'modle' — did you mean 'model'?\n")
    }

    @Test("A script on stdin: plain output, every line runs after a failure, status 1 if any failed, quit stops")
    func script() throws {
        let colour = ["TERM": "xterm-256color"]
        let lines = ["batch toy 3 --seed 2", "train --steps 5 --seed 3", "nonsense", "matrix", "quit", "model"]
        let run = try Support.cli([], stdin: lines.joined(separator: "\n") + "\n", environment: colour, unsetting: ["NO_COLOR"])
        #expect(run.status == 1)
        #expect(run.stdout.contains("3 pairs:") && run.stdout.contains("images pick") && !run.stdout.contains("\u{1B}"))
        #expect(run.stderr == "line 3: error: unknown command 'nonsense' — type 'help' for the list\n")
        #expect(!run.stdout.contains("image encoder"))   // `model` after `quit` never ran
        let clean = try Support.cli([], stdin: "batch toy 2\nbatch show --json\n", environment: colour, unsetting: ["NO_COLOR"])
        #expect(clean.status == 0 && clean.stdout.contains("[{\"image\":\"toy:"))
    }
}
