import Foundation
import Testing
@testable import CLIPLab

/// `check` grades what the learner ran after the exercise appeared, against the whole
/// exercise; the lesson engine speaks the session's language and renders lesson Markdown.
@Suite("Lesson grading and rendering")
struct LessonGradingTests {
    static let lessons = ["CLIPLAB_LESSONS": Support.root.appendingPathComponent("Lessons").path]

    /// `next`s from the first step of lesson 1 to its exercise.
    static func stepsToExercise(lang: String = "en") throws -> Int {
        let path = Support.root.appendingPathComponent("Lessons/\(lang)/01-why-clip.md").path
        let steps = LessonStep.steps(of: try NotebookIO.read(path))
        return try #require(steps.firstIndex { $0.cell?.isExercise == true })
    }

    static func script(_ before: [String], after: [String], lang: String = "en") throws -> Support.Run {
        let nexts = Array(repeating: "next", count: try stepsToExercise(lang: lang))
        let lines = (lang == "zh" ? ["set lang zh"] : []) + ["lesson 1"] + before + nexts + after + ["check"]
        return try Support.cli([], stdin: lines.joined(separator: "\n") + "\n", environment: lessons)
    }

    @Test("A command run before the exercise appeared does not pass its check")
    func earlierOutputDoesNotCount() throws {
        let run = try Self.script(["classify toy:beach --labels \"sea,desert,city\""], after: [])
        #expect(run.stdout.contains("✗ not yet: run the exercise first") && !run.stderr.contains("error:"), "\(run.stdout)")
        #expect(!run.stdout.contains("✓ solved"))
    }

    @Test("The right shape on the wrong image does not pass")
    func wrongImage() throws {
        let run = try Self.script([], after: ["classify toy:cat --labels \"sea,desert,city\""])
        #expect(run.stdout.contains("✗ not yet: keep toy:beach as the exercise has it"), "\(run.stdout)")
    }

    @Test("Leaving the blank unfilled does not pass")
    func blankLeft() throws {
        let run = try Self.script([], after: ["classify toy:beach --labels \"___\""])
        #expect(run.stdout.contains("✗ not yet:"), "\(run.stdout)")
        #expect(!run.stdout.contains("✓ solved"))
    }

    @Test("The exercise done as asked passes")
    func solved() throws {
        let run = try Self.script([], after: ["classify toy:beach --labels \"sea,desert,city\""])
        #expect(run.stdout.contains("✓ solved — press Enter or 'next' to go on"), "\(run.stdout)\n\(run.stderr)")
    }

    @Test("In 中文 mode the engine's messages are Chinese")
    func chineseMessages() throws {
        let wrong = try Self.script([], after: ["classify toy:cat --labels \"sea,desert,city\""], lang: "zh")
        #expect(wrong.stdout.contains("✗ 还没有：保留练习里的 toy:beach"), "\(wrong.stdout)")
        let right = try Self.script([], after: ["classify toy:beach --labels \"sea,desert,city\"", "solution"], lang: "zh")
        #expect(right.stdout.contains("参考答案：") && right.stdout.contains("✓ 完成"), "\(right.stdout)")
    }

    @Test("Every lesson's solution fits its exercise")
    func solutionsFitExercises() throws {
        for lang in ["en", "zh"] {
            let folder = Support.root.appendingPathComponent("Lessons/\(lang)")
            for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".md") {
                for cell in try NotebookIO.read(folder.appendingPathComponent(file).path).cells where cell.isExercise {
                    let problem = ExerciseTemplate.unmatched(cell.source, attempts: cell.solution ?? [])
                    #expect(problem == nil, "\(lang)/\(file): \(problem ?? "")")
                }
            }
        }
    }

    @Test("Lesson prose shows headings and emphasis without Markdown markers; bold and underline with colour")
    func renderedProse() throws {
        let plain = try Support.cli([], stdin: "lesson 1\n", environment: Self.lessons)
        #expect(!plain.stdout.contains("**") && !plain.stdout.split(separator: "\n").contains { $0.hasPrefix("# ") })
        #expect(!plain.stdout.contains("*closed-set*") && plain.stdout.contains("closed-set"))
        let colour = try Support.cli([], stdin: "set color on\nlesson 1\n", environment: Self.lessons)
        #expect(colour.stdout.contains("\u{1B}[1;4m") && colour.stdout.contains("\u{1B}[4m"))
        #expect(LessonMarkdown.render("# T\n\nA **b** and *c* but a*b and `x`", style: .plain) == "T\n\nA b and c but a*b and `x`")
    }
}
