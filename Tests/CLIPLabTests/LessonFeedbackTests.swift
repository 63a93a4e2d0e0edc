import CLIPCore
import Foundation
import Testing
@testable import CLIPLab

/// What a learner is told and what is kept for them: answers written as a learner writes
/// them, feedback that never gives the answer away, tiered hints, two-sided checks, settings
/// and files that follow HOME.
@Suite("Lesson feedback, answers and the learner's files")
struct LessonFeedbackTests {
    static let lessons = ["CLIPLAB_LESSONS": Support.root.appendingPathComponent("Lessons").path]
    static let lessonRoot = Support.root.appendingPathComponent("Lessons")

    /// Every exercise of every real lesson, with its file.
    static func exercises() throws -> [(file: String, cell: NotebookCell)] {
        var found: [(String, NotebookCell)] = []
        for lang in ["en", "zh"] {
            let folder = lessonRoot.appendingPathComponent(lang)
            for file in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() where file.hasSuffix(".md") {
                for cell in try NotebookIO.read(folder.appendingPathComponent(file).path).cells where cell.isExercise {
                    found.append(("\(lang)/\(file)", cell))
                }
            }
        }
        return found
    }

    /// The words a solution puts where the exercise has blanks (`answer 25` → ["25"]).
    static func fillers(_ cell: NotebookCell) -> [String] {
        let template = Set(cell.source.flatMap { (try? ShellWords.split($0)) ?? [] })
        return (cell.solution ?? []).flatMap { (try? ShellWords.split($0)) ?? [] }.filter { !template.contains($0) && !$0.hasPrefix("-") }
    }

