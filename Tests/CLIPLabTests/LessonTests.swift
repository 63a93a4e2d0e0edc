import Foundation
import Testing
@testable import CLIPLab

@Suite("Lessons: catalog, runner, checker and the REPL engine")
struct LessonTests {
    @Test("The sample lesson is found with its front matter in both languages")
    func catalog() throws {
        let catalog = LessonCatalog(root: Support.fixtures.path)
        #expect(catalog.languages == ["en", "zh"])
        let en = try catalog.lessons(lang: "en")
        #expect(en.map(\.id) == ["sample"] && en[0].order == 1 && en[0].title == "A sample lesson")
        #expect(try catalog.find("1", lang: "zh").title == "示例课程")
        #expect(throws: LabError.self) { try catalog.find("smaple-x", lang: "en") }
    }

    @Test("Running the sample lesson reproduces its recorded outputs")
    func run() throws {
        let path = Support.fixtures.appendingPathComponent("en/01-sample.md").path
        let notebook = try NotebookIO.read(path)
        let (ran, problems) = try NotebookRunner().run(notebook)
        #expect(problems.isEmpty)
        #expect(NotebookRenderer.render(ran) == (try String(contentsOfFile: path, encoding: .utf8)))
    }

    @Test("lesson check passes on the fixtures and reports a changed output")
    func check() throws {
        let lab = Support.interpreter()
        let ok = lab.run(line: "lesson check \(Support.fixtures.path)")
        #expect(!ok.failed, "\(ok.output)")
        #expect(ok.output.contains("all 2 lessons match"))

        let dir = Support.temporaryDirectory()
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("en"), withIntermediateDirectories: true)
        var text = try String(contentsOf: Support.fixtures.appendingPathComponent("en/01-sample.md"), encoding: .utf8)
        text = text.replacingOccurrences(of: "\"width\":60", with: "\"width\":61")
        try text.write(to: dir.appendingPathComponent("en/01-sample.md"), atomically: true, encoding: .utf8)
        let bad = lab.run(line: "lesson check \(dir.path)")
        #expect(bad.failed)
        #expect(bad.output.contains("cell 1: line 2: expected"))
    }

    @Test("lesson check runs a lesson once when a translation records the same outputs, else runs the translation too")
    func sharedRun() throws {
        let lab = Support.interpreter()
        // The fixtures' zh lesson records "lang":"zh" from `set --json`: it differs, so it runs on its own.
        let separate = lab.run(line: "lesson check \(Support.fixtures.path)")
        #expect(separate.output.contains("✓ zh/01-sample.md (3 cells)\n"), "\(separate.output)")

        // A translation of the prose and hints alone shares the English run; run on its own it would print "lang":"zh".
        let dir = Support.temporaryDirectory()
        let english = try String(contentsOf: Support.fixtures.appendingPathComponent("en/01-sample.md"), encoding: .utf8)
        for (lang, text) in [("en", english), ("zh", english.replacingOccurrences(of: "The seed is a whole number.", with: "种子是一个整数。"))] {
            try FileManager.default.createDirectory(at: dir.appendingPathComponent(lang), withIntermediateDirectories: true)
            try text.write(to: dir.appendingPathComponent("\(lang)/01-sample.md"), atomically: true, encoding: .utf8)
        }
        let shared = lab.run(line: "lesson check \(dir.path)")
        #expect(!shared.failed && shared.output.contains("✓ zh/01-sample.md (3 cells, the run of en/01-sample.md)"), "\(shared.output)")

        // A changed output in either language is still found, in the language that recorded it.
        let stale = english.replacingOccurrences(of: "seed = 42", with: "seed = 43")
        try stale.write(to: dir.appendingPathComponent("zh/01-sample.md"), atomically: true, encoding: .utf8)
        let found = lab.run(line: "lesson check \(dir.path)")
        #expect(found.failed && found.output.contains("✗ zh/01-sample.md\n"), "\(found.output)")
        #expect(found.output.contains("✓ en/01-sample.md"), "\(found.output)")
    }

    @Test("lesson check finds lessons missing in one language")
    func parity() throws {
        let dir = Support.temporaryDirectory()
        for lang in ["en", "zh"] {
            try FileManager.default.createDirectory(at: dir.appendingPathComponent(lang), withIntermediateDirectories: true)
        }
        try "---\nid: only-en\n---\n".write(to: dir.appendingPathComponent("en/01.md"), atomically: true, encoding: .utf8)
        #expect(try LessonChecker.parityProblems(LessonCatalog(root: dir.path)) == ["lesson 'only-en' is in en/ but not in zh/"])
    }

    @Test("A lesson walks step by step with hint, check, solution and saved progress")
    func engine() throws {
        let lab = Support.interpreter()
        let progressPath = lab.context.progressPath!
        #expect(lab.run(line: "lesson 1").output.contains("Lesson 1 · A sample lesson · 1/4"))
        #expect(lab.context.session.lesson?.pending == ["set width 60", "set --json"])
        lab.run(line: "set width 60")
        #expect(lab.context.session.lesson?.pending == ["set --json"])
        #expect(lab.run(line: "next").output.contains("2/4"))
        #expect(lab.run(line: "next").output.contains("set seed ___"))
        #expect(lab.run(line: "solution").failed)
        let first = lab.run(line: "hint").output
        #expect(first.contains("hint 1/2: The seed is a whole number") && !first.contains("42"), "\(first)")
        let second = lab.run(line: "hint").output
        #expect(second.contains("hint 2/2:") && !second.contains("42"), "\(second)")
        lab.run(line: "set seed 41")
        let wrong = lab.run(line: "check")
        #expect(wrong.error == nil && wrong.output.contains("✗ not yet: your value is too low"), "\(wrong.output)")
        #expect(!wrong.output.contains("42") && !wrong.output.contains("41") && !wrong.output.contains("error"))
        #expect(lab.run(line: "solution").output.contains("set seed 42"))
        lab.run(line: "set seed 42")
        #expect(lab.run(line: "check").output.contains("solved"))
        #expect(lab.run(line: "back").output.contains("2/4"))
        let saved = LessonProgress.load(from: progressPath)
        #expect(saved.current == "sample" && saved.lessons["sample"]?.step == 1 && saved.lessons["sample"]?.solved == [2])
        #expect(try String(contentsOfFile: progressPath, encoding: .utf8).contains("don't edit"))
        // Resuming starts where the learner left.
        let again = Support.interpreter()
        again.context.progressPath = progressPath
        #expect(again.run(line: "lesson sample").output.contains("2/4"))
        #expect(again.run(line: "lessons --json").output.contains("\"step\":1"))
    }

    @Test("The language setting picks the lesson translation")
    func language() {
        let lab = Support.interpreter()
        lab.run(line: "set lang zh")
        #expect(lab.run(line: "lesson 1").output.contains("第 1 课 · 示例课程"))
    }

    @Test("Lesson commands without a lesson say how to start one", arguments: ["next", "back", "hint", "check", "solution"])
    func noLesson(command: String) {
        let lab = Support.interpreter()
        #expect(lab.run(line: command).error?.contains("lesson 1") == true)
    }
}
