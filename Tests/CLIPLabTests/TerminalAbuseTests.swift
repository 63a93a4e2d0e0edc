import CLIPCore
import Foundation
import Testing
@testable import CLIPLab

extension InTerminal {
    /// Hostile typing, pasting, interrupting and resizing; after each, the REPL still answers
    /// `model` and `batch show` with the state it had.
    @Suite("Abuse in a terminal (tmux)")
    struct TerminalAbuseTests {
        @Test("Random keys — printable, control, escape sequences, invalid UTF-8, tabs — crash nothing and change nothing")
        func randomKeys() throws {
            let (term, before) = try Tmux.withState()
            defer { term.shutDown() }
            var rng = RNG(seed: 8)
            // Editing noise that never runs the line, then garbage lines that do run.
            for _ in 0..<60 { term.send(bytes: RandomKeys.editing(&rng)) }
            _ = try term.cleanPrompt()
            for _ in 0..<30 {
                term.send("C-c")
                term.send(bytes: RandomKeys.line(&rng))
                term.send("Enter")
            }
            let after = try term.state()
            #expect(after == before)
            #expect(term.exitStatus() == nil)
            #expect(!term.screen().contains("Fatal error"))
        }

        @Test("Ctrl-D deletes inside a line and leaves only on an empty one; Ctrl-Z with no shell to resume changes nothing")
        func ctrlDAndCtrlZ() throws {
            let (term, before) = try Tmux.withState()
            defer { term.shutDown() }
            // Ctrl-Z, like Ctrl-C, drops keys typed ahead: the line is typed after it.
            term.send("C-z")
            let n = try term.cleanPrompt()
            term.send("tokenize abc", "Left", "Left", "C-d")
            try term.waitFor("[\(n)]> tokenize ac")
            term.send("Enter")
            try term.waitFor("[\(n + 1)]> ")
            #expect(Tmux.output(of: "tokenize ac", at: n, in: term.screen()).hasPrefix("\"ac\" → "))
            #expect(try term.state() == before)
            term.send("C-d")
            try term.waitForExit()
            #expect(term.exitStatus() == "status 0")
        }

        @Test("Ctrl-Z under a job-control shell suspends; fg brings back the prompt, the half-typed line and the state",
              .enabled(if: FileManager.default.isExecutableFile(atPath: "/bin/bash"), "needs bash for job control"))
        func suspendAndResume() throws {
            let term = try Tmux(shell: "PS1='shell$ ' /bin/bash --norc --noprofile -i")
            defer { term.shutDown() }
            try term.waitFor("shell$ ")
            term.send(Support.binary.path, "Enter")
            try term.waitFor("[1]> ")
            term.send("batch toy 3 --seed 2", "Enter")
            try term.waitFor("[2]> ")
            term.send("tokenize half")
            try term.waitFor("[2]> tokenize half")
            term.send("C-z")
            try term.waitFor("Stopped")
            term.send("fg", "Enter")
            // Back in cliplab: the prompt and the line are drawn again and editing goes on.
            term.send(" typed", "Enter")
            try term.waitFor("[3]> ")
            let screen = term.screen()
            #expect(screen.contains("[2]> tokenize half typed"))
            #expect(screen.contains("\"half\" → 3 tokens") && screen.contains("\"typed\" → 3 tokens"))
            #expect(try term.ask("batch show --json").contains("\"toy:"))
            term.send("quit", "Enter")
            try term.waitFor("shell$ \n", timeout: 10)
        }

        @Test("A 1 MB paste on one line: one error line within seconds; a 256 kB caption is cut to 77 tokens; history and state unchanged")
        func megabytePaste() throws {
            let (term, before) = try Tmux.withState()
            defer { term.shutDown() }
            var n = try term.cleanPrompt()
            var started = Date()
            try term.paste(String(repeating: "x", count: 1 << 20))
            term.send("Enter")
            try term.waitFor("[\(n + 1)]> ", timeout: 60)
            print("cliplab: 1 MB paste answered in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
            #expect(term.screen().contains("error: unknown command '" + String(repeating: "x", count: 40) + "…' — type 'help' for the list"))

            n = try term.cleanPrompt()
            started = Date()
            try term.paste("tokenize \"" + String(repeating: "a photo of a cat ", count: (1 << 18) / 17) + "\"")
            term.send("Enter")
            try term.waitFor("[\(n + 1)]> ", timeout: 60)
            print("cliplab: 256 kB tokenize answered in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
            #expect(term.screen().contains("→ 77 tokens (cut to 77, <|endoftext|> kept last)"))

            #expect(try term.state() == before)
            let history = try Data(contentsOf: URL(fileURLWithPath: term.home + "/.cliplab_history"))
            #expect(history.count < 10_000)
        }

        /// Commands that run for seconds or more, with what Ctrl-C prints.
        static let longCommands: [String] = [
            "eval",
            "bench gemm --repeats 1000",
            "bench tokenize --megabytes 4000",
            "bench train --steps 10000",
            "bench model --model vit-l-14",
            "load vit-l-14",
            "classify toy:cat --model vit-l-14 --labels cat,dog",
            "eval zeroshot --model vit-l-14 --data .",
            "lesson run \(Support.root.path)/Lessons/en/07-train-live.md --out \(Support.temporaryDirectory().path)/07.md",
            "lesson check \(Support.root.path)/Lessons",
        ]

        @Test("Ctrl-C during every long command stops it within about a second, says so, and keeps the state")
        func interruptLongCommands() throws {
            let (term, before) = try Tmux.withState()
            defer { term.shutDown() }
            for command in Self.longCommands + ["step", "train --steps 5000"] {
                let n = try term.cleanPrompt()
                term.send(command, "Enter")
                try term.waitFor("[\(n)]> " + command)
                Thread.sleep(forTimeInterval: 0.4)    // let it get going
                let pressed = Date()
                term.send("C-c")
                try term.waitFor("[\(n + 1)]> ", timeout: 5)
                let seconds = Date().timeIntervalSince(pressed)
                print("cliplab: Ctrl-C stopped '\(command.prefix(40))' in \(String(format: "%.2f", seconds)) s")
                let said = Tmux.output(of: command, at: n, in: term.screen())
                let after = try term.state()
                if command == "step" {
                    // Waiting for Enter between stages: Ctrl-C ends the walk-through.
                    #expect(said.hasSuffix("stopped") && after == before, "\(said)")
                } else if command.hasPrefix("train") {
                    // Documented: train keeps the model trained so far.
                    #expect(said.contains("interrupted after") && said.contains("the model trained so far is kept"))
                    #expect(after.model.contains("\"origin\":\"trained here: ") && after.batch == before.batch)
                } else {
                    #expect(said.hasSuffix("error: interrupted"), "\(command): \(said)")
                    #expect(after == before, "\(command)")
                }
            }
        }
    }
}
