import Foundation

/// Executes every cell of a notebook in a fresh session and records the outputs.
///
/// An exercise runs its solution, then its check. A `skip` cell keeps its recorded output.
public struct NotebookRunner {
    /// One cell that did not behave: failed unexpectedly, or its check failed.
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public var cell: Int
        public var message: String
        public var description: String { "cell \(cell): \(message)" }
    }

    public var table: CommandTable
    public var settings: Settings
    /// Polled between commands so Ctrl-C stops a long run.
    public var cancellation: Cancellation

    public init(table: CommandTable = .standard, settings: Settings = NotebookRunner.fixedSettings,
                cancellation: Cancellation = .never) {
        self.table = table
        self.settings = settings
        self.cancellation = cancellation
    }

    /// The language a lesson file is written in, from its folder (`…/zh/03.md` -> `zh`).
    public static func language(ofPath path: String) -> String? {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().lastPathComponent
        return Settings.languages.contains(folder) ? folder : nil
    }

    /// Settings that make outputs the same on every machine: no colour, 80 columns, seed 0.
    public static let fixedSettings = Settings(color: false, lang: "en", width: 80, seed: 0, threads: 0)

    /// The notebook with fresh outputs, and the cells that misbehaved.
    ///
    /// The language is the front matter's `lang`, else `lang` (a lesson's folder), else the settings'.
    public func run(_ notebook: Notebook, lessonRoot: String? = nil, lang: String? = nil) throws(LabError) -> (Notebook, [Problem]) {
        var settings = self.settings
        if let lang = notebook.meta("lang") ?? lang, Settings.languages.contains(lang) { settings.lang = lang }
        let console = Console(isTerminal: false, isInteractive: false, cancellation: cancellation, sink: nil)
        var context = Context(session: Session(settings: settings), console: console, table: table)
        context.lessonRoot = lessonRoot
        context.progressPath = "/dev/null"
        // The state the front matter declares (a fresh or trained toy model, a batch), built quietly.
        let setup = try LessonSetup(notebook)
        if !setup.isEmpty {
            do { _ = try setup.apply(in: &context, trainsFirst: LessonSetup.trains(notebook.cells.first)) } catch {
                throw LabError.failed("could not build the state the front matter declares: \(LabError.line(for: error))")
            }
        }
        let interpreter = Interpreter(context: context, reportError: { _ in })
        var result = notebook
        var problems: [Problem] = []
        var cellNumber = 0
        for (blockIndex, block) in notebook.blocks.enumerated() {
            guard case .cell(var cell) = block else { continue }
            cellNumber += 1
            if cell.isSkipped { continue }
            try cancellation.check()
            var output = ""
            var failures: [String] = []
            for line in cell.runnableLines {
                let ran = interpreter.run(line: line)
                output += ran.output
                if let error = ran.error { failures.append(error) }
            }
            if !failures.isEmpty && !cell.mayFail {
                problems.append(Problem(cell: cellNumber, message: "failed: \(failures[0])"))
            } else if failures.isEmpty && cell.mayFail {
                problems.append(Problem(cell: cellNumber, message: "is marked 'fails' but succeeded"))
            }
            if cell.isExercise, let missing = ExerciseTemplate.unmatched(cell.source, attempts: cell.runnableLines) {
                problems.append(Problem(cell: cellNumber, message: "the solution does not fit the exercise: \(missing)"))
            }
            if cell.isExercise, let check = cell.check {
                var probe = interpreter.context
                probe.console.beginCapture()
                defer { _ = probe.console.endCapture() }
                for line in check where !line.trimmingCharacters(in: .whitespaces).isEmpty {
                    do {
                        _ = try Interpreter.execute(try ShellWords.split(line), in: &probe)
                    } catch {
                        problems.append(Problem(cell: cellNumber, message: "check '\(line)' failed: \(LabError.line(for: error))"))
                        break
                    }
                }
            }
            cell.output = output
            result.blocks[blockIndex] = .cell(cell)
        }
        return (result, problems)
    }
}
