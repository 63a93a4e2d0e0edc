import CLIPViz
import Foundation

/// Lesson prose for the terminal: `# headings` bold and underlined, `**strong**` bold,
/// `*emphasis*` underlined — and with colour off, the same words without the markers.
///
/// Example: `render("# Tokens\n\nA *token* is **one id**.", style: .plain)` → `"Tokens\n\nA token is one id."`;
/// with `width: 8` the last line becomes `"A token", "is one", "id."`.
enum LessonMarkdown {
    // Constant patterns (a failure is a programmer error); spans may cross line breaks.
    nonisolated(unsafe) private static let strong = pattern(#"\*\*(?=\S)(.+?)(?<=\S)\*\*"#)
    nonisolated(unsafe) private static let emphasis = pattern(#"(?<![*A-Za-z0-9])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![*A-Za-z0-9])"#)

    private static func pattern(_ text: String) -> NSRegularExpression {
        do { return try NSRegularExpression(pattern: text, options: .dotMatchesLineSeparators) } catch {
            preconditionFailure("lesson Markdown pattern \(text) does not compile: \(error)")
        }
    }

    /// The prose re-wrapped to `width` columns (see `ProseWrap`): paragraphs, list items
    /// and quotes are reflowed; fenced code, indented code and table rows keep their lines
    /// and are cut with `…` when wider than the window.
    static func render(_ prose: String, style: Style, width: Int = 0) -> String {
        var out: [String] = []
        var paragraph: [String] = []
        var lead = ("", "")          // the first line's prefix and the continuation lines' ("- ", "  ")
        var inFence = false
        func fit(_ line: String) -> String { width > 0 ? ProseWrap.cut(line, width: width) : line }
        func flush() {
            defer { paragraph = []; lead = ("", "") }
            guard !paragraph.isEmpty else { return }
            let text = inline(ProseWrap.join(paragraph), style: style)
            guard width > 0 else { out.append(inline(lead.0 + paragraph.joined(separator: "\n"), style: style)); return }
            let room = max(width - DisplayWidth.of(lead.1), 10)
            for (i, line) in ProseWrap.wrap(text, width: room).enumerated() { out.append((i == 0 ? lead.0 : lead.1) + line) }
        }
        for line in prose.components(separatedBy: "\n") {
            if line.hasPrefix("```") || line.hasPrefix("~~~") { flush(); inFence.toggle(); out.append(fit(line)); continue }
            if inFence || line.hasPrefix("    ") && paragraph.isEmpty || line.hasPrefix("|") || line.hasPrefix("\t") {
                flush(); out.append(fit(line)); continue
            }
            if let heading = heading(line) {
                flush()
                let lines = width > 0 ? ProseWrap.wrap(heading, width: width) : [heading]
                out += lines.map { style.isColored ? "\u{1B}[1;4m" + $0 + "\u{1B}[0m" : $0 }
            } else if line.trimmingCharacters(in: .whitespaces).isEmpty {
                flush()
                out.append("")
            } else if let marker = itemMarker(line) {
                flush()
                lead = (marker, String(repeating: " ", count: DisplayWidth.of(marker)))
                paragraph.append(String(line.dropFirst(marker.count)))
            } else if line.hasPrefix(">") {
                if lead.0 != "> " { flush(); lead = ("> ", "> ") }
                paragraph.append(String(line.dropFirst().drop { $0 == " " }))
            } else {
                if lead.0 == "> " { flush() }
                paragraph.append(line)
            }
        }
        flush()
        return out.joined(separator: "\n")
    }

    /// The marker starting a list item (`- `, `* `, `12. `, with its indent), or nil.
    static func itemMarker(_ line: String) -> String? {
        let indent = line.prefix { $0 == " " }
        let rest = line.dropFirst(indent.count)
        if rest.hasPrefix("- ") || rest.hasPrefix("* ") || rest.hasPrefix("+ ") { return String(indent) + String(rest.prefix(2)) }
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, digits.count <= 3, rest.dropFirst(digits.count).hasPrefix(". ") || rest.dropFirst(digits.count).hasPrefix(") ") {
            return String(indent) + String(rest.prefix(digits.count + 2))
        }
        return nil
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
