import CLIPLab
import Foundation

extension KernelServer {
    /// Answers one verified request.
    func respond(to request: KernelMessage, on socket: ZMQSocket, control: Bool) {
        switch request.type {
        case "kernel_info_request":
            reply(request, on: socket, content: kernelInfo)
        case "shutdown_request":
            let restart = request.content["restart"] as? Bool ?? false
            reply(request, on: socket, content: ["status": "ok", "restart": restart])
            stop()
        case "interrupt_request":
            Interrupt.raise()
            reply(request, on: socket, content: ["status": "ok"])
        case "execute_request" where !control:
            execute(request, on: socket)
        case "complete_request" where !control:
            reply(request, on: socket, content: complete(request.content))
        case "inspect_request" where !control:
            reply(request, on: socket, content: inspect(request.content))
        case "is_complete_request" where !control:
            reply(request, on: socket, content: isComplete(request.content))
        case "history_request" where !control:
            reply(request, on: socket, content: history(request.content))
        case "comm_info_request" where !control:
            reply(request, on: socket, content: ["status": "ok", "comms": [String: Any]()])
        case "comm_open", "comm_msg", "comm_close":
            // No comms: the spec asks a kernel without them to ignore these.
            break
        default:
            let type = request.type
            log("refused unknown message type '\(KernelServer.clip(type))'\(control ? " on control" : "")")
            if type.hasSuffix("_request") {
                reply(request, on: socket, content: errorContent("UnknownMessage", "CLIPLab does not handle '\(KernelServer.clip(type))'"))
            }
        }
    }

    var kernelInfo: [String: Any] {
        ["status": "ok", "protocol_version": KernelMessage.protocolVersion, "implementation": "cliplab",
         "implementation_version": CLIPLabMain.version,
         "language_info": ["name": "cliplab", "version": CLIPLabMain.version, "mimetype": "text/x-cliplab",
                           "file_extension": ".clip", "codemirror_mode": "shell", "pygments_lexer": "bash"],
         "banner": "CLIPLab \(CLIPLabMain.version) — learn CLIP by running it. 'help' lists the commands, 'lessons' the lessons.",
         "help_links": [["text": "CLIPLab commands", "url": "https://github.com/cliplab/cliplab#readme"]],
         "debugger": false]
    }

    /// `complete_request`: the REPL's completion for the word before the cursor.
    func complete(_ content: [String: Any]) -> [String: Any] {
        guard let code = content["code"] as? String, let cursor = content["cursor_pos"] as? Int else {
            return errorContent("BadRequest", "complete_request needs 'code' (text) and 'cursor_pos' (a number)")
        }
        let scalars = Array(code.unicodeScalars)
        let end = min(max(cursor, 0), scalars.count)
        var start = end
        while start > 0 && scalars[start - 1] != "\n" { start -= 1 }
        let line = String(String.UnicodeScalarView(scalars[start..<end]))
        var wordStart = end
        while wordStart > start && !" \t".unicodeScalars.contains(scalars[wordStart - 1]) { wordStart -= 1 }
        let matches = Completer.forSession(state.interpreter.context).complete(line)
        return ["status": "ok", "matches": matches, "cursor_start": wordStart, "cursor_end": end, "metadata": [String: Any]()]
    }

