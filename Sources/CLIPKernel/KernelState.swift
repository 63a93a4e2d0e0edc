import CLIPLab
import CLIPViz
import Foundation

/// What the shell channel keeps between requests: the interpreter (and so the session),
/// the execution count and the history of executed cells.
public final class KernelState {
    let interpreter: Interpreter
    let output: KernelOutput
    var executionCount = 0
    /// `(execution count, code, text output)` of each stored cell.
    public var history: [(number: Int, code: String, output: String)] = []

    public init(settings: Settings, table: CommandTable) {
        output = KernelOutput()
        let sink = output
        let console = Console(isTerminal: false, isInteractive: false, cancellation: .interrupt) { sink.stream($0) }
        console.presentResult = { sink.result($0) }
        console.presentRich = { sink.rich($0) }
        console.presentClear = { sink.clear() }
        var context = Context(session: Session(settings: settings), console: console, table: table)
        context.progressPath = nil
        interpreter = Interpreter(context: context, reportError: { _ in })
    }
}

/// Routes what commands print to iopub, tagged with the request being executed.
final class KernelOutput: @unchecked Sendable {
    /// Publishes `(msg_type, content, parent)`; set once the server exists.
    var publish: (String, [String: Any], [String: Any]) -> Void = { _, _, _ in }
    /// The header of the execute request being run.
    var parent: [String: Any] = [:]
    /// Everything streamed for the current request (history output).
    var transcript = ""
    var silent = false
    /// The count of the request being run (for `execute_result`).
    var executionCount = 0

    /// Plain text to stdout, without terminal escapes.
    func stream(_ text: String) {
        let plain = ANSIText.plain(text)
        transcript += plain
        guard !silent, !plain.isEmpty else { return }
        publish("stream", ["name": "stdout", "text": plain], parent)
    }

    /// A command's final output: JSON becomes an `execute_result` (`application/json` and
    /// `text/plain`), anything else streams.
    func result(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasPrefix("{") || trimmed.hasPrefix("["),
              let value = try? JSONSerialization.jsonObject(with: Data(trimmed.utf8), options: [.fragmentsAllowed]) else {
            return stream(text)
        }
        transcript += text
        guard !silent else { return }
        publish("execute_result", ["execution_count": executionCount, "metadata": [String: Any](),
                                   "data": ["application/json": value, "text/plain": trimmed]], parent)
    }

    /// The rich form of a drawing as `display_data` (or `update_display_data` for a live one).
    func rich(_ output: RichOutput) {
        var data: [String: Any] = ["text/plain": ANSIText.plain(output.text)]
        if let png = output.png { data["image/png"] = Data(png).base64EncodedString() }
        if let html = output.html { data["text/html"] = html }
        display(data, id: output.id, update: output.update)
    }

    /// `clear_output`: the front end empties the cell's output.
    func clear() {
        guard !silent else { return }
        publish("clear_output", ["wait": false], parent)
    }

    /// A picture, table or JSON value under its MIME types (`image/png` base64, `text/html`, …).
    func display(_ data: [String: Any], id: String? = nil, update: Bool = false) {
        guard !silent else { return }
        var content: [String: Any] = ["data": data, "metadata": [String: Any]()]
        if let id { content["transient"] = ["display_id": id] }
        publish(update ? "update_display_data" : "display_data", content, parent)
    }
}
