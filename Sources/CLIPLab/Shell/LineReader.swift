import CLIPCore
@preconcurrency import CReadline
import Foundation
import Synchronization

/// GNU readline through its callback interface, so that Ctrl-C at the prompt clears the
/// line instead of ending the program, with history and table-driven completion.
///
/// Readline calls back through C function pointers, which cannot capture context: the
/// state they need lives in `LineReader.shared`, behind a lock.
enum LineReader {
    enum Result: Equatable { case line(String), endOfInput, interrupted }

    private struct Shared: Sendable {
        var completer: Completer?
        var finished: Bool = false
        var line: String?
    }

    private static let shared = Locked(Shared())
    /// True while `read` waits at the prompt (the terminal is in readline's mode).
    private static let atPrompt = Atomic<Bool>(false)
    /// Set when the process continues after a real stop by Ctrl-Z: readline's terminal mode
    /// is restored and the prompt line drawn again.
    private static let resumed = Atomic<Bool>(false)
    /// The terminal's mode before readline changed it, for the Ctrl-Z handler: it may only
    /// make async-signal-safe calls, so it restores this with `tcsetattr` itself.
    nonisolated(unsafe) private static var shellMode = termios()

    /// Lines longer than this run but are not kept in the history (a pasted megabyte
    /// would otherwise be written to ~/.cliplab_history and recalled by ↑).
    static let longestRemembered = 4096

    /// Sets up readline once: our name, completion, no readline signal handlers.
    static func configure(completer: Completer) {
        shared.withLock { $0.completer = completer }
        rl_readline_name = UnsafePointer(strdup("cliplab")!)
        rl_catch_signals = 0
        if Terminal.promptDescriptor == STDERR_FILENO {
            rl_outstream = fdopen(STDERR_FILENO, "w")
        }
        // Readline 8.2's callback mode crashes when ESC ends a Ctrl-R search and the rest of an
        // escape sequence follows (Ctrl-R, ESC [ ? 1 0 4 9). Only Ctrl-J ends a search here;
        // arrows, Ctrl keys, Enter and Ctrl-G still leave it as before.
        rl_variable_bind("isearch-terminators", "\\C-J")
        // Bracketed-paste switches are escape codes: keep them out of files and pipes.
        if isatty(Terminal.promptDescriptor) != 1 { rl_variable_bind("enable-bracketed-paste", "off") }
        tcgetattr(STDIN_FILENO, &shellMode)
        installSuspendHandler()
        rl_completer_word_break_characters = UnsafePointer(strdup(" \t\n")!)
        rl_completer_quote_characters = UnsafePointer(strdup("\"'")!)
        rl_attempted_completion_function = { text, start, end in
            LineReader.completions(text: text, end: Int(end))
        }
    }

    /// Replaces what completion knows (lesson names change with the language).
    static func update(completer: Completer) { shared.withLock { $0.completer = completer } }

    /// Puts a line into the in-memory history (not the file), so ↑ recalls it for editing.
    static func offer(_ line: String) { add_history(line) }

    /// Reads one line, with `prefill` already typed.
    static func read(prompt: String, prefill: String? = nil) -> Result {
        shared.withLock { $0.finished = false; $0.line = nil }
        rl_callback_handler_install(prompt) { raw in
            let text = raw.map { String(cString: $0) }
            if let raw { free(raw) }
            LineReader.shared.withLock { $0.finished = true; $0.line = text }
            rl_callback_handler_remove()
        }
        if let prefill, !prefill.isEmpty {
            rl_insert_text(prefill)
            rl_redisplay()
        }
        resumed.store(false, ordering: .relaxed)
        atPrompt.store(true, ordering: .relaxed)
        defer { atPrompt.store(false, ordering: .relaxed) }
        func afterSuspend() {
            guard resumed.exchange(false, ordering: .relaxed) else { return }
            // Back from Ctrl-Z (`fg`): readline's terminal mode again, prompt and line redrawn.
            rl_deprep_terminal()
            rl_prep_terminal(1)
            rl_forced_update_display()
        }
        while true {
            afterSuspend()
            var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
            // The timeout notices signals another thread handled (they do not interrupt this poll).
            let ready = poll(&descriptor, 1, 200)
            afterSuspend()
            if Interrupt.isPending {
                Interrupt.clear()
                Terminal.writePrompt("^C\n")
                rl_callback_sigcleanup()
                rl_replace_line("", 0)
                rl_callback_handler_remove()
                return .interrupted
            }
            if ready <= 0 { continue }
            rl_callback_read_char()
            let (finished, line) = shared.withLock { ($0.finished, $0.line) }
            if finished { return line.map { .line($0) } ?? .endOfInput }
        }
    }

