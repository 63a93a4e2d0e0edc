import Foundation
import Testing

/// Every test that drives `cliplab` in tmux, one at a time (they share the machine's cores
/// and their timings matter); the suites nest here as extensions.
@Suite("In a real terminal (tmux), one test at a time", .serialized,
       .enabled(if: Tmux.path != nil, "tmux is not installed — `make test` installs it"))
enum InTerminal {}

/// A private tmux server running `cliplab` in an isolated HOME.
final class Tmux {
    static let path: String? = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/opt/homebrew/bin/tmux"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    let socket = "cliplab-test-\(UUID().uuidString.prefix(8))"
    private(set) var home = Support.temporaryDirectory().path

    /// Starts `cliplab` in a `columns`×`rows` terminal.
    ///
    /// - Parameters:
    ///   - term: the `TERM` cliplab sees.
    ///   - redirect: shell redirection after the command, e.g. `> out.txt`.
    ///   - shell: when set, this interactive shell command runs instead (the test starts cliplab in it).
    init(columns: Int = 110, rows: Int = 50, term: String = "xterm-256color", redirect: String = "",
         shell: String? = nil, lessons: String = Support.fixtures.path, home: String? = nil) throws {
        if let home { self.home = home }
        guard FileManager.default.isExecutableFile(atPath: Support.binary.path) else {
            throw Support.CLIMissing(path: Support.binary.path)
        }
        // A shell waits for cliplab and prints its exit status: tmux alone sometimes leaves the
        // exited program unreaped for seconds. The shell ignores Ctrl-C; cliplab installs its own handler.
        let environment = "HOME=\(self.home) CLIPLAB_LESSONS=\(lessons) TERM=\(term) LANG=C.UTF-8"
        let command = shell.map { "env -i \(environment) PATH=/usr/bin:/bin \($0)" }
            ?? "sh -c 'trap \"\" INT; env \(environment) \(Support.binary.path) \(redirect); echo \"[cliplab exited with status $?]\"'"
        run(["new-session", "-d", "-s", "lab", "-x", "\(columns)", "-y", "\(rows)", command])
        run(["set-option", "-t", "lab", "remain-on-exit", "on"])
    }

    /// Runs a tmux command with posix_spawn. (Foundation's `Process` waits for every
    /// descendant to let go of its plumbing, and the server `new-session` starts never does.)
    @discardableResult
    func run(_ arguments: [String], output: Bool = false) -> String {
        let argv = [Tmux.path!, "-L", socket] + arguments
        var fds: [Int32] = [-1, -1]
        if output && pipe(&fds) != 0 { return "" }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        if output {
            posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
            posix_spawn_file_actions_addclose(&actions, fds[0])
            posix_spawn_file_actions_addclose(&actions, fds[1])
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        }
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var cargs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { cargs.forEach { free($0) } }
        // Test threads block signals; the terminal's programs must start with none blocked.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGINT)
        sigaddset(&defaults, SIGQUIT)
        sigaddset(&defaults, SIGTSTP)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        guard posix_spawn(&pid, argv[0], &actions, &attributes, &cargs, environ) == 0 else {
            if output { close(fds[0]); close(fds[1]) }
            return ""
        }
        var data = [UInt8]()
        if output {
            close(fds[1])
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = read(fds[0], &buffer, buffer.count)
                if n <= 0 { break }
                data.append(contentsOf: buffer[0..<n])
            }
            close(fds[0])
        }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        return String(decoding: data, as: UTF8.self)
    }

    /// tmux names of keys; other words are typed literally.
    static let keyNames: Set<String> = ["Enter", "Tab", "C-c", "C-d", "C-z", "C-a", "C-e", "C-u", "Up", "Down",
                                        "Left", "Right", "BSpace", "Escape"]

    /// Types keys (tmux key names such as `Enter`, `Tab`, `C-c`; other words literally).
    func send(_ keys: String...) {
        for key in keys {
            run(["send-keys", "-t", "lab"] + (Tmux.keyNames.contains(key) ? [] : ["-l"]) + [key])
        }
    }

    /// Sends raw bytes, whatever they are (control characters, escape sequences, invalid UTF-8).
    func send(bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        run(["send-keys", "-t", "lab", "-H"] + bytes.map { String(format: "%02x", $0) })
    }

    /// Pastes `text` as a terminal paste does (bracketed when the program asked for it).
    func paste(_ text: String) throws {
        let file = Support.temporaryDirectory().appendingPathComponent("paste.txt")
        try Data(text.utf8).write(to: file)
        run(["load-buffer", "-b", "paste", file.path])
        run(["paste-buffer", "-p", "-d", "-b", "paste", "-t", "lab"])
    }

    /// Changes the terminal's size (the program gets SIGWINCH).
    func resize(columns: Int, rows: Int = 50) {
        run(["resize-window", "-t", "lab", "-x", "\(columns)", "-y", "\(rows)"])
    }

    /// Appends every byte the program writes to the terminal to `path`.
    func record(to path: String) {
        run(["pipe-pane", "-t", "lab", "-o", "cat >> '\(path)'"])
    }

    /// The visible screen and scrollback.
    func screen() -> String { run(["capture-pane", "-p", "-J", "-t", "lab", "-S", "-300"], output: true) }

    /// The screen as the terminal shows it, without joining wrapped lines.
    func visibleRows() -> [String] {
        run(["capture-pane", "-p", "-t", "lab"], output: true).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    struct Timeout: Error, CustomStringConvertible {
        var text: String
        var screen: String
        var description: String { "timed out waiting for \(text); screen:\n\(screen)" }
    }

    /// How much longer every wait may take: sanitizer builds (`make test-sanitize` sets their
    /// options) run cliplab several times slower, ThreadSanitizer most.
    static let timeScale: Double = {
        let environment = ProcessInfo.processInfo.environment
        if environment["TSAN_OPTIONS"] != nil { return 12 }
        if environment["ASAN_OPTIONS"] != nil { return 3 }
        return 1
    }()

    func waitFor(_ text: String, timeout: TimeInterval = 10) throws {
        let deadline = Date().addingTimeInterval(timeout * Self.timeScale)
        while Date() < deadline {
            if screen().contains(text) { return }
            Thread.sleep(forTimeInterval: 0.01)
        }
        throw Timeout(text: text, screen: screen())
    }

    func waitForExit(timeout: TimeInterval = 10) throws {
        try waitFor("[cliplab exited with status", timeout: timeout)
    }

    /// How cliplab ended, e.g. `status 0`; nil while it runs.
    func exitStatus() -> String? {
        guard let line = screen().split(separator: "\n").last(where: { $0.hasPrefix("[cliplab exited with status ") }) else { return nil }
        return "status " + line.dropFirst("[cliplab exited with status ".count).dropLast()
    }

    func shutDown() { run(["kill-server"]) }
}
