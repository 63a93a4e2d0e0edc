/// One REPL command, declared once as data.
///
/// The same value drives the interactive REPL, one-shot use (`cliplab NAME ARGS…`),
/// `help`, tab completion and the lesson engine. A command either has a handler, or
/// subcommands (the first word picks one), or both (the handler runs when the first
/// word is not a subcommand, as in `lesson 3` next to `lesson run FILE`).
///
/// Example:
/// ```swift
/// Command(name: "version", summary: "Print the version",
///         help: "Prints the CLIPLab version.\n\nExample: version --json",
///         json: true) { _, args in args.json ? .json(.object([("version", .string(v))])) : Output(v) }
/// ```
public struct Command: Sendable {
    /// Runs the command on the session (changes are kept only when it returns normally).
    public typealias Handler = @Sendable (inout Context, ParsedArgs) throws -> Output

    public var name: String
    public var aliases: [String]
    /// Where `help` lists it.
    public var group: CommandGroup
    /// One line for the command list.
    public var summary: String
    /// Several lines for `help NAME`, ending with an example.
    public var help: String
    public var positionals: [Positional]
    public var options: [Option]
    /// Whether `--json` is accepted (every command that prints results should).
    public var json: Bool
    public var subcommands: [Command]
    /// Whether the REPL records the input as a notebook cell (false for `save`, `quit`, …).
    public var recordsCell: Bool
    public var handler: Handler?

    public init(name: String, aliases: [String] = [], group: CommandGroup = .session,
                summary: String, help: String, positionals: [Positional] = [], options: [Option] = [],
                json: Bool = false, subcommands: [Command] = [], recordsCell: Bool = true,
                handler: Handler? = nil) {
        self.name = name
        self.aliases = aliases
        self.group = group
        self.summary = summary
        self.help = help
        self.positionals = positionals
        self.options = options
        self.json = json
        self.subcommands = subcommands
        self.recordsCell = recordsCell
        self.handler = handler
    }

    /// All options including the implied `--json`.
    public var allOptions: [Option] {
        json ? options + [Option.flag("json", help: "print the result as JSON")] : options
    }

    /// The subcommand named `word`, if any.
    public func subcommand(_ word: String) -> Command? {
        subcommands.first { $0.name == word || $0.aliases.contains(word) }
    }

    /// `name [options] ARGS…`, e.g. `tokenize [--trace] [--context-length N] [--json] TEXT…`.
    public func usage(prefix: String = "") -> String {
        let head = prefix.isEmpty ? name : "\(prefix) \(name)"
        var parts = [head]
        if !subcommands.isEmpty {
            let names = subcommands.map(\.name).joined(separator: "|")
            parts.append(handler == nil ? names : "[\(names)]")
        }
        for option in allOptions { parts.append(option.required ? option.usage : "[\(option.usage)]") }
        for positional in positionals { parts.append(positional.usage) }
        return parts.joined(separator: " ")
    }
}

/// Headings under which `help` lists commands.
public enum CommandGroup: String, CaseIterable, Sendable {
    case session = "Session"
    case text = "Text"
    case image = "Images"
    case model = "Model"
    case training = "Training"
    case lessons = "Lessons"
    case tools = "Tools"
}

/// What tab completion offers for an argument or option value.
///
/// The word lists share one payload case on purpose: in an enum with two payload cases Swift keeps
/// the case number in the spare bits of the array pointer, and LeakSanitizer, which looks for plain
/// pointers, then reports a list built at run time (`allCases.map`) in a global command as leaked.
public enum CompletionKind: Sendable, Equatable {
    case none
    case commands
    case files
    case lessons
    case toyWords
    case settings
    /// One of these words; with `orPath`, a path as well (`load`, `--model`).
    case words([String], orPath: Bool)

    /// One of these words.
    public static func choices(_ words: [String]) -> CompletionKind { .words(words, orPath: false) }
    /// A model: one of these names, or a path.
    public static func nameOrPath(_ names: [String]) -> CompletionKind { .words(names, orPath: true) }
}

extension CompletionKind {
    /// Files and models are paths: `~` and `$VAR` are expanded in them.
    var isPath: Bool {
        switch self {
        case .files, .words(_, orPath: true): return true
        default: return false
        }
    }
}

