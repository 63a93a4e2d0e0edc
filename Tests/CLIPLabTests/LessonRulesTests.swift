import Foundation
import Testing
@testable import CLIPLab

/// Teaching rules every lesson keeps: exercises to do, hints that lead without answering,
/// a stated time and paper section, and one Chinese term per concept.
@Suite("Lesson rules: exercises, hints, time and paper, Chinese terms")
struct LessonRulesTests {
    static let catalog = LessonCatalog(root: LessonContentTests.root)

    static func lessons(_ lang: String) -> [LessonInfo] { (try? catalog.lessons(lang: lang)) ?? [] }

    @Test("Every lesson has at least two checked exercises")
    func twoExercises() throws {
        for lang in ["en", "zh"] {
            for lesson in Self.lessons(lang) {
                let exercises = try NotebookIO.read(lesson.path).cells.filter { $0.isExercise && $0.check?.isEmpty == false }
                #expect(exercises.count >= 2, "\(lang)/\(lesson.id) has \(exercises.count) checked exercises")
            }
        }
    }

    @Test("No hint contains a solution line or what the solution writes into a blank")
    func hintsDoNotAnswer() throws {
        for lang in ["en", "zh"] {
            for lesson in Self.lessons(lang) {
                for (index, cell) in try NotebookIO.read(lesson.path).cells.enumerated() where cell.isExercise {
                    guard let hint = cell.hint, let solution = cell.solution else { continue }
                    let name = "\(lang)/\(lesson.id) cell \(index + 1)"
                    for line in solution where !cell.source.contains(line) {
                        #expect(!hint.contains(line), "\(name): the hint contains the solution '\(line)'")
                    }
                    for fill in Self.fills(exercise: cell.source, solution: solution) where fill.count >= 2 {
                        #expect(!hint.contains(fill), "\(name): the hint gives away '\(fill)'")
                    }
                }
            }
        }
    }

    @Test("What a solution writes into the blanks is found line by line")
    func fillsExample() {
        #expect(Self.fills(exercise: ["load ___"], solution: ["load vit-b-32"]) == ["vit-b-32"])
        #expect(Self.fills(exercise: ["a --x \"___\" --y ___"], solution: ["a --x \"p q\" --y 3"]) == ["p q", "3"])
        #expect(Self.fills(exercise: ["matrix"], solution: ["matrix"]).isEmpty)
    }

    @Test("Every lesson states its time and links the paper's section on arXiv")
    func timeAndPaper() throws {
        let patterns = ["en": #"\*Time: about \d+ minutes · Paper: \[§[^\]]+\]\(https://arxiv\.org/abs/2103\.00020\)\*"#,
                        "zh": #"\*时间：约 \d+ 分钟 · 论文：\[§[^\]]+\]\(https://arxiv\.org/abs/2103\.00020\)\*"#]
        for (lang, pattern) in patterns {
            let regex = try Regex(pattern)
            for lesson in Self.lessons(lang) {
                let text = try String(contentsOfFile: lesson.path, encoding: .utf8)
                #expect(text.contains(regex), "\(lang)/\(lesson.id) does not state its time and paper section")
            }
        }
    }

    /// Concept → the one Chinese term the lessons use, and the variants they must not.
    static let chineseTerms: [(concept: String, term: String, avoid: [String])] = [
        // 说明 also means "note", "documentation" and "to explain": the lessons avoid it altogether.
        ("caption", "配文", ["说明", "标题", "字幕"]),
        ("never seen", "没见过", ["未见过"]),
        ("matching game", "匹配游戏", ["配对游戏"]),
        ("token", "词元", ["token", "令牌"]),
        ("temperature", "温度", ["温度参数τ"]),
        ("zero-shot", "零样本", ["零次学习", "零样本学习"]),
        ("linear probe", "线性探针", ["线性探测"]),
        ("template", "模板", ["范本"]),
        ("patch", "图块", ["补丁", "图像块"]),
    ]

    @Test("Chinese lessons use one term per concept in their prose", arguments: lessons("zh").map(\.path))
    func chineseTerms(path: String) throws {
        let prose = Self.prose(try String(contentsOfFile: path, encoding: .utf8))
        let name = URL(fileURLWithPath: path).lastPathComponent
        for (concept, term, avoid) in Self.chineseTerms {
            for variant in avoid {
                #expect(!prose.contains(variant), "zh/\(name): '\(variant)' for \(concept) — the lessons write '\(term)'")
            }
        }
    }

    @Test("Prose leaves out fenced blocks, inline code and glosses in brackets")
    func proseExample() {
        let text = "---\nid: tokens\n---\n配文（caption）与 `token` 和\n```output\ntoken\n```\n词元（token）"
        #expect(Self.prose(text) == "配文与  和\n词元")
    }

    /// The text a reader reads as prose: no fenced blocks, no `inline code`, no （gloss）.
    static func prose(_ text: String) -> String {
        var kept: [Substring] = [], fenced = false
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)[...]
        if lines.first == "---", let end = lines.dropFirst().firstIndex(of: "---") { lines = lines[(end + 1)...] }
        for line in lines {
            if line.hasPrefix("```") { fenced.toggle(); continue }
            if !fenced { kept.append(line) }
        }
        var out = kept.joined(separator: "\n")
        out = out.replacing(/`[^`\n]*`/, with: "")
        out = out.replacing(/（[A-Za-z][^）]*）/, with: "")
        out = out.replacing(/"[^"\n]*"/, with: "")
        return out
    }

    /// What the solution writes where the exercise has `___`, blank by blank.
    static func fills(exercise: [String], solution: [String]) -> [String] {
        var found: [String] = []
        for (template, answer) in zip(exercise, solution) where template.contains("___") {
            let parts = template.components(separatedBy: "___")
            guard answer.hasPrefix(parts[0]) else { continue }
            var rest = Substring(answer.dropFirst(parts[0].count))
            for part in parts.dropFirst() {
                if part.isEmpty { found.append(String(rest)); rest = ""; continue }
                guard let range = rest.range(of: part) else { break }
                found.append(String(rest[..<range.lowerBound]))
                rest = rest[range.upperBound...]
            }
        }
        return found
    }
}
