import Foundation

/// A value behind a lock: `withLock { $0 … }`, as with the standard library's `Mutex`, but on a
/// `pthread_mutex_t` (through `NSLock`). ThreadSanitizer intercepts pthread mutexes and so sees
/// the order they put the accesses in; `Mutex` waits on a bare futex, which it cannot see, and
/// every access made under it would be reported as a race.
///
/// Example: `let hits = Locked(0); hits.withLock { $0 += 1 }`.
public final class Locked<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    public init(_ value: Value) { self.value = value }

    /// Runs `body` on the value with the lock held.
    public func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
