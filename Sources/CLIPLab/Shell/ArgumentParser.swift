import Foundation

/// Parses the words after a command name against the command's spec.
///
/// Accepts `--name value`, `--name=value`, `-x value`, flags, `--` to end options, and
/// negative numbers as positionals. Errors name the problem and carry the usage line.
///
/// A hand-written parser rather than swift-argument-parser: there, a command is a type
/// whose spec lives in property wrappers, while here the spec must be plain data that
/// completion and the lesson engine can read, and the package has no dependencies to fetch.
enum ArgumentParser {
    static func parse(_ words: [String], for command: Command, prefix: String = "") throws(LabError) -> ParsedArgs {
        let usage = command.usage(prefix: prefix)
        let options = command.allOptions
        var parsed = ParsedArgs(usage: usage, words: words)
        var index = 0
        var optionsEnded = false
        while index < words.count {
            let word = words[index]
            index += 1
            if optionsEnded || !looksLikeOption(word) {
                parsed.positionals.append(word)
                continue
            }
            if word == "--" { optionsEnded = true; continue }
            var name: String
            var inlineValue: String? = nil
            if word.hasPrefix("--") {
                name = String(word.dropFirst(2))
                if let eq = name.firstIndex(of: "=") {
                    inlineValue = String(name[name.index(after: eq)...])
                    name = String(name[..<eq])
                }
            } else {
                name = String(word.dropFirst())
            }
            let found = options.first { $0.name == name || (name.count == 1 && $0.short == name.first) }
            guard let option = found else {
                let near = EditDistance.suggestions(for: name, among: options.map(\.name), limit: 1)
                let hint = near.first.map { " (did you mean --\($0)?)" } ?? ""
                throw LabError.usage("unknown option '\(LabError.printable(word))'\(hint)", usage: usage)
            }
            if option.isFlag {
                if inlineValue != nil { throw LabError.usage("--\(option.name) takes no value", usage: usage) }
                parsed.options[option.name] = ["true"]
                continue
            }
            let value: String
            if let inline = inlineValue {
                value = inline
            } else if index < words.count {
                value = words[index]
                index += 1
            } else {
                throw LabError.usage("--\(option.name) needs a value \(option.valueName ?? "")", usage: usage)
            }
            if !option.repeatable, parsed.options[option.name] != nil {
                throw LabError.usage("--\(option.name) given twice", usage: usage)
            }
            try option.check(value)
            parsed.options[option.name, default: []].append(option.isPath ? PathExpansion.expand(value) : value)
        }
        if let absent = options.first(where: { $0.required && parsed.options[$0.name] == nil }) {
            throw absent.missing(usage: usage)
        }
        for index in parsed.positionals.indices where positionalSpec(at: index, command.positionals)?.isPath == true {
            parsed.positionals[index] = PathExpansion.expand(parsed.positionals[index])
        }
        try checkSpaces(parsed.positionals, command.positionals, usage: usage)
        try checkCount(parsed.positionals, command.positionals, usage: usage)
        return parsed
    }

    /// The positional spec that the value at `index` fills (the last one repeats when variadic).
    static func positionalSpec(at index: Int, _ spec: [Positional]) -> Positional? {
        if index < spec.count { return spec[index] }
        guard let last = spec.last, last.arity == .variadic || last.arity == .oneOrMore else { return nil }
        return last
    }

    /// A path cut in two by an unquoted space (`show my photo.jpg`): say to quote it.
    private static func checkSpaces(_ values: [String], _ spec: [Positional], usage: String) throws(LabError) {
        for index in values.indices where positionalSpec(at: index, spec)?.isPath == true && index + 1 < values.count {
            let first = values[index]
            if first.hasPrefix("toy:") || FileManager.default.fileExists(atPath: first) { continue }
            for end in (index + 1)..<values.count {
                let joined = values[index...end].joined(separator: " ")
                if FileManager.default.fileExists(atPath: joined) {
                    throw LabError.usage("'\(LabError.printable(first))' does not exist but '\(LabError.printable(joined, limit: 80))' does — quote paths with spaces: \"\(joined)\"", usage: usage)
                }
            }
        }
    }

    /// `-x`, `--name`; not `-`, not `-3`, not `-0.5`.
    static func looksLikeOption(_ word: String) -> Bool {
        guard word.hasPrefix("-"), word.count > 1 else { return false }
        let second = word[word.index(after: word.startIndex)]
        return !(second.isNumber || second == ".")
    }

    private static func checkCount(_ values: [String], _ spec: [Positional], usage: String) throws(LabError) {
        let required = spec.filter { $0.arity == .required || $0.arity == .oneOrMore }
        if values.count < required.count {
            throw LabError.usage("missing \(required[values.count].name)", usage: usage)
        }
        let unbounded = spec.contains { $0.arity == .variadic || $0.arity == .oneOrMore }
        if !unbounded && values.count > spec.count {
            let extra = LabError.printable(values[spec.count], limit: 24)
            let path = spec.last?.isPath == true ? " (quote paths with spaces: \"\(values[(spec.count - 1)...].joined(separator: " "))\")" : ""
            throw LabError.usage("unexpected argument '\(extra)'\(LabError.printable(path, limit: 120))", usage: usage)
        }
    }
}
