import CLIPViz
import Foundation

/// Lesson prose for the terminal: `# headings` bold and underlined, `**strong**` bold,
/// `*emphasis*` underlined — and with colour off, the same words without the markers.
///
/// Example: `render("# Tokens\n\nA *token* is **one id**.", style: .plain)` → `"Tokens\n\nA token is one id."`.
enum LessonMarkdown {
    // Constant patterns (a failure is a programmer error); spans may cross line breaks.
    nonisolated(unsafe) private static let strong = pattern(#"\*\*(?=\S)(.+?)(?<=\S)\*\*"#)
    nonisolated(unsafe) private static let emphasis = pattern(#"(?<![*A-Za-z0-9])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![*A-Za-z0-9])"#)

    private static func pattern(_ text: String) -> NSRegularExpression {
        do { return try NSRegularExpression(pattern: text, options: .dotMatchesLineSeparators) } catch {
            preconditionFailure("lesson Markdown pattern \(text) does not compile: \(error)")
        }
    }

    static func render(_ prose: String, style: Style) -> String {
        var out: [String] = []
        var paragraph: [String] = []
        var inFence = false
        func flush() {
            if !paragraph.isEmpty { out.append(inline(paragraph.joined(separator: "\n"), style: style)) }
            paragraph = []
        }
        for line in prose.components(separatedBy: "\n") {
            if line.hasPrefix("```") { flush(); inFence.toggle(); out.append(line); continue }
            if inFence { out.append(line); continue }
            if let heading = heading(line) {
                flush()
                out.append(style.isColored ? "\u{1B}[1;4m" + heading + "\u{1B}[0m" : heading)
            } else if line.trimmingCharacters(in: .whitespaces).isEmpty {
                flush()
                out.append(line)
            } else {
                paragraph.append(line)
            }
        }
        flush()
        return out.joined(separator: "\n")
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
