import CLIPLab
import Foundation

/// What happens to a typed line before any command runs: shell-style splitting, command
/// and subcommand lookup, option parsing against the command table, and tab completion.
/// Every rejection is one printable line.
enum CommandLineFuzz {
    static let completer = Completer(table: .standard, lessonNames: ["01-contrastive-idea"], toyWords: ["red", "circle"],
                                     directory: "/nonexistent-cliplab-fuzz")

    static func run(_ bytes: [UInt8]) throws(FuzzFinding) -> Bool {
        let line = String(decoding: bytes.prefix(4096), as: UTF8.self)
        var accepted = false
        do {
            let (command, args) = try Interpreter.parse(line: line, table: .standard)
            try expect(!command.name.isEmpty, "parsed to a nameless command")
            _ = args.positionals
            accepted = true
        } catch {
            let message = LabError.line(for: error)
            try expect(!message.isEmpty, "empty error for \(line.debugDescription)")
            try expect(!message.contains(where: \.isNewline), "multi-line error for \(line.debugDescription)")
            try expect(!message.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7f },
                   "control character in error \(message.debugDescription)")
        }
        _ = ShellWords.splitPartial(line)
        _ = completer.complete(line)
        return accepted
    }
}
