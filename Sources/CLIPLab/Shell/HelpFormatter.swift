import CLIPViz
import Foundation

/// Generates `help` and `help NAME` from the command table.
enum HelpFormatter {
    /// `text` with every line wider than `width` re-wrapped between words (never inside a
    /// word or a number); a continuation lines up under the line's own text, or under the
    /// description column of an option or command table row (`  --top K   show the…`).
    ///
    /// A paragraph written over several lines, or a table row continued under its description
    /// column, is first joined into one line, so it wraps as a whole rather than leaving a word
    /// alone on a line. Lines that fit are left exactly as written.
    static func fit(_ text: String, width: Int) -> String {
        var out: [String] = []
        for line in paragraphs(text.components(separatedBy: "\n")) {
            guard DisplayWidth.of(line) > width else { out.append(line); continue }
            let indent = line.prefix { $0 == " " }.count
            var hang = indent
            // A table row: the description starts after a run of two or more spaces.
            if let gap = line.dropFirst(indent).range(of: "  ") {
                let column = line.distance(from: line.startIndex, to: gap.lowerBound)
                let rest = line[gap.lowerBound...].prefix { $0 == " " }.count
                if column + rest < width / 2 { hang = column + rest }
            }
            var body = String(line.dropFirst(hang))
            if line.hasPrefix("usage: ") && hang == indent {
                // An optional group such as [--template T…] stays on one line.
                hang = 7
                var depth = 0
                body = String(String(line.dropFirst(hang)).map { c -> Character in
                    if c == "[" { depth += 1 } else if c == "]" { depth -= 1 }
                    return c == " " && depth > 0 ? "\u{A0}" : c
                })
            }
            let head = String(line.prefix(hang))
            let pieces = ProseWrap.wrap(body.trimmingCharacters(in: .whitespaces), width: max(width - hang, 20))
            for (i, piece) in pieces.enumerated() {
                out.append((i == 0 ? head : String(repeating: " ", count: hang)) + piece.replacingOccurrences(of: "\u{A0}", with: " "))
            }
        }
        return out.joined(separator: "\n")
    }

    /// Lines joined where the text continues: a prose line (flush left, no table gap) and the
    /// prose line after it; a table row (`  --top K   show the…`) and the lines indented to its
    /// description column (but not an `e.g.` line under it). Headings (`Options:`, `Lesson files:`), `usage:`
    /// and `Example:` lines and blank lines end a paragraph.
    static func paragraphs(_ lines: [String]) -> [String] {
        func indent(_ line: String) -> Int { line.prefix { $0 == " " }.count }
        /// The description column of a table row, if the line is one.
        func column(_ line: String) -> Int? {
            let start = indent(line)
            guard start > 0, let gap = line.dropFirst(start).range(of: "  ") else { return nil }
            return line.distance(from: line.startIndex, to: gap.lowerBound) + line[gap.lowerBound...].prefix { $0 == " " }.count
        }
        func isProse(_ line: String) -> Bool {
            let text = line.trimmingCharacters(in: .whitespaces)
            let heading = text.hasSuffix(":") && text.split(separator: " ").count <= 3   // `Options:`
            return indent(line) == 0 && !text.isEmpty && !text.contains("  ") && !heading
                && !["usage:", "Example:", "aliases:", "- ", "• "].contains { text.hasPrefix($0) }
        }
        var out: [String] = []
        var hang: Int?   // the description column of the table row being continued
        for line in lines {
            if let last = out.last, !line.trimmingCharacters(in: .whitespaces).isEmpty {
                if isProse(last), isProse(line) {
                    out[out.count - 1] = last + " " + line
                    continue
                }
                if let hang, indent(line) == hang, column(line) == nil,
                   !line.trimmingCharacters(in: .whitespaces).hasPrefix("e.g.") {   // an example line stays one
                    out[out.count - 1] = last + " " + line.trimmingCharacters(in: .whitespaces)
                    continue
                }
            }
            hang = column(line)
            out.append(line)
        }
        return out
    }

    /// All commands by group, one line each: `  tokenize   Split text into BPE tokens…`.
    ///
    /// From a shell (`cliplab --help`), it first says how to start the REPL or run a script,
    /// and leaves the REPL-only commands to one line at the end.
    static func overview(_ table: CommandTable, shell: Bool = false) -> String {
        let width = (table.commands.map { $0.name.count }.max() ?? 8) + 2
        var lines: [String] = []
        if shell {
            lines += ["usage: cliplab                    start the interactive REPL (then 'lesson 1' for the first lesson)",
                      "       cliplab COMMAND [ARGS…]    run one command and exit",
                      "       cliplab < script.clip      run a script, one command per line",
                      ""]
        }
        lines.append(shell ? "Commands (cliplab help NAME for details):" : "Commands (help NAME for details, NAME --help works too):")
        for group in CommandGroup.allCases {
            let members = table.commands.filter { $0.group == group && !(shell && CommandTable.replOnly.contains($0.name)) }
            guard !members.isEmpty else { continue }
            lines.append("")
            lines.append(group.rawValue)
            for command in members {
                lines.append("  " + command.name.padding(toLength: width, withPad: " ", startingAt: 0) + command.summary)
            }
        }
        if shell {
            let names = table.commands.map(\.name).filter { CommandTable.replOnly.contains($0) }
            lines += ["", "Inside the REPL also: " + names.joined(separator: ", ")]
        }
        return lines.joined(separator: "\n")
    }

    /// Usage, aliases, long help, options and subcommands of one command.
    static func detail(_ command: Command, prefix: String = "") -> String {
        var lines = ["usage: " + command.usage(prefix: prefix)]
        if !command.aliases.isEmpty { lines.append("aliases: " + command.aliases.joined(separator: ", ")) }
        lines.append("")
        lines.append(command.summary)
        if !command.help.isEmpty {
            lines.append("")
            lines.append(command.help)
        }
        let options = command.allOptions
        if !options.isEmpty {
            lines.append("")
            lines.append("Options:")
            let width = options.map { $0.usage.count }.max()! + 2
            for option in options {
                let short = option.short.map { "-\($0), " } ?? ""
                lines.append("  " + (short + option.usage).padding(toLength: width + short.count, withPad: " ", startingAt: 0) + option.help)
            }
        }
        if !command.subcommands.isEmpty {
            lines.append("")
            lines.append("Subcommands:")
            let width = command.subcommands.map { $0.name.count }.max()! + 2
            for sub in command.subcommands {
                lines.append("  " + sub.name.padding(toLength: width, withPad: " ", startingAt: 0) + sub.summary)
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The help for `words` (`["lesson", "run"]`), or an error naming the nearest command.
    static func detail(for words: [String], table: CommandTable) throws(LabError) -> String {
        let (command, prefix, rest) = try Interpreter.resolve(words, table: table)
        if let extra = rest.first {
            throw LabError.usage("'\(LabError.printable(command.name))' has no subcommand '\(LabError.printable(extra))'",
                                 usage: command.usage(prefix: prefix))
        }
        return detail(command, prefix: prefix)
    }
}