    /// Whether `text` holds `word` as a whole word or number (not inside a longer one).
    static func mentions(_ text: String, _ word: String) -> Bool {
        var rest = text[...]
        while let range = rest.range(of: word) {
            let before = rest[..<range.lowerBound].last, after = rest[range.upperBound...].first
            let joins: (Character?) -> Bool = { c in c.map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "/" } ?? false }
            if !joins(before) && !joins(after) { return true }
            rest = rest[range.upperBound...]
        }
        return false
    }

    static func run(_ lines: [String], environment: [String: String] = lessons) throws -> Support.Run {
        try Support.cli([], stdin: lines.joined(separator: "\n") + "\n", environment: environment)
    }

    /// `next`s from lesson 1's first step to its second exercise (the `answer` one).
    static func toAnswerExercise(lang: String) throws -> [String] {
        let steps = LessonStep.steps(of: try NotebookIO.read(lessonRoot.appendingPathComponent("\(lang)/01-why-clip.md").path))
        let at = try #require(steps.lastIndex { $0.cell?.source.first?.hasPrefix("answer") == true })
        return (lang == "zh" ? ["set lang zh"] : []) + ["lesson 1"] + Array(repeating: "next", count: at)
    }

    @Test("answer reads 25%, 25, 0.25 and 1/4 as the same share, and a unit may follow", arguments: ["25%", "25 %", "25", "0.25", "1/4"])
    func answerShares(typed: String) throws {
        let answer = try LessonAnswer(typed)
        guard case .object(let fields) = answer.json else { Issue.record("not an object"); return }
        let percent = fields.first { $0.0 == "percent" }?.1
        #expect(percent == .double(25), "\(typed): \(answer.json.rendered())")
        #expect(try LessonAnswer("197 tokens").number == 197 && LessonAnswer("197 tokens").unit == "tokens")
        #expect(try LessonAnswer("B").text == "b" && LessonAnswer("B").number == nil)
    }

    @Test("answer refuses at once a number it cannot read, saying how to write it", arguments: ["~25", "25..3", "1/0", "3e"])
    func answerRefuses(typed: String) {
        let lab = Support.interpreter()
        let result = lab.run(line: "answer \(ShellWords.quote(typed))")
        #expect(result.failed && result.error?.contains("a number such as 0.25, 25% or 1/4") == true, "\(typed): \(result.output)")
    }

    @Test("Lesson 1's chance question passes with 25%, 25 and 0.25, and a wrong share is told without the answer",
          arguments: ["en", "zh"])
    func answerPercentInLesson(lang: String) throws {
        let steps = try Self.toAnswerExercise(lang: lang)
        for typed in ["25%", "25", "0.25"] {
            let run = try Self.run(steps + ["answer \(typed)", "check"])
            #expect(run.stdout.contains(lang == "zh" ? "✓ 完成" : "✓ solved"), "\(typed): \(run.stdout)\n\(run.stderr)")
        }
        let wrong = try Self.run(steps + ["answer 50%", "check"])
        let line = try #require(wrong.stdout.split(separator: "\n").last { $0.contains("✗") }.map(String.init), "\(wrong.stdout)")
        #expect(!Self.mentions(line, "25") && !wrong.stderr.contains("error:"), "\(line)\n\(wrong.stderr)")
        #expect(line.contains(lang == "zh" ? "你的数值偏大" : "your value is too high"), "\(line)")
    }

    @Test("Check feedback in a Chinese lesson is Chinese, a sentence, and no error line")
    func chineseFeedback() throws {
        let steps = try Self.toAnswerExercise(lang: "zh")
        let run = try Self.run(steps + ["answer 2", "check", "answer 2", "check", "answer 2", "check"])
        let lines = run.stdout.split(separator: "\n").filter { $0.contains("✗") }
        #expect(lines.count == 3, "\(run.stdout)")
        #expect(lines.allSatisfy { $0.hasPrefix("✗ 还没有：你的数值偏小，差了十倍以上") && !$0.contains("expected") && !$0.contains("found") }, "\(lines)")
        #expect(lines.last?.contains("solution") == true, "after three tries the solution is offered: \(lines)")
        #expect(!run.stderr.contains("error:"), "\(run.stderr)")
    }

    @Test("No wrong answer's feedback contains the expected value")
    func feedbackNeverLeaks() throws {
        var tried = 0
        for (file, cell) in try Self.exercises() {
            guard let solution = cell.solution, solution.count == 1, solution[0].hasPrefix("answer "), let checks = cell.check else { continue }
            let right = String(solution[0].dropFirst("answer ".count))
            let wrongs: [String] = Double(right).map { n in ["\(n * 10)", "\(n / 10)", "\(n + 1)", "\(n - 1)", "-1", "x"] } ?? ["a", "zzz", "0"]
            for wrong in wrongs {
                let lab = Support.interpreter()
                lab.run(line: "answer \(ShellWords.quote(wrong))")
                for line in checks where !line.isEmpty {
                    do {
                        _ = try Interpreter.execute(try ShellWords.split(line), in: &lab.context)
                    } catch {
                        for zh in [false, true] {
                            let said = CheckFeedback.line(CheckFeedback(error: error).sentence(zh: zh), tries: 3, zh: zh)
                            #expect(!Self.mentions(said, right), "\(file): answering \(wrong) is told \(said)")
                            tried += 1
                        }
                        break
                    }
                }
            }
        }
        #expect(tried > 40)
    }

    @Test("Checks of a 'how close to' question are two-sided: too high and too low both fail")
    func twoSided() throws {
        for lang in ["en", "zh"] {
            for (name, path) in [("01", "percent"), ("06", "loss"), ("07", "value"), ("10", "percent")] {
                let cells = try Self.exercises().filter { $0.file.hasPrefix("\(lang)/\(name)") }
                let checks = cells.flatMap { $0.cell.check ?? [] }.filter { $0.contains(" \(path) ") }
                #expect(checks.contains { $0.contains(" > ") || $0.contains(" >= ") } && checks.contains { $0.contains(" < ") || $0.contains(" <= ") },
                        "\(lang)/\(name): \(checks)")
            }
        }
        #expect(CheckFeedback(ExpectationFailed(path: "loss", op: ">", expected: "1.376", found: "0.2", notANumber: false)) == .tooLow(tenfold: false))
        #expect(CheckFeedback(ExpectationFailed(path: "loss", op: "<", expected: "1.396", found: "40", notANumber: false)) == .tooHigh(tenfold: true))
        #expect(CheckFeedback(ExpectationFailed(path: "ranking.length", op: "==", expected: "3", found: "1", notANumber: false)) == .tooFew)
    }

    @Test("Lesson 6's temperature exercise fails when e^t makes the loss explode")
    func lessonSixTooHigh() throws {
        let steps = LessonStep.steps(of: try NotebookIO.read(Self.lessonRoot.appendingPathComponent("en/06-loss-temperature.md").path))
        let at = try #require(steps.firstIndex { $0.cell?.source.first == "temperature ___" })
        let run = try Self.run(["lesson 6", "batch scenes"] + Array(repeating: "next", count: at) + ["temperature 100", "loss", "check"])
        #expect(run.stdout.contains("✗ not yet: your value is too high"), "\(run.stdout.suffix(600))")
        #expect(!run.stdout.contains("1.396") && !run.stdout.contains("1.376"))
    }

    @Test("hint shows one tier at a time, and no tier holds the answer")
    func hintTiers() throws {
        for (file, cell) in try Self.exercises() {
            let tiers = cell.hintTiers
            #expect(!tiers.isEmpty, "\(file): an exercise without a hint")
            for tier in tiers {
                for filler in Self.fillers(cell) where filler.count > 1 || filler.first?.isNumber == true {
                    #expect(!Self.mentions(tier, filler), "\(file): hint '\(tier)' holds the answer \(filler)")
                }
            }
        }
        let lab = Support.interpreter()
        lab.run(line: "lesson 1")
        lab.run(line: "next")
        lab.run(line: "next")
        let one = lab.run(line: "hint").output, two = lab.run(line: "hint").output, again = lab.run(line: "hint").output
        #expect(one.contains("hint 1/2") && !one.contains("hint 2/2"), "\(one)")
        #expect(two.contains("hint 2/2") && !two.contains("hint 1/2"), "\(two)")
        #expect(again.contains("that was the last hint"), "\(again)")
    }

    @Test("set lang, width and color persist to the next start, in HOME's state folder")
    func persistedSettings() throws {
        let home = Support.temporaryDirectory().path
        let set = try Support.cli(["set", "lang", "zh"], environment: ["HOME": home])
        #expect(set.status == 0)
        _ = try Support.cli(["set", "width", "100"], environment: ["HOME": home])
        let file = try String(contentsOfFile: home + "/.cliplab/settings.json", encoding: .utf8)
        #expect(file.contains("\"lang\":\"zh\"") && file.contains("\"width\":100"), "\(file)")
        let list = try Support.cli(["lessons"], environment: ["HOME": home])
        #expect(list.stdout.contains("示例课程"), "\(list.stdout)")
        let other = try Support.cli(["lessons"], environment: ["HOME": Support.temporaryDirectory().path])
        #expect(other.stdout.contains("A sample lesson"))
    }

    @Test("Every state and cache folder follows HOME, or the XDG folders when they are set")
    func foldersFollowHome() {
        let home = ["HOME": "/tmp/learner"]
        #expect(UserFolders.state(home) == "/tmp/learner/.cliplab")
        #expect(UserFolders.cache(home) == "/tmp/learner/.cache/cliplab")
        #expect(UserFolders.history(home) == "/tmp/learner/.cliplab_history")
        let xdg = ["HOME": "/tmp/learner", "XDG_STATE_HOME": "/tmp/state", "XDG_CACHE_HOME": "/tmp/cache"]
        #expect(UserFolders.state(xdg) == "/tmp/state/cliplab" && UserFolders.cache(xdg) == "/tmp/cache/cliplab")
        #expect(UserFolders.history(xdg) == "/tmp/state/cliplab/history")
        #expect(UserFolders.state(["HOME": "/tmp/learner", "XDG_STATE_HOME": "relative"]) == "/tmp/learner/.cliplab",
                "a relative XDG path is ignored, as the XDG specification says")
    }

    @Test("search caches its embeddings under HOME, names its model, and says 'no such folder' for a missing one")
    func searchCacheUnderHome() throws {
        let home = Support.temporaryDirectory().path
        let run = try Support.cli(["search", "--data", "Examples/images", "--text", "a cat", "--top", "1"], environment: ["HOME": home])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("toy ("), "\(run.stdout.prefix(200))")
        let cached = (try? FileManager.default.contentsOfDirectory(atPath: home + "/.cache/cliplab/embeddings")) ?? []
        #expect(cached.contains { $0.hasSuffix(".npy") }, "\(cached)")
        let missing = try Support.cli(["search", "--data", home + "/no-such", "--text", "a cat"], environment: ["HOME": home])
        #expect(missing.status != 0 && missing.stderr.contains("no such folder"), "\(missing.stderr)")
    }

    @Test("load toy --previous swaps back the model a train or load replaced")
    func previousModel() throws {
        let lab = Support.interpreter()
        #expect(lab.run(line: "load toy --previous").error?.contains("no previous model yet") == true)
        lab.run(line: "train --steps 3 --batch 4 --seed 2")
        lab.run(line: "load toy:new")
        let back = lab.run(line: "load toy --previous")
        #expect(back.output.contains("trained here: 3 steps, seed 2"), "\(back.output)")
        #expect(lab.run(line: "load toy --previous").output.contains("random weights"))
    }
}

