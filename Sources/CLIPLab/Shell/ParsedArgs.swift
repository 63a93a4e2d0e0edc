/// The arguments of one command after parsing against its spec.
///
/// Example: for `tokenize --context-length 8 a cat`, `positionals == ["a", "cat"]`,
/// `value(.contextLength) == "8"`. Options are looked up by their declared `Option`
/// (`args.value(.labels)`), never by a string, so a misspelt option does not compile.
public struct ParsedArgs: Sendable {
    public var positionals: [String]
    /// Option values in the order given; flags map to `["true"]`.
    public var options: [String: [String]]
    /// The usage line of the command, for error messages.
    public var usage: String
    /// The exact words as typed after the command name (for commands that pass a line on).
    public var words: [String]

    public init(positionals: [String] = [], options: [String: [String]] = [:], usage: String = "", words: [String] = []) {
        self.positionals = positionals
        self.options = options
        self.usage = usage
        self.words = words
    }

    /// Whether `--json` was given.
    public var json: Bool { options["json"] != nil }

    /// Whether the flag `option` was given.
    public func flag(_ option: Option) -> Bool { options[option.name] != nil }

    /// The last value given for `option`.
    public func value(_ option: Option) -> String? { options[option.name]?.last }

    /// Every value given for a repeatable `option`.
    public func values(_ option: Option) -> [String] { options[option.name] ?? [] }

    /// The value of an integer option (`Option.integer`), or `defaultValue` when absent.
    public func int(_ option: Option, default defaultValue: Int) throws(LabError) -> Int {
        guard let text = value(option) else { return defaultValue }
        try option.check(text)
        guard let n = Int(text) else { throw LabError.invalidValue(name: "--\(option.name)", value: text, expected: "an integer") }
        return n
    }

    /// The value of a number option (`Option.number`), or `defaultValue` when absent.
    public func number(_ option: Option, default defaultValue: Double) throws(LabError) -> Double {
        guard let text = value(option) else { return defaultValue }
        try option.check(text)
        guard let x = Double(text) else { throw LabError.invalidValue(name: "--\(option.name)", value: text, expected: "a number") }
        return x
    }

    /// The value of a required option (the parser refuses a line without it).
    public func required(_ option: Option) throws(LabError) -> String {
        guard let text = value(option) else { throw option.missing(usage: usage) }
        return text
    }

    /// The positional at `index` (nil when absent).
    public func positional(_ index: Int) -> String? {
        index < positionals.count ? positionals[index] : nil
    }

    /// Parses `text` as an integer in `range`, naming `name` in the error.
    public static func int(_ text: String, name: String, in range: ClosedRange<Int>) throws(LabError) -> Int {
        guard let n = Int(text), range.contains(n) else {
            throw LabError.invalidValue(name: name, value: text, expected: expectedInteger(range))
        }
        return n
    }

    /// "an integer 1…77", or "an integer ≥ 0" for a range without an upper end.
    static func expectedInteger(_ range: ClosedRange<Int>) -> String {
        range.upperBound == Int.max ? "an integer ≥ \(range.lowerBound)" : "an integer \(range.lowerBound)…\(range.upperBound)"
    }
}
