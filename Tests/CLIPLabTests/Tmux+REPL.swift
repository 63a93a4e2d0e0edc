import Foundation
import Testing

/// Talking to the REPL through tmux: a clean prompt, a command and its answer, the session's state.
extension Tmux {
    /// What `model --json` and `batch show --json` answer: the state abuse must not change.
    struct State: Equatable, CustomStringConvertible {
        var model: String
        var batch: String
        var description: String { "model: \(model.prefix(160))…\nbatch: \(batch)" }
    }

    /// Starts cliplab and gives it state worth keeping: a short trained toy model and a
    /// batch of three pairs. Returns the terminal and that state.
    static func withState(columns: Int = 110, term: String = "xterm-256color") throws -> (Tmux, State) {
        let tmux = try Tmux(columns: columns, term: term)
        try tmux.waitFor("[1]> ")
        _ = try tmux.ask("train --steps 4 --seed 3", timeout: 60)
        _ = try tmux.ask("batch toy 3 --seed 2")
        let state = try tmux.state()
        #expect(state.model.contains("\"origin\":\"trained here: 4 steps, seed 3\""))
        #expect(state.batch.hasPrefix("[{\"image\":\"toy:") && state.batch.contains("\"caption\""))
        return (tmux, state)
    }

    /// Asks `model --json` and `batch show --json`.
    func state() throws -> State {
        State(model: try ask("model --json"), batch: try ask("batch show --json"))
    }

    /// The number of the empty prompt the REPL waits at, after Ctrl-C has cleared whatever
    /// was typed (or stopped whatever ran). Only a prompt drawn after the Ctrl-C counts: an
    /// empty prompt already on the screen may belong to a REPL that has not read the key yet.
    func cleanPrompt(timeout: TimeInterval = 20) throws -> Int {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let before = screen()
            send("C-c")
            let settle = Date().addingTimeInterval(1)
            while Date() < settle {
                Thread.sleep(forTimeInterval: 0.05)
                let now = screen()
                if now != before, let n = Tmux.emptyPrompt(in: now) { return n }
            }
        }
        throw Timeout(text: "an empty prompt", screen: screen())
    }

    /// `n` when the last non-empty line is an empty prompt `… [n]>`.
    static func emptyPrompt(in screen: String) -> Int? {
        guard let last = screen.split(separator: "\n").last(where: { !$0.allSatisfy(\.isWhitespace) }) else { return nil }
        let line = last.trimmingCharacters(in: .whitespaces)
        guard line.hasSuffix("]>"), let open = line.lastIndex(of: "[") else { return nil }
        return Int(line[line.index(after: open)..<line.index(line.endIndex, offsetBy: -2)])
    }

    /// Types `command` at a clean prompt and returns what it printed (the lines between
    /// the command and the next prompt).
    func ask(_ command: String, timeout: TimeInterval = 20) throws -> String {
        let n = try cleanPrompt()
        send(command)
        send("Enter")
        try waitFor("[\(n + 1)]> ", timeout: timeout)
        return Tmux.output(of: command, at: n, in: screen())
    }

    /// The lines printed between `[n]> command` and the prompt `[n+1]> `.
    static func output(of command: String, at n: Int, in screen: String) -> String {
        guard let start = screen.range(of: "[\(n)]> " + command, options: .backwards),
              let end = screen.range(of: "[\(n + 1)]> ", range: start.upperBound..<screen.endIndex) else { return "" }
        let lines = screen[start.upperBound..<end.lowerBound].split(separator: "\n", omittingEmptySubsequences: false)
        return lines.dropFirst().dropLast().joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