/// A positional argument.
public struct Positional: Sendable {
    public enum Arity: Sendable { case required, optional, variadic, oneOrMore }
    /// Shown in usage, e.g. `TEXT` or `FILE`.
    public var name: String
    public var arity: Arity
    public var completion: CompletionKind
    /// What may stand instead of an optional positional, shown in usage: `(TEXT…|--stdin)`.
    public var alternative: String?

    public init(_ name: String, _ arity: Arity = .required, completion: CompletionKind = .none) {
        self.name = name
        self.arity = arity
        self.completion = completion
    }

    /// Whether values are paths (expanded like a shell would: `~`, `$HOME`).
    var isPath: Bool { completion.isPath }

    var usage: String {
        if let alternative { return "(\(name)…|\(alternative))" }
        switch arity {
        case .required: return name
        case .optional: return "[\(name)]"
        case .variadic: return "[\(name)…]"
        case .oneOrMore: return "\(name)…"
        }
    }
}

/// A `--name` option: a flag, or one that takes a value (possibly repeated).
public struct Option: Sendable {
    public var name: String
    /// Single-letter spelling, e.g. `o` for `-o`.
    public var short: Character?
    /// The value's placeholder (`N`, `FILE`), or nil for a flag.
    public var valueName: String?
    public var repeatable: Bool
    public var help: String
    public var completion: CompletionKind
    /// Shown without brackets in usage; the parser refuses a line without it.
    public var required = false
    /// What the value must be; the parser checks it, so a handler reads it converted.
    public var kind: Kind = .text

    /// The values an option takes.
    public enum Kind: Sendable {
        case text
        /// An integer in the range.
        case integer(ClosedRange<Int>)
        /// A finite number in the range (`aboveLower`: the lower bound itself is refused), and an example.
        case number(ClosedRange<Double>, aboveLower: Bool, example: String)
    }

    public static func flag(_ name: String, short: Character? = nil, help: String) -> Option {
        Option(name: name, short: short, valueName: nil, repeatable: false, help: help, completion: .none)
    }

    public static func value(_ name: String, _ valueName: String, short: Character? = nil, repeatable: Bool = false,
                             required: Bool = false, completion: CompletionKind = .none, help: String) -> Option {
        var option = Option(name: name, short: short, valueName: valueName, repeatable: repeatable, help: help, completion: completion)
        option.required = required
        return option
    }

    /// An option whose value is an integer in `range`.
    public static func integer(_ name: String, _ valueName: String, in range: ClosedRange<Int>, help: String) -> Option {
        var option = value(name, valueName, help: help)
        option.kind = .integer(range)
        return option
    }

    /// An option whose value is a finite number in `range` (above its lower bound when `aboveLower`).
    public static func number(_ name: String, _ valueName: String, in range: ClosedRange<Double>, aboveLower: Bool = false,
                              example: String, help: String) -> Option {
        var option = value(name, valueName, help: help)
        option.kind = .number(range, aboveLower: aboveLower, example: example)
        return option
    }

    /// What a value must be, for the error when it is not (nil: any text).
    var expected: String? {
        switch kind {
        case .text: return nil
        case .integer(let range): return ParsedArgs.expectedInteger(range)
        case .number(let range, let aboveLower, let example):
            let low = String(format: "%g", range.lowerBound), high = String(format: "%g", range.upperBound)
            if range.upperBound == .greatestFiniteMagnitude { return "a number \(aboveLower ? ">" : "≥") \(low), e.g. \(example)" }
            return "a number in \(aboveLower ? "(" : "[")\(low), \(high)], e.g. \(example)"
        }
    }

    /// Checks `text` against the option's kind; the one error every typed option gives.
    func check(_ text: String) throws(LabError) {
        let fits: Bool
        switch kind {
        case .text: return
        case .integer(let range): fits = Int(text).map(range.contains) ?? false
        case .number(let range, let aboveLower, _):
            fits = Double(text).map { $0.isFinite && range.contains($0) && !(aboveLower && $0 == range.lowerBound) } ?? false
        }
        if !fits { throw LabError.invalidValue(name: "--\(name)", value: text, expected: expected ?? "") }
    }

    /// The error for a required option that is missing from a line.
    func missing(usage: String) -> LabError { .usage("missing \(self.usage)", usage: usage) }

    var isFlag: Bool { valueName == nil }
    var isPath: Bool { completion.isPath }

    var usage: String {
        let spelled = "--\(name)" + (valueName.map { " \($0)" } ?? "")
        return repeatable ? spelled + "…" : spelled
    }
}
