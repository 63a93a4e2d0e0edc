/// Writes a `Notebook` back as Markdown; `parse(render(n)) == n`.
public enum NotebookRenderer {
    public static func render(_ notebook: Notebook) -> String {
        var parts: [String] = []
        if !notebook.frontMatter.isEmpty {
            parts.append((["---"] + notebook.frontMatter.map { "\($0.key): \($0.value)" } + ["---"]).joined(separator: "\n"))
        }
        for block in notebook.blocks {
            switch block {
            case .prose(let text): parts.append(text)
            case .cell(let cell): parts.append(render(cell))
            }
        }
        let text = parts.joined(separator: "\n\n") + "\n"
        // Prose opening with a `---` line would read back as front matter: a blank line first keeps it prose.
        if notebook.frontMatter.isEmpty && (text.hasPrefix("---\n") || text.hasPrefix("---\r\n")) { return "\n" + text }
        return text
    }

    static func render(_ cell: NotebookCell) -> String {
        // A body of no lines is a fence closed at once; one empty line is a blank line.
        var fences = [fenced(cell.source.joined(separator: "\n"), info: (["cliplab"] + cell.options).joined(separator: " "),
                             empty: cell.source.isEmpty)]
        if let hint = cell.hint { fences.append(fenced(hint, info: "hint")) }
        if let solution = cell.solution { fences.append(fenced(solution.joined(separator: "\n"), info: "solution", empty: solution.isEmpty)) }
        if let check = cell.check { fences.append(fenced(check.joined(separator: "\n"), info: "check", empty: check.isEmpty)) }
        if let output = cell.output {
            let body = output.hasSuffix("\n") ? String(output.dropLast()) : output
            fences.append(fenced(body, info: "output", empty: output.isEmpty))
        }
        return fences.joined(separator: "\n\n")
    }

    private static func fenced(_ body: String, info: String, empty: Bool = false) -> String {
        let marker = Fence.marker(for: body)
        if empty { return "\(marker)\(info)\n\(marker)" }
        return "\(marker)\(info)\n\(body)\n\(marker)"
    }
}
