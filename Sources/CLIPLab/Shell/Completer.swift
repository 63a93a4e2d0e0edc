import CLIPExpressions
import Foundation

/// Tab completion from the command table: command names, subcommands, option names,
/// files, lesson names, settings and toy-world words.
public struct Completer: Sendable {
    public var table: CommandTable
    /// Lesson ids and numbers of the current language.
    public var lessonNames: [String]
    /// Toy-world picture specs (`toy:red-circle`…), offered where a file is and after `toy:`.
    public var toyWords: [String]
    /// Directory relative paths are completed against.
    public var directory: String
    /// Bound variable names, offered with the functions inside expression cells.
    public var variables: [String] = []

    public init(table: CommandTable, lessonNames: [String] = [], toyWords: [String] = [],
                directory: String = FileManager.default.currentDirectoryPath) {
        self.table = table
        self.lessonNames = lessonNames
        self.toyWords = toyWords
        self.directory = directory
    }

    /// Candidates for the word being typed at the end of `line` (the text before the cursor).
    ///
    /// Example: `complete("tok")` -> `["tokenize"]`; `complete("set lang ")` -> `["en", "zh"]`.
    public func complete(_ line: String) -> [String] {
        let partial = ShellWords.splitPartial(line)
        let word = partial.current ?? ""
        let words = partial.words
        guard let first = words.first else {
            let names = word.contains(where: { !($0.isLetter || $0.isNumber || $0 == "_") }) ? [] : commandNames(word)
            return Array(Set(names + expressionNames(word))).sorted()
        }
        if first == "print" || table.lookup(first) == nil || line.contains("=") && table.lookup(first) == nil {
            return expressionNames(word)
        }
        guard var command = table.lookup(first) else { return [] }
        var rest = Array(words.dropFirst())
        var descended = false
        while let next = rest.first, let sub = command.subcommand(next) { command = sub; rest.removeFirst(); descended = true }
        if word.hasPrefix("-") { return filter(command.allOptions.map { "--\($0.name)" }, word) }
        // A value for the option just typed?
        if let previous = rest.last, ArgumentParser.looksLikeOption(previous), !previous.contains("="),
           let option = command.allOptions.first(where: { "--\($0.name)" == previous || ($0.short.map { "-\($0)" } == previous) }),
           !option.isFlag {
            return candidates(option.completion, word, command: command, positionals: [])
        }
        let positionals = positionalWords(rest, command: command)
        var found: [String] = []
        if !descended && positionals.isEmpty && !command.subcommands.isEmpty {
            found += filter(command.subcommands.map(\.name), word)
        }
        let index = positionals.count
        let spec = command.positionals
        if !spec.isEmpty {
            let last = spec[spec.count - 1]
            let kind: CompletionKind? = index < spec.count ? spec[index].completion
                : (last.arity == .variadic || last.arity == .oneOrMore) ? last.completion : nil
            if let kind { found += candidates(kind, word, command: command, positionals: positionals) }
        }
        return Array(Set(found)).sorted()
    }

    /// The positional words among `rest`, skipping options and their values.
    private func positionalWords(_ rest: [String], command: Command) -> [String] {
        var result: [String] = []
        var index = 0
        while index < rest.count {
            let w = rest[index]
            index += 1
            if ArgumentParser.looksLikeOption(w) {
                let option = command.allOptions.first { "--\($0.name)" == w || ($0.short.map { "-\($0)" } == w) }
                if let option, !option.isFlag { index += 1 }
                continue
            }
            result.append(w)
        }
        return result
    }

    private func candidates(_ kind: CompletionKind, _ word: String, command: Command, positionals: [String]) -> [String] {
        switch kind {
        case .none: return []
        case .commands: return commandNames(word)
        case .files: return word.hasPrefix("toy:") ? filter(toyWords, word) : files(word)
        case .lessons: return filter(lessonNames, word)
        case .toyWords: return filter(toyWords, word)
        case .words(let values, orPath: false): return filter(values, word)
        case .words(let names, orPath: true): return filter(names, word) + (word.isEmpty ? [] : files(word))
        case .settings:
            if positionals.isEmpty { return filter(Settings.keys.map(\.name), word) }
            let values = Settings.keys.first { $0.name == positionals[0] }?.values ?? []
            return filter(values, word)
        }
    }

    /// In an expression: functions and bound variables completing the name at the end of `word`
    /// (`softmax(lo` → `softmax(logits`).
    private func expressionNames(_ word: String) -> [String] {
        let isName: (Character) -> Bool = { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
        let stem = String(word.reversed().prefix(while: isName).reversed())
        guard !stem.isEmpty || word.last.map({ "([,=+-*/@ ".contains($0) }) == true else { return [] }
        let head = String(word.dropLast(stem.count))
        return filter(ExpressionFunction.names + variables, stem).map { head + $0 }
    }

    /// Command names starting with `word`; aliases only when no name does.
    private func commandNames(_ word: String) -> [String] {
        let names = filter(table.commands.map(\.name), word)
        return names.isEmpty ? filter(table.commands.flatMap(\.aliases), word) : names
    }

    private func filter(_ names: [String], _ word: String) -> [String] {
        var seen = Set<String>()
        return names.filter { $0.hasPrefix(word) && seen.insert($0).inserted }.sorted()
    }

    /// Paths starting with `word`; folders end with `/`. Hidden files only when asked for.
    func files(_ word: String) -> [String] {
        // `~` is the HOME the rest of CLIPLab uses (PathExpansion), not the account's entry.
        if word.hasPrefix("~") && !word.contains("/") && !word.contains("$") {
            return word == "~" ? ["~/"] : []
        }
        let expanded = PathExpansion.tilde(word, environment: ProcessInfo.processInfo.environment)
        let slash = expanded.lastIndex(of: "/")
        let dirPart = slash.map { String(expanded[...$0]) } ?? ""
        let namePart = slash.map { String(expanded[expanded.index(after: $0)...]) } ?? expanded
        let shownDir = word.lastIndex(of: "/").map { String(word[...$0]) } ?? ""
        let listDir = dirPart.hasPrefix("/") ? dirPart : directory + "/" + dirPart
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: listDir) else { return [] }
        return names.filter { $0.hasPrefix(namePart) && (namePart.hasPrefix(".") || !$0.hasPrefix(".")) }
            .sorted()
            .prefix(500)
            .map { name in
                var isDir: ObjCBool = false
                _ = FileManager.default.fileExists(atPath: listDir + name, isDirectory: &isDir)
                return shownDir + name + (isDir.boolValue ? "/" : "")
            }
    }
}
