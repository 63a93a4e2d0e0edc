import Foundation

/// Facts about the terminal the REPL runs in.
enum Terminal {
    /// Whether stdin is an interactive terminal.
    static var stdinIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }
    /// Whether stdout is an interactive terminal.
    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
    /// Whether stdout is a terminal that understands cursor movement (not `TERM=dumb`):
    /// live redraws and status lines only go there.
    static var stdoutDrawsLive: Bool {
        stdoutIsTerminal && ProcessInfo.processInfo.environment["TERM"] != "dumb"
    }

    /// Where the REPL's prompt, echo and welcome go: stdout when it is the terminal, else
    /// stderr when that is (so `cliplab > out.txt` keeps out.txt free of prompts and echo).
    static var promptDescriptor: Int32 {
        !stdoutIsTerminal && isatty(STDERR_FILENO) == 1 ? STDERR_FILENO : STDOUT_FILENO
    }

    /// Writes REPL chrome (welcome, `^C`) where the prompt goes.
    static func writePrompt(_ text: String) {
        let handle = promptDescriptor == STDERR_FILENO ? FileHandle.standardError : FileHandle.standardOutput
        handle.write(Data(text.utf8))
    }

    /// The width of the terminal on stdout, if it has one.
    static func columns() -> Int? {
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }

    /// Writes to stderr without buffering.
    static func writeError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
