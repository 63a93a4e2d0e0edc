import Foundation

/// Facts about the terminal the REPL runs in.
enum Terminal {
    /// Whether stdin is an interactive terminal.
    static var stdinIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }
    /// Whether stdout is an interactive terminal.
    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

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