    /// `inspect_request`: the help of the command on the cursor's line (or of the word under it).
    func inspect(_ content: [String: Any]) -> [String: Any] {
        guard let code = content["code"] as? String, let cursor = content["cursor_pos"] as? Int else {
            return errorContent("BadRequest", "inspect_request needs 'code' (text) and 'cursor_pos' (a number)")
        }
        let scalars = Array(code.unicodeScalars)
        let at = min(max(cursor, 0), scalars.count)
        var start = at, end = at
        while start > 0 && scalars[start - 1] != "\n" { start -= 1 }
        while end < scalars.count && scalars[end] != "\n" { end += 1 }
        let line = String(String.UnicodeScalarView(scalars[start..<end]))
        let words = (try? ShellWords.split(line)) ?? line.split(separator: " ").map(String.init)
        let table = state.interpreter.context.table
        var a = at, b = at
        while a > start && !" \t".unicodeScalars.contains(scalars[a - 1]) { a -= 1 }
        while b < end && !" \t".unicodeScalars.contains(scalars[b]) { b += 1 }
        let word = String(String.UnicodeScalarView(scalars[a..<b]))
        var topic: [String] = []
        if table.lookup(word) != nil { topic = [word] }
        if let first = words.first, let command = table.lookup(first) {
            topic = [first]
            if words.count > 1, command.subcommand(words[1]) != nil { topic.append(words[1]) }
        }
        guard !topic.isEmpty else { return ["status": "ok", "found": false, "data": [String: Any](), "metadata": [String: Any]()] }
        var context = state.interpreter.context
        guard let help = try? Interpreter.execute(topic + ["--help"], in: &context) else {
            return ["status": "ok", "found": false, "data": [String: Any](), "metadata": [String: Any]()]
        }
        return ["status": "ok", "found": true, "data": ["text/plain": help.text], "metadata": [String: Any]()]
    }

    /// `is_complete_request`: a line ending in `\` continues; an open quote is incomplete;
    /// anything else runs (an unknown command is reported when it runs).
    func isComplete(_ content: [String: Any]) -> [String: Any] {
        guard let code = content["code"] as? String else {
            return errorContent("BadRequest", "is_complete_request needs 'code' (text)")
        }
        if code.hasSuffix("\\") { return ["status": "incomplete", "indent": ""] }
        for line in KernelServer.logicalLines(code) {
            if ShellWords.splitPartial(line).openQuote != nil { return ["status": "incomplete", "indent": ""] }
            if (try? ShellWords.split(line)) == nil { return ["status": "invalid"] }
        }
        return ["status": "complete"]
    }

    /// `history_request`: tail, range or search over the cells run in this kernel.
    func history(_ content: [String: Any]) -> [String: Any] {
        let output = content["output"] as? Bool ?? false
        let kind = content["hist_access_type"] as? String ?? "tail"
        var entries = state.history
        switch kind {
        case "range":
            let start = content["start"] as? Int ?? 0
            let stop = content["stop"] as? Int ?? Int.max
            entries = entries.filter { $0.number >= start && $0.number < stop }
        case "search":
            let pattern = content["pattern"] as? String ?? "*"
            entries = entries.filter { fnmatch(pattern, $0.code, 0) == 0 }
            if content["unique"] as? Bool ?? false {
                var seen = Set<String>()
                entries = entries.reversed().filter { seen.insert($0.code).inserted }.reversed()
            }
            if let n = content["n"] as? Int, n >= 0 { entries = Array(entries.suffix(n)) }
        default:
            if let n = content["n"] as? Int, n >= 0 { entries = Array(entries.suffix(n)) }
        }
        let rows: [[Any]] = entries.map { entry in
            output ? [1, entry.number, [entry.code, entry.output]] : [1, entry.number, entry.code]
        }
        return ["status": "ok", "history": rows]
    }

    /// A message type as logged: printable characters, at most 60.
    static func clip(_ text: String) -> String {
        let shown = String(text.unicodeScalars.filter { $0.value >= 32 && $0.value != 127 }.prefix(60).map(Character.init))
        return text.unicodeScalars.count > 60 ? shown + "…" : shown
    }

    /// Cell lines with `\`-continued lines joined.
    static func logicalLines(_ code: String) -> [String] {
        var lines: [String] = []
        var pending = ""
        for raw in code.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = String(raw)
            if line.hasSuffix("\r") { line.removeLast() }
            if line.hasSuffix("\\") {
                pending += line.dropLast() + " "
                continue
            }
            lines.append(pending + line)
            pending = ""
        }
        if !pending.isEmpty { lines.append(pending) }
        return lines
    }
}
