import CLIPLab
import Foundation

extension KernelState {
    /// The request types answered from the state alone, without the server: on shell, or on control too.
    static let shellAnswers: Set<String> = ["kernel_info_request", "complete_request", "inspect_request",
                                            "is_complete_request", "history_request", "comm_info_request"]
    static let controlAnswers: Set<String> = ["kernel_info_request"]

    /// The reply content for a request answered from the state alone (see `shellAnswers`),
    /// or nil for any other type (the server handles execute, shutdown, interrupt and comms).
    public func answer(_ request: KernelMessage, control: Bool) -> [String: Any]? {
        guard (control ? KernelState.controlAnswers : KernelState.shellAnswers).contains(request.type) else { return nil }
        switch request.type {
        case "kernel_info_request": return kernelInfo
        case "complete_request": return complete(request.content)
        case "inspect_request": return inspect(request.content)
        case "is_complete_request": return isComplete(request.content)
        case "history_request": return history(request.content)
        default: return ["status": "ok", "comms": [String: Any]()]
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
            return KernelMessage.errorContent("BadRequest", "complete_request needs 'code' (text) and 'cursor_pos' (a number)")
        }
        let scalars = Array(code.unicodeScalars)
        let end = min(max(cursor, 0), scalars.count)
        var start = end
        while start > 0 && scalars[start - 1] != "\n" { start -= 1 }
        let line = String(String.UnicodeScalarView(scalars[start..<end]))
        var wordStart = end
        while wordStart > start && !" \t".unicodeScalars.contains(scalars[wordStart - 1]) { wordStart -= 1 }
        let matches = Completer.forSession(interpreter.context).complete(line)
        return ["status": "ok", "matches": matches, "cursor_start": wordStart, "cursor_end": end, "metadata": [String: Any]()]
    }

    /// `inspect_request`: the help of the command on the cursor's line (or of the word under it).
    func inspect(_ content: [String: Any]) -> [String: Any] {
        guard let code = content["code"] as? String, let cursor = content["cursor_pos"] as? Int else {
            return KernelMessage.errorContent("BadRequest", "inspect_request needs 'code' (text) and 'cursor_pos' (a number)")
        }
        let scalars = Array(code.unicodeScalars)
        let at = min(max(cursor, 0), scalars.count)
        var start = at, end = at
        while start > 0 && scalars[start - 1] != "\n" { start -= 1 }
        while end < scalars.count && scalars[end] != "\n" { end += 1 }
        let line = String(String.UnicodeScalarView(scalars[start..<end]))
        let words = (try? ShellWords.split(line)) ?? line.split(separator: " ").map(String.init)
        let table = interpreter.context.table
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
        var context = interpreter.context
        guard let help = try? Interpreter.execute(topic + ["--help"], in: &context) else {
            return ["status": "ok", "found": false, "data": [String: Any](), "metadata": [String: Any]()]
        }
        return ["status": "ok", "found": true, "data": ["text/plain": help.text], "metadata": [String: Any]()]
    }

    /// `is_complete_request`: a line ending in `\` continues; an open quote is incomplete;
    /// anything else runs (an unknown command is reported when it runs).
    func isComplete(_ content: [String: Any]) -> [String: Any] {
        guard let code = content["code"] as? String else {
            return KernelMessage.errorContent("BadRequest", "is_complete_request needs 'code' (text)")
        }
        if code.hasSuffix("\\") { return ["status": "incomplete", "indent": ""] }
        for line in KernelState.logicalLines(code) {
            if ShellWords.splitPartial(line).openQuote != nil { return ["status": "incomplete", "indent": ""] }
            if (try? ShellWords.split(line)) == nil { return ["status": "invalid"] }
        }
        return ["status": "complete"]
    }

    /// `history_request`: tail, range or search over the cells run in this kernel.
    func history(_ content: [String: Any]) -> [String: Any] {
        let output = content["output"] as? Bool ?? false
        let kind = content["hist_access_type"] as? String ?? "tail"
        var entries = history
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
