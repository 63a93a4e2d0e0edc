/// Reads the notebook Markdown format (see `Notebook`).
public enum NotebookParser {
    public static func parse(_ text: String) throws(LabError) -> Notebook {
        // Line endings as in CommonMark: LF, CRLF (one Character in Swift) or a lone CR.
        var lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }.map(String.init)
        if lines.last == "" { lines.removeLast() }
        var notebook = Notebook()
        var index = 0
        if lines.first == "---" {
            guard let end = lines.dropFirst().firstIndex(of: "---") else {
                throw LabError.syntax("front matter starts with --- on line 1 but never ends — add a closing ---")
            }
            for line in lines[1..<end] where !line.trimmingCharacters(in: .whitespaces).isEmpty {
                guard let colon = line.firstIndex(of: ":") else {
                    throw LabError.syntax("front matter line '\(LabError.printable(line))' is not 'key: value'")
                }
                let key = line[..<colon].trimmingCharacters(in: .whitespaces)
                let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                notebook.frontMatter.append(FrontMatterEntry(key: key, value: value))
            }
            index = end + 1
        }
        var prose: [String] = []
        var lastCellBlock: Int? = nil      // index in blocks of the cell attachments may follow
        func flushProse() {
            let text = trimBlankLines(prose)
            if !text.isEmpty { notebook.blocks.append(.prose(text.joined(separator: "\n"))) }
            prose = []
        }
        while index < lines.count {
            let line = lines[index]
            guard let fence = Fence(line) else {
                if !line.trimmingCharacters(in: .whitespaces).isEmpty { lastCellBlock = nil }
                prose.append(line)
                index += 1
                continue
            }
            // Collect the fenced body up to the closing fence.
            var body: [String] = []
            var close = index + 1
            while close < lines.count && !fence.isClosed(by: lines[close]) { body.append(lines[close]); close += 1 }
            if close == lines.count {
                throw LabError.syntax("fence opened on line \(index + 1) is never closed — add \(fence.marker)")
            }
            let words = fence.info.split(separator: " ").map(String.init)
            let kind = words.first ?? ""
            let attachment = ["output", "hint", "solution", "check"].contains(kind)
            if kind == "cliplab" {
                flushProse()
                notebook.blocks.append(.cell(NotebookCell(source: body, options: Array(words.dropFirst()))))
                lastCellBlock = notebook.blocks.count - 1
            } else if attachment, let at = lastCellBlock, case .cell(var cell) = notebook.blocks[at] {
                prose = []
                switch kind {
                case "output": cell.output = body.isEmpty ? "" : body.joined(separator: "\n") + "\n"
                case "hint": cell.hint = body.joined(separator: "\n")
                case "solution": cell.solution = body
                default: cell.check = body
                }
                notebook.blocks[at] = .cell(cell)
            } else {
                // Any other fence is part of the prose, verbatim.
                lastCellBlock = nil
                prose.append(contentsOf: lines[index...close])
                index = close + 1
                continue
            }
            index = close + 1
        }
        flushProse()
        return notebook
    }

    private static func trimBlankLines(_ lines: [String]) -> [String] {
        let isBlank = { (s: String) in s.trimmingCharacters(in: .whitespaces).isEmpty }
        guard let first = lines.firstIndex(where: { !isBlank($0) }), let last = lines.lastIndex(where: { !isBlank($0) }) else { return [] }
        return Array(lines[first...last])
    }
}

/// A Markdown code fence: three or more backticks (or tildes) and an info string.
struct Fence {
    let marker: String
    let info: String

    init?(_ line: String) {
        guard let first = line.first, first == "`" || first == "~" else { return nil }
        let run = line.prefix { $0 == first }
        guard run.count >= 3 else { return nil }
        let info = line.dropFirst(run.count).trimmingCharacters(in: .whitespaces)
        if first == "`" && info.contains("`") { return nil }
        marker = String(run)
        self.info = info
    }

    func isClosed(by line: String) -> Bool {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard let first = marker.first, trimmed.first == first else { return false }
        return trimmed.count >= marker.count && trimmed.allSatisfy { $0 == first }
    }

    /// A backtick fence longer than any backtick run that starts a line of `body`.
    static func marker(for body: String) -> String {
        var longest = 0
        for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop { $0 == " " }
            longest = max(longest, trimmed.prefix { $0 == "`" }.count)
        }
        return String(repeating: "`", count: max(3, longest + 1))
    }
}

import Foundation
