import CLIPViz
/// A lesson, a saved session and an executed notebook: Markdown with front matter,
/// prose, and fenced `cliplab` cells each followed by its recorded output.
///
/// ````markdown
/// ---
/// id: tokens
/// title: Tokenization
/// order: 3
/// ---
///
/// Prose…
///
/// ```cliplab
/// tokenize "a photo of a cat"
/// ```
///
/// ```output
/// …
/// ```
/// ````
///
/// A cell's info string may add options: `exercise` (the learner completes it; a
/// `solution` and a `check` block follow), `volatile` (digits may change between runs), `timed` (only
/// durations may: a training cell),
/// `fails` (the cell is meant to show an error), `skip` (never executed by `lesson check`).
/// After the cell come, in this order and each optional: ```` ```hint ````,
/// ```` ```solution ````, ```` ```check ````, ```` ```output ````.
public struct Notebook: Sendable, Equatable {
    /// `key: value` pairs in file order.
    public var frontMatter: [FrontMatterEntry]
    public var blocks: [NotebookBlock]

    public init(frontMatter: [FrontMatterEntry] = [], blocks: [NotebookBlock] = []) {
        self.frontMatter = frontMatter
        self.blocks = blocks
    }

    /// The value of a front-matter key.
    public func meta(_ key: String) -> String? { frontMatter.first { $0.key == key }?.value }

    /// The cells in order.
    public var cells: [NotebookCell] {
        blocks.compactMap { if case .cell(let cell) = $0 { return cell } else { return nil } }
    }

    /// A notebook of the cells a session ran, with a title and no prose.
    public static func fromCells(_ records: [CellRecord], title: String) -> Notebook {
        var cell: [NotebookBlock] = []
        for record in records {
            cell.append(.cell(NotebookCell(source: [record.source], options: record.failed ? ["fails"] : [],
                                           output: ANSIText.plain(record.output))))
        }
        return Notebook(frontMatter: [FrontMatterEntry(key: "title", value: title)], blocks: cell)
    }
}

public struct FrontMatterEntry: Sendable, Equatable {
    public var key: String
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

public enum NotebookBlock: Sendable, Equatable {
    /// Markdown text between cells, without surrounding blank lines.
    case prose(String)
    case cell(NotebookCell)
}

/// REPL commands, one per line, with what belongs to them.
public struct NotebookCell: Sendable, Equatable {
    /// The command lines (comment lines starting with `#` are kept and skipped when run).
    public var source: [String]
    /// Words after `cliplab` in the info string.
    public var options: [String]
    /// The recorded output (nil when never run).
    public var output: String?
    public var hint: String?
    /// Commands that solve an exercise.
    public var solution: [String]?
    /// Commands that succeed when an exercise is solved (`expect @last …`).
    public var check: [String]?

    public init(source: [String], options: [String] = [], output: String? = nil,
                hint: String? = nil, solution: [String]? = nil, check: [String]? = nil) {
        self.source = source
        self.options = options
        self.output = output
        self.hint = hint
        self.solution = solution
        self.check = check
    }

    /// The hint in tiers, shown one per `hint`: a hint written `1) …` / `2) …` has one tier
    /// per number (a tier may run over several lines); any other hint is one tier.
    ///
    /// Example: `"1) Look at the diagonal.\n2) Each row's softmax …"` → two tiers.
    public var hintTiers: [String] {
        guard let hint else { return [] }
        var tiers: [String] = []
        for line in hint.components(separatedBy: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            let digits = trimmed.prefix { $0.isASCII && $0.isNumber }
            let after = trimmed.dropFirst(digits.count)
            if !digits.isEmpty, digits.count <= 2, after.hasPrefix(") ") || after.hasPrefix("）") {
                tiers.append(after.dropFirst(after.hasPrefix(") ") ? 2 : 1).trimmingCharacters(in: .whitespaces))
            } else if !trimmed.isEmpty {
                if tiers.isEmpty { tiers.append(trimmed) } else { tiers[tiers.count - 1] += "\n" + trimmed }
            }
        }
        return tiers
    }

    public var isExercise: Bool { options.contains("exercise") }
    public var isVolatile: Bool { options.contains("volatile") }
    /// Only durations may change between runs (training cells: the toy's numbers are the same bits everywhere).
    public var isTimed: Bool { options.contains("timed") }
    /// What comparing this cell's output with a fresh run ignores.
    public var masking: OutputComparison.Masking { isVolatile ? .digits : isTimed ? .durations : .none }
    public var isSkipped: Bool { options.contains("skip") }
    public var mayFail: Bool { options.contains("fails") }

    /// The lines a run executes: the solution of an exercise, else the source.
    public var runnableLines: [String] {
        (isExercise ? (solution ?? source) : source).filter {
            let t = $0.trimmingCharacters(in: .whitespaces)
            return !t.isEmpty && !t.hasPrefix("#")
        }
    }
}

import Foundation
