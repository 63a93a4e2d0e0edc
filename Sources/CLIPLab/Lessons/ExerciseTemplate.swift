import Foundation

/// What an exercise cell asks for, read from the cell itself: each line is a command whose
/// `___` blanks the learner fills, and every other word must stay.
///
/// `check` grades only commands run after the exercise appeared, and only those that fit
/// the template, so an earlier cell's output or the right shape on the wrong image
/// (`classify toy:cat …` for `classify toy:beach --labels "___"`) does not pass.
///
/// Example: for `classify toy:beach --labels "___"`, `classify toy:beach --labels "sea,sky,sand"`
/// fits; `classify toy:cat --labels "a,b,c"` does not ("keep toy:beach").
enum ExerciseTemplate {
    static let blank = "___"

    /// Nil when every template line is fitted by one of `attempts`, else what is missing.
    static func unmatched(_ template: [String], attempts: [String], zh: Bool = false) -> String? {
        let parsedAttempts = attempts.compactMap { try? ShellWords.split($0) }.filter { !$0.isEmpty }
        for line in template {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            guard let words = try? ShellWords.split(trimmed), let name = words.first else { continue }
            let candidates = parsedAttempts.filter { $0.first == name }
            if candidates.isEmpty { return zh ? "按练习的样子运行 \(name)：\(trimmed)" : "run '\(name)' as the exercise shows: \(trimmed)" }
            let problems = candidates.map { problem(words, $0, zh: zh) }
            if problems.contains(where: { $0 == nil }) { continue }
            return problems.compactMap { $0 }.last
        }
        return nil
    }

    /// Why `attempt` does not fit the template `words`, or nil when it does.
    static func problem(_ words: [String], _ attempt: [String], zh: Bool = false) -> String? {
        var rest = Array(attempt.dropFirst())
        var blanks: [String] = []
        for word in words.dropFirst() {
            if word.contains(blank) { blanks.append(word); continue }
            guard let at = rest.firstIndex(of: word) else { return zh ? "保留练习里的 \(word)" : "keep \(word) as the exercise has it" }
            rest.remove(at: at)
        }
        for pattern in blanks {
            let parts = pattern.components(separatedBy: blank)
            let (head, tail) = (parts.first ?? "", parts.count > 1 ? parts.last ?? "" : "")
            let at = rest.firstIndex { word in
                !word.contains(blank) && word.count > head.count + tail.count && word.hasPrefix(head) && word.hasSuffix(tail)
            }
            guard let at else {
                if zh { return "把 \(pattern) 里的 \(blank) 填好" }
                return rest.contains { $0.contains(blank) } ? "fill in every \(blank)" : "fill in the \(blank) in \(pattern)"
            }
            rest.remove(at: at)
        }
        return nil
    }
}
