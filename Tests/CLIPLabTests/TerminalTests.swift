import Foundation
import Testing
@testable import CLIPLab

/// Drives the real binary in a real terminal: tmux runs it, `send-keys` types, `capture-pane` reads the screen.
@Suite("End to end in a terminal (tmux)", .serialized, .enabled(if: Tmux.path != nil, "tmux is not installed — `make test` installs it"))
struct TerminalTests {
    @Test("Start, help, Tab completion, tokenize, Ctrl-C during a command and at the prompt, quit")
    func session() throws {
        let term = try Tmux()
        defer { term.shutDown() }
        let started = Date()
        try term.waitFor("[1]> ")
        let toPrompt = Date().timeIntervalSince(started)
        print("cliplab: time from start to prompt \(String(format: "%.0f", toPrompt * 1000)) ms (tmux launch and 10 ms polling included)")
        #expect(term.screen().contains("Try first:"))

        term.send("help", "Enter")
        try term.waitFor("[2]> ")
        #expect(term.screen().contains("Commands (help NAME for details"))

        term.send("toke", "Tab")
        try term.waitFor("[2]> tokenize ")
        term.send("\"a photo of a cat\"", "Enter")
        try term.waitFor("[3]> ")
        let screen = term.screen()
        #expect(screen.contains("\"a photo of a cat\" → 7 tokens"))
        #expect(screen.contains("49406           320   1125      539    320   2368    49407"))

        term.send("set width 50", "Enter")
        try term.waitFor("[4]> ")
        term.send("bench tokenize --megabytes 4000", "Enter")
        Thread.sleep(forTimeInterval: 0.5)
        term.send("C-c")
        try term.waitFor("error: interrupted", timeout: 20)
        try term.waitFor("[5]> ")

        term.send("some half-typed line")
        try term.waitFor("some half-typed line")
        term.send("C-c")
        try term.waitFor("^C")
        term.send("set --json", "Enter")
        try term.waitFor("\"width\":50")
        #expect(!term.screen().contains("error: unknown command 'some"))

        term.send("quit", "Enter")
        try term.waitForExit()
        #expect(term.exitStatus() == "status 0")
        let history = try String(contentsOfFile: term.home + "/.cliplab_history", encoding: .utf8)
        #expect(history.contains("tokenize \"a photo of a cat\"") && history.contains("quit"))
    }

    @Test("A lesson in the terminal: lesson 1, Enter runs the cell, next, hint, progress saved; Ctrl-D leaves")
    func lesson() throws {
        let term = try Tmux()
        defer { term.shutDown() }
        try term.waitFor("[1]> ")
        term.send("lesson 1", "Enter")
        try term.waitFor("Lesson 1 · A sample lesson · 1/4")
        term.send("Enter")
        try term.waitFor("Enter runs: set --json")
        term.send("Enter")
        try term.waitFor("\"width\":60")
        term.send("next", "Enter")
        try term.waitFor("· 2/4")
        term.send("next", "Enter")
        try term.waitFor("✎ set seed ___")
        term.send("hint", "Enter")
        try term.waitFor("hint: The seed is a whole number")
        term.send("C-d")
        try term.waitForExit()
        #expect(term.exitStatus() == "status 0")
        let progress = LessonProgress.load(from: term.home + "/.cliplab/progress.json")
        #expect(progress.current == "sample" && progress.lessons["sample"]?.step == 2)
    }
}

/// A private tmux server running `cliplab` in an isolated HOME.
final class Tmux {
    static let path: String? = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/opt/homebrew/bin/tmux"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    let socket = "cliplab-test-\(UUID().uuidString.prefix(8))"
    let home = Support.temporaryDirectory().path

    init() throws {
        guard FileManager.default.isExecutableFile(atPath: Support.binary.path) else {
            throw Support.CLIMissing(path: Support.binary.path)
        }
        // A shell waits for cliplab and prints its exit status: tmux alone sometimes leaves the
        // exited program unreaped for seconds. The shell ignores Ctrl-C; cliplab installs its own handler.
        let command = "sh -c 'trap \"\" INT; env HOME=\(home) CLIPLAB_LESSONS=\(Support.fixtures.path) TERM=xterm-256color LANG=C.UTF-8 \(Support.binary.path); echo \"[cliplab exited with status $?]\"'"
        run(["new-session", "-d", "-s", "lab", "-x", "110", "-y", "50", command])
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

    /// Types keys (tmux key names such as `Enter`, `Tab`, `C-c`; other words literally).
    func send(_ keys: String...) {
        for key in keys {
            let named = ["Enter", "Tab", "C-c", "C-d", "Up", "BSpace"].contains(key)
            run(["send-keys", "-t", "lab"] + (named ? [] : ["-l"]) + [key])
        }
    }

    /// The visible screen and scrollback.
    func screen() -> String { run(["capture-pane", "-p", "-J", "-t", "lab", "-S", "-300"], output: true) }

    struct Timeout: Error, CustomStringConvertible {
        var text: String
        var screen: String
        var description: String { "timed out waiting for \(text); screen:\n\(screen)" }
    }

    func waitFor(_ text: String, timeout: TimeInterval = 10) throws {
        let deadline = Date().addingTimeInterval(timeout)
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
