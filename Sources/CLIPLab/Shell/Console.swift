import Foundation

/// Where command output goes: the terminal, and a capture buffer for notebook cells.
///
/// Commands return their final `Output`; long ones may also `write` progress while they
/// run, and `transient` status lines that only a terminal shows (not recorded in notebooks).
public final class Console: @unchecked Sendable {
    /// Whether stdout is a terminal that can redraw in place (not a pipe, not `TERM=dumb`).
    public let isTerminal: Bool
    /// Whether a person is typing (the REPL can wait for Enter between stages).
    public let isInteractive: Bool
    public let cancellation: Cancellation
    private let sink: (String) -> Void
    private var captures: [String] = []

    /// - Parameter sink: receives everything printed; nil discards (capture only).
    public init(isTerminal: Bool, isInteractive: Bool, cancellation: Cancellation = .never,
                sink: ((String) -> Void)?) {
        self.isTerminal = isTerminal
        self.isInteractive = isInteractive
        self.cancellation = cancellation
        self.sink = sink ?? { _ in }
    }

    /// A console that prints to stdout.
    public static func standard(interactive: Bool, cancellation: Cancellation) -> Console {
        Console(isTerminal: Terminal.stdoutDrawsLive, isInteractive: interactive, cancellation: cancellation) { text in
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }

    /// A console that only records (lesson runs, tests).
    public static func capturing() -> Console {
        Console(isTerminal: false, isInteractive: false, sink: nil)
    }

    /// Prints text as is and records it.
    public func write(_ text: String) {
        guard !text.isEmpty else { return }
        sink(text)
        for level in captures.indices { captures[level].append(text) }
    }

    /// Where a command's final output goes instead of the sink, for a front end that shows
    /// results apart from progress (the Jupyter kernel's `execute_result`); nil prints it.
    public var presentResult: ((String) -> Void)?
    /// Shows the rich form of a drawing (PNG, HTML) where a front end can; nil: text only.
    public var presentRich: ((RichOutput) -> Void)?
    /// Clears the front end's output (the Jupyter kernel's `clear_output`); nil: the terminal's screen.
    public var presentClear: (() -> Void)?

    /// Whether drawings' rich forms are wanted (so commands only render them then).
    public var showsRich: Bool { presentRich != nil }

    /// Hands a rich form to the front end, if it shows them (the text form is printed as usual).
    public func show(_ rich: @autoclosure () -> RichOutput?) {
        guard let presentRich, let value = rich() else { return }
        presentRich(value)
    }

    /// Prints a command's final output (or presents it, see `presentResult`) and records it.
    func writeResult(_ text: String) {
        guard let presentResult else { return write(text) }
        presentResult(text)
        for level in captures.indices { captures[level].append(text) }
    }

    /// Prints a line (adds the newline).
    public func line(_ text: String) { write(text + "\n") }

    /// A status line a terminal shows and then overwrites; not recorded, not shown in pipes.
    public func transient(_ text: String) {
        guard isTerminal else { return }
        sink("\r\u{1B}[2K" + text)
    }

    /// Erases the last transient line.
    public func clearTransient() {
        guard isTerminal else { return }
        sink("\r\u{1B}[2K")
    }

    /// In an interactive terminal, waits for Enter and returns false if the user typed `q`
    /// or pressed Ctrl-C; elsewhere returns true at once (piped runs print everything).
    public func waitForEnter(_ prompt: String = "— Enter for the next stage, q to stop —") -> Bool {
        guard isInteractive else { return true }
        sink(prompt)
        let answer = readAnswer()
        if isTerminal { sink("\r\u{1B}[1A\u{1B}[2K") }
        if cancellation.isCancelled() { return false }
        return answer.map { !$0.lowercased().hasPrefix("q") } ?? false
    }

    /// One line from stdin; nil at end of input or when Ctrl-C interrupts the wait
    /// (`readLine` would retry the interrupted read and wait on).
    private func readAnswer() -> String? {
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let n = read(STDIN_FILENO, &byte, 1)
            if n == 1 {
                if byte == 10 { break }
                bytes.append(byte)
            } else if n < 0 && errno == EINTR && !cancellation.isCancelled() {
                continue
            } else {
                if bytes.isEmpty { return nil }
                break
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Starts recording what is printed; captures nest (a check inside a cell).
    func beginCapture() { captures.append("") }

    /// Stops the innermost recording and returns it.
    func endCapture() -> String { captures.popLast() ?? "" }
}
