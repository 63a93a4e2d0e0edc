import Foundation
import Testing
@testable import CLIPLab

/// The exercises where the learner writes the computation: each check grades a variable with
/// `grade` against the model's own value. In every lesson, in both languages, the solution
/// passes, and each plausible wrong answer the check names with `--not` fails with a message
/// that says what kind of wrong it is and never holds the expected value.
@Suite("Implement exercises: the solution passes, a wrong answer is named without the answer")
struct ImplementExerciseTests {
    static let root = Support.root.appendingPathComponent("Lessons")

    /// The lesson files (`en/06-loss-temperature.md`) with at least one exercise graded by `grade`.
    ///
    /// The English and Chinese lessons run identical cells (`LessonContentTests`), so the runs
    /// below go through the English ones and word each failure in both languages.
    static func gradedLessons(languages: [String] = ["en"]) -> [String] {
        var found: [String] = []
        for lang in languages {
            let folder = root.appendingPathComponent(lang)
            let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
            for file in files where file.hasSuffix(".md") {
                let cells = (try? NotebookIO.read(folder.appendingPathComponent(file).path).cells) ?? []
                if cells.contains(where: isGraded) { found.append("\(lang)/\(file)") }
            }
        }
        return found
    }

    static func isGraded(_ cell: NotebookCell) -> Bool {
        cell.isExercise && (cell.check ?? []).contains { gradeLine($0) }
    }

    static func gradeLine(_ line: String) -> Bool {
        line.trimmingCharacters(in: .whitespaces).hasPrefix("grade ")
    }

    /// A `grade` line taken apart: the graded name, the answer's expression and the named mistakes.
    struct Grading {
        var name: String
        var answer: String
        var mistakes: [(description: String, expression: String)]
    }

    static func grading(_ line: String) throws -> Grading {
        let words = try ShellWords.split(line)
        try #require(words.count >= 3 && words[0] == "grade", "not a grade line: \(line)")
        var mistakes: [(description: String, expression: String)] = []
        var index = 2
        var answer: [String] = []
        while index < words.count {
            let word = words[index]
            if word == "--" { answer = Array(words[(index + 1)...]); break }
            if word == "--not", index + 1 < words.count {
                let spec = words[index + 1]
                let colon = try #require(spec.firstIndex(of: ":"), "--not without DESCRIPTION: EXPR in \(line)")
                mistakes.append((String(spec[..<colon]).trimmingCharacters(in: .whitespaces),
                                 String(spec[spec.index(after: colon)...]).trimmingCharacters(in: .whitespaces)))
                index += 2
            } else if word == "--tolerance" {
                index += 2
            } else {
                answer.append(word)
                index += 1
            }
        }
        try #require(!answer.isEmpty, "a grade line without an answer: \(line)")
        return Grading(name: words[1], answer: answer.joined(separator: " "), mistakes: mistakes)
    }

    /// A fresh session in the state the lesson's front matter declares, as `lesson run` builds it.
    static func lab(for notebook: Notebook, lang: String) throws -> Interpreter {
        var settings = NotebookRunner.fixedSettings
        settings.lang = lang
        var context = Context(session: Session(settings: settings), console: .capturing())
        context.lessonRoot = root.path
        context.progressPath = Support.temporaryDirectory().appendingPathComponent("progress.json").path
        // Each distinct toy is trained once for the whole suite (the lessons share seeds and steps),
        // kept as the runs of the cliplab linked from the same build, so the lesson check reuses them.
        context.trainCacheFolder = Support.trainCache
        context.trainCacheProgram = Support.binary.path
        let setup = try LessonSetup(notebook)
        if !setup.isEmpty {
            _ = try setup.apply(in: &context, trainsFirst: LessonSetup.trains(notebook.cells.first))
        }
        return Interpreter(context: context, reportError: { _ in })
    }

