import CLIPViz
import Foundation
import Testing
@testable import CLIPLab

extension InTerminal {
    /// Learning at the terminal: lesson text that fits the window, lessons that build the
    /// state they describe, and the learner's own work kept.
    @Suite("Lessons at the terminal (tmux)")
    struct TerminalLessonTests {
        static let lessons = Support.root.appendingPathComponent("Lessons").path

        /// Every word of every step's prose, unwrapped (Latin words; CJK text is split per character).
        static func sourceWords(_ file: String) throws -> Set<String> {
            let notebook = try NotebookIO.read(lessons + "/" + file)
            var words = Set<String>()
            for step in LessonStep.steps(of: notebook) {
                words.formUnion(tokens(LessonMarkdown.render(step.prose, style: .plain, width: 100_000)))
            }
            return words
        }

        /// Words of `text` between spaces, with CJK characters as separators.
        static func tokens(_ text: String) -> [String] {
            text.split { $0.isWhitespace || ProseWrap.isCJK($0) }.map(String.init)
        }

        /// The prose lines of a shown step: after the title rule, before the cell.
        static func proseLines(_ output: String) -> [String] {
            var lines: [String] = []
            var inProse = false, inFence = false
            for line in output.components(separatedBy: "\n") {
                if line.hasPrefix("── ") { inProse = true; continue }
                if line.hasPrefix("  ▶") || line.hasPrefix("  ✎") || line.hasPrefix("  End of") || line.hasPrefix("  本课结束") { break }
                guard inProse else { continue }
                if line.hasPrefix("```") { inFence.toggle(); continue }
                if inFence || line.hasPrefix("|") || line.hasPrefix("    ") || line.hasSuffix("…") { continue }
                lines.append(line)
            }
            return lines
        }

        @Test("Lesson prose fits 60, 80 and 120 columns: no word split across lines, no line starting with a closing mark",
              arguments: [60, 80, 120])
        func proseFits(columns: Int) throws {
            let term = try Tmux(columns: columns, rows: 60, lessons: Self.lessons)
            defer { term.shutDown() }
            try term.waitFor("[1]> ")
            for (lang, file, lesson) in [("en", "01-why-clip.md", "1"), ("en", "02-two-encoders.md", "2"), ("zh", "03-tokens.md", "3")] {
                _ = try term.ask("set lang \(lang)")
                let known = try Self.sourceWords("\(lang)/\(file)")
                var shown = [try term.ask("lesson \(lesson)")]
                for _ in 0..<3 { shown.append(try term.ask("next")) }
                var checked = 0
                for output in shown {
                    for line in Self.proseLines(output) {
                        #expect(DisplayWidth.of(line) <= columns, "\(lang)/\(file) at \(columns): too wide: \(line)")
                        if let first = line.first {
                            #expect(!ProseWrap.closing.contains(first), "\(lang)/\(file) at \(columns): starts with \(first): \(line)")
                        }
                        if let last = line.last {
                            #expect(!ProseWrap.opening.contains(last), "\(lang)/\(file) at \(columns): ends with \(last): \(line)")
                        }
                        for word in Self.tokens(line) {
                            #expect(known.contains(word), "\(lang)/\(file) at \(columns): '\(word)' is not a word of the lesson: \(line)")
                            checked += 1
                        }
                    }
                }
                #expect(checked > 50, "\(lang)/\(file): only \(checked) words were on screen")
            }
        }

        @Test("After 'train', lesson 1 shows the fresh toy it promises; the trained model comes back with 'load toy --previous'")
        func lessonBuildsItsState() throws {
            let term = try Tmux(columns: 100, rows: 60, lessons: Self.lessons)
            defer { term.shutDown() }
            try term.waitFor("[1]> ")
            _ = try term.ask("train --steps 100 --seed 3", timeout: 180)
            let opened = try term.ask("lesson 1")
            #expect(opened.contains("Set up for this lesson: a fresh untrained toy model (seed 0)"), "\(opened)")
            #expect(opened.contains("your own model is kept ('load toy --previous')"), "\(opened)")
            let step2 = try term.ask("next")
            #expect(step2.contains("▶ model"), "\(step2)")
            // An empty Enter runs the cell shown; then one line says what Enter does next.
            let n = try term.cleanPrompt()
            term.send("Enter")
            try term.waitFor("[\(n + 1)]> ", timeout: 30)
            let screen = term.screen()
            #expect(screen.contains("random weights (seed 0) — untrained"), "\(screen.suffix(2000))")
            #expect(screen.contains("Enter goes to the next step"), "\(screen.suffix(2000))")
            var ended = ""
            for _ in 0..<20 {
                let out = try term.ask("next", timeout: 60)
                if out.contains("This is the last step") { ended = out; break }
            }
            #expect(ended.contains("your own model is back as 'load toy --previous'"), "\(ended)")
            let back = try term.ask("load toy --previous")
            #expect(back.contains("trained here: 100 steps, seed 3"), "\(back)")
            let list = try term.ask("lessons")
            #expect(list.contains("Why CLIP") && list.split(separator: "\n").first { $0.contains("Why CLIP") }?.contains("✓ done") == true, "\(list)")
        }

        @Test("Ctrl-C during a long train keeps the model it replaces, and Tab completes ~ paths")
        func interruptedTrainKeepsThePrevious() throws {
            let term = try Tmux(columns: 110)
            defer { term.shutDown() }
            try term.waitFor("[1]> ")
            _ = try term.ask("train --steps 20 --seed 3", timeout: 120)
            let n = try term.cleanPrompt()
            term.send("train --steps 100000", "Enter")
            Thread.sleep(forTimeInterval: 5)
            term.send("C-c")
            try term.waitFor("[\(n + 1)]> ", timeout: 60)
            let said = Tmux.output(of: "train --steps 100000", at: n, in: term.screen())
            #expect(said.contains("'load toy --previous' brings it back"), "\(said)")
            let back = try term.ask("load toy --previous")
            #expect(back.contains("trained here: 20 steps, seed 3"), "\(back)")
            let model = try term.ask("model --json")
            #expect(model.contains("trained here: 20 steps, seed 3"), "\(model)")

            try FileManager.default.copyItem(at: Support.root.appendingPathComponent("Examples/images/cat.jpg"),
                                             to: URL(fileURLWithPath: term.home).appendingPathComponent("cat.jpg"))
            _ = try term.cleanPrompt()
            term.send("show ~/ca", "Tab")
            try term.waitFor("show ~/cat.jpg", timeout: 10)
        }
    }
}
