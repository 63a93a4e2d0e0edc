import Foundation
import Synchronization

/// Ctrl-C for long commands: the SIGINT handler sets a flag, work polls it.
///
/// Library code (training loops, encoders) takes a plain `isCancelled: () -> Bool`
/// closure so it does not depend on this module; commands pass `cancellation.isCancelled`.
///
/// Example: `for step in 0..<steps { if context.isCancelled() { break } … }`.
public struct Cancellation: Sendable {
    public let isCancelled: @Sendable () -> Bool

    public init(_ isCancelled: @escaping @Sendable () -> Bool) { self.isCancelled = isCancelled }

    /// Cancelled when the user presses Ctrl-C (after `Interrupt.install()`).
    public static let interrupt = Cancellation { Interrupt.isPending }
    /// Never cancelled (one-shot runs without a handler, tests).
    public static let never = Cancellation { false }

    /// Throws `LabError.interrupted` once cancelled.
    public func check() throws(LabError) {
        if isCancelled() { throw LabError.interrupted }
    }
}

/// The process-wide SIGINT flag.
public enum Interrupt {
    private static let flag = Atomic<Bool>(false)

    /// Whether Ctrl-C was pressed since the last `clear()`.
    public static var isPending: Bool { flag.load(ordering: .relaxed) }

    public static func clear() { flag.store(false, ordering: .relaxed) }

    /// Sets the flag as SIGINT would (tests, and the handler itself).
    public static func raise() { flag.store(true, ordering: .relaxed) }

    /// Installs a SIGINT handler that only sets the flag; system calls are not restarted,
    /// so a blocking read at the prompt returns and the REPL can clear the line.
    public static func install() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in Interrupt.raise() }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
        // A parent may have left SIGINT blocked (threads of some launchers block all signals).
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
    }
}
