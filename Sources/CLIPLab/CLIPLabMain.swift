import CLIPCore
import Foundation

/// Entry point of the `cliplab` executable.
///
/// - no arguments, terminal on stdin: the interactive REPL;
/// - no arguments, stdin not a terminal: run the lines of stdin as a script;
/// - `cliplab COMMAND ARGS…`: run one command; exit 0, or non-zero with one `error: …` line.
public enum CLIPLabMain {
    public static let version = "0.1.0"

    /// - Parameter table: the commands; the executable adds the front ends built on top of
    ///   this module (`kernel`) to the standard table.
    public static func run(_ arguments: [String], table: CommandTable = .standard) -> Int32 {
        // Every command allocates and frees the same large tensors (a training step, a batch
        // of images); keep them in the heap rather than page-faulting them back each time.
        HeapTuning.keepFreedMemory()
        let interactive = arguments.isEmpty && Terminal.stdinIsTerminal
        var settings = Settings.fromEnvironment(isTerminal: Terminal.stdoutIsTerminal)
        let saved = SettingsFile.load(from: SettingsFile.defaultPath)
        SettingsFile.apply(saved, to: &settings, terminal: Terminal.stdoutIsTerminal)
        let cancellation: Cancellation = interactive ? .interrupt : .never
        let console = Console.standard(interactive: interactive, cancellation: cancellation)
        // A piped script's errors say which line: `line 2: error: unknown command …`.
        let lineNumber = ScriptLine()
        let numbered = arguments.isEmpty && !interactive
        let report: (String) -> Void = { line in
            Interpreter.writeToStandardError(numbered ? "line \(lineNumber.value): \(line)" : line)
        }
        let interpreter = Interpreter(context: Context(session: Session(settings: settings), console: console, table: table), reportError: report)
        interpreter.context.settingsPath = SettingsFile.defaultPath
        if interactive { return REPL(interpreter: interpreter, widthWasSaved: saved["width"] != nil).run() }
        if arguments.isEmpty { return runScript(interpreter, lineNumber: lineNumber) }
        interpreter.context.standardInputIsFree = true
        var words = arguments
        switch words[0] {
        case "--help", "-h": words[0] = "help"
        case "--version", "-V": words[0] = "version"
        default: break
        }
        // `cliplab "softmax(arange(3))"`: an expression cell, one-shot.
        let joined = words.joined(separator: " ")
        if interpreter.context.table.lookup(words[0]) == nil,
           ExpressionCell.isExpression(joined, table: interpreter.context.table, variables: interpreter.context.session.variables) {
            return interpreter.run(line: joined).status
        }
        return interpreter.run(words: words).status
    }

    /// Runs stdin line by line, no echo; non-zero if any command failed.
    static func runScript(_ interpreter: Interpreter, lineNumber: ScriptLine = ScriptLine()) -> Int32 {
        var status: Int32 = 0
        while let line = readLine(strippingNewline: true) {
            lineNumber.value += 1
            let result = interpreter.run(line: line)
            if result.failed { status = 1 }
            if interpreter.context.quitRequested { break }
        }
        return status
    }
}

/// The number of the script line being run (1-based), shared with the error reporter.
final class ScriptLine: @unchecked Sendable {
    var value = 0
}