    // MARK: history

    /// Loads `path` into the history list, keeping at most `limit` entries.
    static func loadHistory(_ path: String, limit: Int32) {
        stifle_history(limit)
        if FileManager.default.fileExists(atPath: path) { read_history(path) }
    }

    /// Adds a line to the history and appends it to `path` (unless it is very long).
    static func remember(_ line: String, in path: String) {
        guard line.utf8.count <= longestRemembered else { return }
        add_history(line)
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        append_history(1, path)
    }

    /// Trims the history file to `limit` lines.
    static func truncateHistory(_ path: String, limit: Int32) {
        history_truncate_file(path, limit)
    }

    // MARK: Ctrl-Z

    /// Ctrl-Z at the prompt hands the shell a normal terminal, stops, and on `fg` the loop
    /// in `read` restores readline's mode and redraws the line. (Where no shell can resume
    /// us — an orphaned process group — the kernel ignores the stop and nothing changes.)
    private static func installSuspendHandler() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            let atPrompt = LineReader.atPrompt.load(ordering: .relaxed)
            var promptMode = termios()
            if atPrompt {
                tcgetattr(STDIN_FILENO, &promptMode)
                tcsetattr(STDIN_FILENO, TCSADRAIN, &LineReader.shellMode)
            }
            // Stop for real: default action, unblocked, raised again.
            signal(SIGTSTP, SIG_DFL)
            var set = sigset_t()
            sigemptyset(&set)
            sigaddset(&set, SIGTSTP)
            pthread_sigmask(SIG_UNBLOCK, &set, nil)
            var before = timespec(), after = timespec()
            clock_gettime(CLOCK_MONOTONIC, &before)
            raise(SIGTSTP)   // to this thread, so the stop happens before the next line
            clock_gettime(CLOCK_MONOTONIC, &after)
            // Continued — or never stopped, when no shell could resume us.
            let waited = Double(after.tv_sec - before.tv_sec) + Double(after.tv_nsec - before.tv_nsec) / 1e9
            LineReader.installSuspendHandler()
            let stopped = waited > 0.002   // an ignored stop returns in microseconds
            // Never stopped: readline's mode goes back at once, so keys typed now are not echoed
            // by the terminal in the shell's mode while the prompt waits to notice.
            if atPrompt && !stopped { tcsetattr(STDIN_FILENO, TCSANOW, &promptMode) }
            if stopped { LineReader.resumed.store(true, ordering: .relaxed) }
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGTSTP, &action, nil)
    }

    // MARK: completion callback

    private static func completions(text: UnsafePointer<CChar>?, end: Int) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
        rl_attempted_completion_over = 1
        guard let buffer = rl_line_buffer, let completer = shared.withLock({ $0.completer }) else { return nil }
        // The text before the cursor (rl_point is a byte offset).
        let bytes = UnsafeRawBufferPointer(start: buffer, count: max(0, min(end, Int(rl_end))))
        let before = String(decoding: bytes, as: UTF8.self)
        let candidates = completer.complete(before)
        guard !candidates.isEmpty else { return nil }
        let common = commonPrefix(candidates)
        let single = candidates.count == 1
        rl_completion_append_character = single && !common.hasSuffix("/") ? 32 : 0
        let list = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: candidates.count + 2)
        list[0] = strdup(common)
        var index = 1
        if !single {
            for candidate in candidates { list[index] = strdup(candidate); index += 1 }
        }
        list[index] = nil
        // readline frees the array and strings with free(): allocate them with malloc.
        let size = (index + 1) * MemoryLayout<UnsafeMutablePointer<CChar>?>.stride
        guard let raw = malloc(size) else { return nil }
        let result = raw.bindMemory(to: UnsafeMutablePointer<CChar>?.self, capacity: index + 1)
        result.update(from: list, count: index + 1)
        list.deallocate()
        return result
    }

    static func commonPrefix(_ words: [String]) -> String {
        guard var prefix = words.first.map(Array.init) else { return "" }
        for word in words.dropFirst() {
            let chars = Array(word)
            var n = 0
            while n < min(prefix.count, chars.count) && prefix[n] == chars[n] { n += 1 }
            prefix = Array(prefix[..<n])
        }
        return String(prefix)
    }
}
