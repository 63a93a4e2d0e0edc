import Foundation
import Testing
@testable import CLIPLab

extension InTerminal {
    /// Drives the real binary in a real terminal: tmux runs it, `send-keys` types, `capture-pane` reads the screen.
    @Suite("End to end in a terminal (tmux)")
    struct TerminalTests {
        @Test("Start, help, Tab completion, tokenize, Ctrl-C during a command and at the prompt, quit")
        func session() throws {
            let term = try Tmux()
            defer { term.shutDown() }
            let started = Date()
            try term.waitFor("[1]> ")
            let toPrompt = Date().timeIntervalSince(started)
            print("cliplab: time from start to prompt \(String(format: "%.0f", toPrompt * 1000)) ms (tmux launch and 10 ms polling included)")
            #expect(term.screen().contains("Try first:"))

            term.send("help", "Enter")
            try term.waitFor("[2]> ")
            #expect(term.screen().contains("Commands (help NAME for details"))

            term.send("toke", "Tab")
            try term.waitFor("[2]> tokenize ")
            term.send("\"a photo of a cat\"", "Enter")
            try term.waitFor("[3]> ")
            let screen = term.screen()
            #expect(screen.contains("\"a photo of a cat\" → 7 tokens"))
            #expect(screen.contains("49406           320   1125      539    320   2368    49407"))

            term.send("set width 50", "Enter")
            try term.waitFor("[4]> ")
            term.send("bench tokenize --megabytes 4000", "Enter")
            Thread.sleep(forTimeInterval: 0.5)
            term.send("C-c")
            try term.waitFor("error: interrupted", timeout: 20)
            try term.waitFor("[5]> ")

            term.send("some half-typed line")
            try term.waitFor("some half-typed line")
            term.send("C-c")
            try term.waitFor("^C")
            term.send("set --json", "Enter")
            try term.waitFor("\"width\":50")
            #expect(!term.screen().contains("error: unknown command 'some"))

            term.send("quit", "Enter")
            try term.waitForExit()
            #expect(term.exitStatus() == "status 0")
            let history = try String(contentsOfFile: term.home + "/.cliplab_history", encoding: .utf8)
            #expect(history.contains("tokenize \"a photo of a cat\"") && history.contains("quit"))
        }

        @Test("A lesson in the terminal: lesson 1, Enter runs the cell, next, hint, progress saved; Ctrl-D leaves")
        func lesson() throws {
            let term = try Tmux()
            defer { term.shutDown() }
            try term.waitFor("[1]> ")
            term.send("lesson 1", "Enter")
            try term.waitFor("Lesson 1 · A sample lesson · 1/4")
            term.send("Enter")
            try term.waitFor("Enter runs: set --json")
            term.send("Enter")
            try term.waitFor("\"width\":60")
            term.send("next", "Enter")
            try term.waitFor("· 2/4")
            term.send("next", "Enter")
            try term.waitFor("✎ set seed ___")
            term.send("hint", "Enter")
            try term.waitFor("hint 1/2: The seed is a whole number")
            term.send("C-d")
            try term.waitForExit()
            #expect(term.exitStatus() == "status 0")
            let progress = LessonProgress.load(from: term.home + "/.cliplab/progress.json")
            #expect(progress.current == "sample" && progress.lessons["sample"]?.step == 2)
        }
    }
}
