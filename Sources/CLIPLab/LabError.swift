/// Everything that can go wrong in the REPL, one clear line each.
///
/// The REPL prints `error: \(description)` and keeps the session as it was.
public enum LabError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The line could not be split (for example an unterminated quote).
    case syntax(String)
    /// No command has this name; `suggestions` are the nearest names.
    case unknownCommand(String, suggestions: [String])
    /// The arguments do not fit the command; `usage` is its usage line.
    case usage(String, usage: String)
    /// A value is not one the option or setting accepts.
    case invalidValue(name: String, value: String, expected: String)
    /// A file could not be read or written.
    case file(path: String, reason: String)
    /// The user pressed Ctrl-C.
    case interrupted
    /// A check or expectation did not hold.
    case failed(String)
    /// Something the command needs is not there yet (a model, a batch, a lesson).
    case missing(String)

    public var description: String {
        switch self {
        case .syntax(let message): return message
        case .unknownCommand(let name, let suggestions):
            let shown = LabError.printable(name)
            if suggestions.isEmpty { return "unknown command '\(shown)' — type 'help' for the list" }
            let list = suggestions.map { "'\($0)'" }.joined(separator: " or ")
            return "unknown command '\(shown)' — did you mean \(list)?"
        case .usage(let message, let usage): return "\(message) — usage: \(usage)"
        case .invalidValue(let name, let value, let expected):
            return "\(name) cannot be '\(LabError.printable(value))' — expected \(expected)"
        case .file(let path, let reason): return "\(LabError.printable(path, limit: 1024)): \(reason)"
        case .interrupted: return "interrupted"
        case .failed(let message): return message
        case .missing(let message): return message
        }
    }

    /// A short, single-line, control-free rendering of user text for error messages.
    static func printable(_ text: String, limit: Int = 40) -> String {
        var out = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count == limit { out += "…"; break }
            if scalar.value < 0x20 || scalar.value == 0x7F {
                out += "^" + String(UnicodeScalar(UInt8(scalar.value ^ 0x40)))
            } else {
                out.unicodeScalars.append(scalar)
            }
            count += 1
        }
        return out
    }

    /// One line for any error: lab errors as they are, others by their description.
    public static func line(for error: any Error) -> String {
        let text: String
        if let lab = error as? LabError { text = lab.description } else { text = String(describing: error) }
        return text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