    /// Runs the exercise's check on a copy of the session, as `lesson run` and `check` do:
    /// nil when it passes, else the error.
    static func check(_ cell: NotebookCell, in lab: Interpreter) -> (any Error)? {
        var probe = lab.context
        probe.console.beginCapture()
        defer { _ = probe.console.endCapture() }
        for line in cell.check ?? [] where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            do {
                _ = try Interpreter.execute(try ShellWords.split(line), in: &probe)
            } catch {
                return error
            }
        }
        return nil
    }

    /// The expected value's numbers as a learner would see them printed: three decimals, and a
    /// whole number as itself.
    static func printed(_ expression: String, in lab: Interpreter) throws -> [String] {
        let ran = lab.run(line: "print --json -- " + expression)
        try #require(ran.error == nil, "the answer \(expression) does not evaluate: \(ran.error ?? "")")
        let json = try #require(ran.output.split(separator: "\n").last { $0.hasPrefix("{") })
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8))
        let value = (object as? [String: Any])?["value"]
        var numbers: [Double] = []
        func flatten(_ any: Any?) {
            if let n = any as? NSNumber {
                numbers.append(n.doubleValue)
            } else if let list = any as? [Any] {
                for item in list { flatten(item) }
            }
        }
        flatten(value)
        try #require(!numbers.isEmpty, "no numbers in \(json)")
        return numbers.flatMap { n -> [String] in
            var forms = [String(format: "%.3f", n)]
            if n == n.rounded(), Swift.abs(n) < 1e6 { forms.append(String(Int(n))) }
            return forms
        }
    }

    @Test("Lessons 2–9 and 11 each have an exercise graded against the model's value, in both languages")
    func everyLessonBuildsSomething() throws {
        let graded = Self.gradedLessons(languages: ["en", "zh"])
        for lesson in ["02", "03", "04", "05", "06", "07", "08", "09", "11"] {
            for lang in ["en", "zh"] {
                #expect(graded.contains { $0.hasPrefix("\(lang)/\(lesson)-") }, "\(lang)/\(lesson) has no exercise graded with 'grade'")
            }
        }
    }

    @Test("The solution passes; each named wrong answer fails, is named, and never shows the expected value",
          arguments: gradedLessons())
    func solutionsAndMistakes(file: String) throws {
        let lang = String(file.prefix(2))
        let notebook = try NotebookIO.read(Self.root.appendingPathComponent(file).path)
        let lab = try Self.lab(for: notebook, lang: lang)
        var graded = 0
        for (index, cell) in notebook.cells.enumerated() where !cell.isSkipped {
            let name = "\(file) cell \(index + 1)"
            if Self.isGraded(cell) {
                graded += 1
                for line in (cell.check ?? []) where Self.gradeLine(line) {
                    let grading = try Self.grading(line)
                    #expect(!grading.mistakes.isEmpty, "\(name): the check names no plausible wrong answer with --not")
                    let expected = try Self.printed(grading.answer, in: lab)
                    for (order, mistake) in grading.mistakes.enumerated() {
                        let tried = lab.run(line: "\(grading.name) = \(mistake.expression)")
                        #expect(tried.error == nil, "\(name): the wrong answer \(mistake.expression) does not evaluate: \(tried.error ?? "")")
                        let error = try #require(Self.check(cell, in: lab), "\(name): the wrong answer \(mistake.expression) passes")
                        let message = LabError.line(for: error)
                        // Two mistakes that happen to be equal here are both told as the first one named.
                        let named = grading.mistakes.prefix(order + 1).contains { message.contains($0.description) }
                        #expect(named, "\(name): \(mistake.expression) is told \(message)")
                        var said = [message]
                        for zh in [false, true] {
                            said.append(CheckFeedback.line(CheckFeedback(error: error).sentence(zh: zh), tries: 3, zh: zh))
                        }
                        for text in said {
                            for number in expected {
                                #expect(!LessonFeedbackTests.mentions(text, number), "\(name): \(mistake.expression) is told \(text), which holds \(number)")
                            }
                        }
                    }
                }
            }
            for line in cell.runnableLines {
                let ran = lab.run(line: line)
                if !cell.mayFail { #expect(ran.error == nil, "\(name): \(line) failed: \(ran.error ?? "")") }
            }
            if cell.isExercise, cell.check != nil {
                let error = Self.check(cell, in: lab)
                #expect(error == nil, "\(name): the solution does not pass its check: \(error.map { LabError.line(for: $0) } ?? "")")
            }
        }
        #expect(graded >= 1, "\(file) has no graded exercise")
    }
}
