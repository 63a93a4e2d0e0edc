import CLIPViz
import Foundation

/// Lesson prose for the terminal: `# headings` bold and underlined, `**strong**` bold,
/// `*emphasis*` underlined — and with colour off, the same words without the markers.
///
/// Example: `render("# Tokens\n\nA *token* is **one id**.", style: .plain)` → `"Tokens\n\nA token is one id."`.
enum LessonMarkdown {
    nonisolated(unsafe) private static let strong = try! NSRegularExpression(pattern: #"\*\*(?=\S)(.+?)(?<=\S)\*\*"#)
    nonisolated(unsafe) private static let emphasis = try! NSRegularExpression(pattern: #"(?<![*A-Za-z0-9])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![*A-Za-z0-9])"#)

    static func render(_ prose: String, style: Style) -> String {
        var inFence = false
        return prose.components(separatedBy: "\n").map { line -> String in
            if line.hasPrefix("```") { inFence.toggle(); return line }
            if inFence { return line }
            if let heading = heading(line) { return style.isColored ? "\u{1B}[1;4m" + heading + "\u{1B}[0m" : heading }
            return inline(line, style: style)
        }.joined(separator: "\n")
    }

    /// The text of a `#`…`######` heading line, or nil.
    static func heading(_ line: String) -> String? {
        let hashes = line.prefix { $0 == "#" }
        guard (1...6).contains(hashes.count), line.dropFirst(hashes.count).first == " " else { return nil }
        return line.dropFirst(hashes.count).trimmingCharacters(in: .whitespaces)
    }

    static func inline(_ line: String, style: Style) -> String {
        let bold = style.isColored ? ("\u{1B}[1m", "\u{1B}[22m") : ("", "")
        let underline = style.isColored ? ("\u{1B}[4m", "\u{1B}[24m") : ("", "")
        var text = replace(strong, in: line, with: bold)
        text = replace(emphasis, in: text, with: underline)
        return text
    }

    private static func replace(_ pattern: NSRegularExpression, in text: String, with marks: (String, String)) -> String {
        let range = NSRange(text.startIndex..., in: text)
        let template = NSRegularExpression.escapedTemplate(for: marks.0) + "$1" + NSRegularExpression.escapedTemplate(for: marks.1)
        return pattern.stringByReplacingMatches(in: text, range: range, withTemplate: template)
    }
}
