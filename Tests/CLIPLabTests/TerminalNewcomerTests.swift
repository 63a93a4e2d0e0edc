import Foundation
import Testing
@testable import CLIPLab

extension InTerminal {
    /// What a newcomer sees in the REPL itself: `~` paths, progress while a preset's weights
    /// are drawn, rendered lesson headings, and the quit hint.
    @Suite("A newcomer's first hour in the REPL (tmux)")
    struct TerminalNewcomerTests {
        @Test("~ works in the REPL, lesson headings are bold and underlined, quit keeps the unsaved model")
        func tildeLessonAndQuit() throws {
            let term = try Tmux()
            defer { term.shutDown() }
            try term.waitFor("[1]> ")
            try FileManager.default.copyItem(at: Support.root.appendingPathComponent("Examples/images/cat.jpg"),
                                             to: URL(fileURLWithPath: term.home).appendingPathComponent("cat.jpg"))
            let shown = try term.ask("show ~/cat.jpg --width 16")
            #expect(!shown.contains("error"), "\(shown)")
            let lesson = try term.ask("lesson 1")
            #expect(!lesson.contains("# A sample lesson") && lesson.contains("A sample lesson"), "\(lesson)")
            _ = try term.ask("train --steps 2 --batch 4", timeout: 60)
            term.send("quit", "Enter")
            try term.waitForExit()
            #expect(term.screen().contains("'load toy --last' brings it back"))
        }

        @Test("load vit-b-32 shows progress while it draws 151M random weights")
        func presetProgress() throws {
            let term = try Tmux()
            defer { term.shutDown() }
            try term.waitFor("[1]> ")
            term.send("load vit-b-32", "Enter")
            try term.waitFor("drawing 151.3M random weights", timeout: 60)
            try term.waitFor("[2]> ", timeout: 180)
            let screen = term.screen()
            #expect(screen.contains("loaded ViT-B/32"))
            // The progress line is transient: it is gone once the model is there.
            #expect(!screen.contains("tensors"), "\(screen)")
        }
    }
}
