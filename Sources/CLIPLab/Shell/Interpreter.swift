/// Runs command lines against the table and the session: the engine under the REPL,
/// piped scripts, one-shot use and notebooks.
public final class Interpreter {
    public var context: Context
    /// Where error lines go besides the cell's recorded output (stderr for a shell).
    private let reportError: (String) -> Void

    public init(context: Context, reportError: @escaping (String) -> Void = Interpreter.writeToStandardError) {
        self.context = context
        self.reportError = reportError
    }

    /// Writes an error line to stderr.
    public static func writeToStandardError(_ line: String) { Terminal.writeError(line + "\n") }

    /// What one input did.
    public struct CellResult: Sendable, Equatable {
        /// Everything printed, the error line included.
        public var output: String
        /// The one-line error (without `error: `), nil on success.
        public var error: String?
        /// False for blank lines and `#` comments.
        public var ran: Bool
        /// 0 on success, 2 for a mistyped command or arguments, 1 for other failures.
        public var status: Int32 = 0

        public var failed: Bool { error != nil }
    }

    /// Splits and runs one line, records it as a cell and prints its output.
    @discardableResult
    public func run(line: String) -> CellResult {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        if trimmed.isEmpty || trimmed.hasPrefix("#") { return CellResult(output: "", error: nil, ran: false) }
        if ExpressionCell.isExpression(line, table: context.table, variables: context.session.variables) {
            return perform(source: line, words: [String(trimmed.prefix { !$0.isWhitespace })], records: true) { context in
                try ExpressionCell.run(line, in: &context)
            }
        }
        do {
            return run(words: try ShellWords.split(line), source: line)
        } catch {
            return finish(source: line, output: "", error: error, records: true)
        }
    }

    /// Runs already-split words (one-shot `argv`).
    @discardableResult
    public func run(words: [String], source: String? = nil) -> CellResult {
        guard !words.isEmpty else { return CellResult(output: "", error: nil, ran: false) }
        let records = context.table.lookup(words[0])?.recordsCell ?? true
        return perform(source: source ?? ShellWords.join(words), words: words, records: records) { context in
            try Interpreter.execute(words, in: &context)
        }
    }

    /// Runs `body` with the console captured, prints its output (an expression error's caret
    /// line first), records the cell and tells the lesson engine.
    private func perform(source: String, words: [String], records: Bool,
                         _ body: (inout Context) throws -> Output) -> CellResult {
        context.console.beginCapture()
        var failure: (any Error)?
        do {
            var working = context
            let output = try body(&working)
            context = working
            if !output.text.isEmpty {
                context.console.writeResult(output.text.hasSuffix("\n") ? output.text : output.text + "\n")
            }
        } catch {
            if let cell = error as? ExpressionCell.CellError, !cell.caret.isEmpty { context.console.write(cell.caret + "\n") }
            failure = error
        }
        let printed = context.console.endCapture()
        let result = finish(source: source, output: printed, error: failure, records: records)
        LessonEngine.afterInput(words, failed: result.failed, in: &context)
        return result
    }

    private func finish(source: String, output: String, error raised: (any Error)?, records: Bool) -> CellResult {
        // Library loops stop on Ctrl-C with CancellationError: the user sees the same word.
        let error: (any Error)? = raised is CancellationError ? LabError.interrupted : raised
        var output = output
        var message: String?
        if let error {
            message = LabError.line(for: error)
            // After Ctrl-C the terminal has echoed ^C with no newline.
            let interrupted = (error as? LabError) == .interrupted && context.console.isInteractive
            reportError((interrupted ? "\n" : "") + "error: \(message!)")
            output += "error: \(message!)\n"
        }
        if records {
            let number = context.session.nextCellNumber
            context.session.cells.append(CellRecord(number: number, source: source, output: output, failed: error != nil))
        }
        context.session.nextCellNumber += 1
        var status: Int32 = 0
        if let error {
            switch error as? LabError {
            case .syntax?, .unknownCommand?, .usage?, .invalidValue?: status = 2
            default: status = error is ExpressionCell.CellError ? 2 : 1
            }
        }
        return CellResult(output: output, error: message, ran: true, status: status)
    }

    /// Resolves and runs words on `context`, keeping the session changes only on success.
    ///
    /// `--help` anywhere before `--` prints the command's help instead of running it.
    public static func execute(_ words: [String], in context: inout Context) throws -> Output {
        // A mistyped variable is as likely as a mistyped command.
        if let name = words.first, context.table.lookup(name) == nil {
            let names = context.table.allNames + context.session.variables.names
            throw LabError.unknownCommand(name, suggestions: EditDistance.suggestions(for: name, among: names))
        }
        let (command, prefix, rest) = try resolve(words, table: context.table)
        let beforeDashes = rest.prefix { $0 != "--" }
        if beforeDashes.contains("--help") || beforeDashes.contains("-h") {
            return Output(HelpFormatter.detail(command, prefix: prefix))
        }
        guard let handler = command.handler else {
            let names = command.subcommands.map(\.name)
            let usage = command.usage(prefix: prefix)
            if let word = rest.first {
                let near = EditDistance.suggestions(for: word, among: names, limit: 1)
                let hint = near.first.map { " (did you mean '\($0)'?)" } ?? ""
                throw LabError.usage("unknown subcommand '\(LabError.printable(word))'\(hint)", usage: usage)
            }
            throw LabError.usage("missing subcommand", usage: usage)
        }
        let args = try ArgumentParser.parse(rest, for: command, prefix: prefix)
        var working = context
        let output = try handler(&working, args)
        context = working
        return output
    }

    /// Splits, resolves and parses `line` against `table` without running anything: the
    /// checks a command line passes before its handler is called.
    ///
    /// Example: `try Interpreter.parse(line: "train --steps 50", table: .standard).command.name == "train"`
    public static func parse(line: String, table: CommandTable) throws -> (command: Command, args: ParsedArgs) {
        let words = try ShellWords.split(line)
        guard !words.isEmpty else { throw LabError.syntax("empty command line") }
        let (command, prefix, rest) = try resolve(words, table: table)
        return (command, try ArgumentParser.parse(rest, for: command, prefix: prefix))
    }

    /// The command (or subcommand) words name, the words naming it, and its arguments.
    static func resolve(_ words: [String], table: CommandTable) throws(LabError) -> (Command, String, [String]) {
        let name = words[0]
        guard var command = table.lookup(name) else {
            throw LabError.unknownCommand(name, suggestions: EditDistance.suggestions(for: name, among: table.allNames))
        }
        var prefix = ""
        var rest = Array(words.dropFirst())
        while let word = rest.first, let sub = command.subcommand(word) {
            prefix = prefix.isEmpty ? command.name : "\(prefix) \(command.name)"
            command = sub
            rest.removeFirst()
        }
        return (command, prefix, rest)
    }
}
