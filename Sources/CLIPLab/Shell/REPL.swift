import CLIPCore
import CLIPData
import CLIPModel
import CLIPTraining
import Foundation

/// The interactive shell: numbered cells, context in the prompt, Ctrl-C that interrupts
/// the running command and never ends the session.
struct REPL {
    static let historyLimit: Int32 = 1000

    var interpreter: Interpreter
    /// A width kept from an earlier `set width` is not replaced by the terminal's.
    var widthWasSaved = false

    static var historyPath: String { UserFolders.history() }

    static func welcome(_ settings: Settings) -> String {
        if settings.lang == "zh" {
            return """
            CLIPLab \(CLIPLabMain.version) —— 边运行边学习 CLIP。先试试：
              tokenize "a photo of a cat"   看文本如何变成词元
              lessons                       课程列表（lesson 1 开始）
              help                          所有命令
            Tab 补全，Ctrl-C 中断，Ctrl-D 或 quit 退出。
            """
        }
        return """
        CLIPLab \(CLIPLabMain.version) — learn CLIP by running it. Try first:
          tokenize "a photo of a cat"   see text become tokens
          lessons                       the guided lessons (lesson 1 starts)
          help                          every command
        Tab completes, Ctrl-C interrupts, Ctrl-D or quit leaves.
        """
    }

    /// `toy · 4 pairs [3]> ` or `[1]> `.
    static func prompt(_ session: Session) -> String {
        let context = session.promptContext
        return (context.isEmpty ? "" : context + " ") + "[\(session.nextCellNumber)]> "
    }

    func completer() -> Completer { Completer.forSession(interpreter.context) }

    /// Runs until `quit` or Ctrl-D; returns the exit status (0).
    func run() -> Int32 {
        Interrupt.install()
        LineReader.configure(completer: completer())
        LineReader.loadHistory(REPL.historyPath, limit: REPL.historyLimit)
        defer { LineReader.truncateHistory(REPL.historyPath, limit: REPL.historyLimit) }
        Terminal.writePrompt(REPL.welcome(interpreter.context.settings) + "\n")
        var lang = interpreter.context.settings.lang
        // Drawings follow the terminal's width when it is resized, until `set width` picks one.
        var followedWidth: Int? = !widthWasSaved && ProcessInfo.processInfo.environment["COLUMNS"] == nil && Terminal.columns() != nil
            ? interpreter.context.settings.width : nil
        var offered: String? = nil
        var completerVariables: [String] = []
        while true {
            let session = interpreter.context.session
            let pending = session.lesson?.pending.first
            if let pending, pending != offered {
                // ↑ recalls the cell for editing; an empty Enter runs it as is.
                LineReader.offer(pending)
                offered = pending
            }
            let prompt = REPL.prompt(session)
            switch LineReader.read(prompt: prompt) {
            case .endOfInput:
                Terminal.writePrompt("\n")
                if let kept = LastToy.keep(&interpreter.context) { Terminal.writePrompt(kept + "\n") }
                return 0
            case .interrupted:
                continue
            case .line(var line):
                if line.trimmingCharacters(in: .whitespaces).isEmpty {
                    // Enter runs the waiting cell line; after a finished cell it checks or moves on.
                    guard let next = pending ?? session.lesson.flatMap(LessonEngine.enterAction) else { continue }
                    line = next
                    let redraw = Terminal.stdoutDrawsLive ? "\u{1B}[1A\r\u{1B}[2K\(prompt)" : "  "
                    Terminal.writePrompt(redraw + line + "\n")
                }
                if let followed = followedWidth, followed == interpreter.context.settings.width,
                   let columns = Terminal.columns() {
                    let width = min(max(columns, 20), 400)
                    interpreter.context.session.settings.width = width
                    followedWidth = width
                }
                LineReader.remember(line, in: REPL.historyPath)
                Interrupt.clear()
                interpreter.run(line: line)
                if Interrupt.isPending {
                    Interrupt.clear()
                }
                if interpreter.context.quitRequested { return 0 }
                let name = (try? ShellWords.split(line))?.first ?? ""
                if !LessonEngine.navigation.contains(name) || name == "check" || name == "solution",
                   let hint = LessonEngine.enterLine(interpreter.context) {
                    Terminal.writePrompt(hint + "\n")
                }
                if interpreter.context.settings.lang != lang || completerVariables != interpreter.context.session.variables.names {
                    lang = interpreter.context.settings.lang
                    completerVariables = interpreter.context.session.variables.names
                    LineReader.update(completer: completer())
                }
            }
        }
    }
}