extension LessonFeedbackTests {
    @Test("Every lesson's front matter declares the model it describes, the same in English and Chinese")
    func declaredState() throws {
        let catalog = LessonCatalog(root: Self.lessonRoot.path)
        let en = try catalog.lessons(lang: "en"), zh = try catalog.lessons(lang: "zh")
        for (a, b) in zip(en, zh) {
            let setupA = try LessonSetup(try NotebookIO.read(a.path)), setupB = try LessonSetup(try NotebookIO.read(b.path))
            #expect(setupA == setupB, "\(a.id)")
            if a.order <= 7 { #expect(setupA.model == .fresh(seed: 0), "\(a.id) describes an untrained toy model") }
        }
        #expect(throws: LabError.self) { try LessonSetup.parseModel("trained seed=one") }
        #expect(try LessonSetup.parseModel("trained seed=1 steps=800") == .trained(seed: 1, steps: 800))
    }

    @Test("A lesson restores the settings it changed when it ends, and says so")
    func restoresSettings() {
        let lab = Support.interpreter()
        lab.run(line: "lesson 1")
        lab.run(line: "set width 60")
        lab.run(line: "set --json")
        var said = ""
        for _ in 0..<6 { said = lab.run(line: "next").output; if said.contains("last step") || said.contains("End of the lesson") { break } }
        #expect(said.contains("settings back to width 80"), "\(said)")
        #expect(lab.context.settings.width == 80)
    }
}
