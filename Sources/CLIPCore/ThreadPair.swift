import Foundation
import Synchronization

/// The two threads of one `Threads.concurrently` call, and how the one that finishes first
/// helps the other.
///
/// Each thread claims a body — `first` if it is still free, else `second` — so nothing waits
/// for a thread that never comes: when only one thread shows up, it runs both bodies in turn.
/// The thread running `first` is the *lead*. The other, once its own body is done, stays as
/// the lead's *helper* until `first` ends: while it does, `Threads.count` reads 2 on the lead,
/// so the lead's kernels cut their work into blocks (`Threads.parallelBlocks`) and both
/// threads take blocks from one counter. CLIP's image tower does twice the text tower's work;
/// with this, the text thread spends the difference on image-tower blocks instead of waiting.
///
/// Blocks never change the bits of a result (each kernel's blocks are whole outputs, summed
/// in the same order however they are dealt out), so neither does the help.
///
/// A job is one atomic word: its sequence number, its block count and the next block to
/// hand out. A thread takes block i only by moving the word from (job, blocks, i) to
/// (job, blocks, i + 1), so no thread can take a block of a job that has ended or not begun,
/// and the lead reuses the job's slots only after every block it handed out has finished.
final class ThreadPair: @unchecked Sendable {
    /// How many of the two bodies have been claimed (0, 1 or 2).
    private let claimed = Atomic<Int>(0)
    /// Set when `first` has returned: the helper leaves.
    private let leadDone = Atomic<Bool>(false)
    /// Set while the helper waits for blocks: the lead may hand some out.
    private let helperWaiting = Atomic<Bool>(false)
    /// The current job: sequence number (bits 40…), block count (bits 20…39) and the next block (bits 0…19).
    private let job = Atomic<Int>(0)
    /// Blocks of the current job finished so far.
    private let finished = Atomic<Int>(0)
    /// The current job's body; written by the lead before it publishes the job.
    nonisolated(unsafe) private var body: ((Int) -> Void)?

    private static let indexBits = 20, mask = (1 << 20) - 1

    /// Whether a helper is waiting for blocks (what `Threads.count` reports on the lead).
    var hasHelper: Bool { helperWaiting.load(ordering: .acquiring) }

    /// One thread's part: claim a body and run it, then help or leave.
    func participate(_ first: () -> Void, _ second: () -> Void) {
        let ticket = claimed.add(1, ordering: .acquiringAndReleasing).oldValue
        if ticket == 0 {
            first()
            leadDone.store(true, ordering: .releasing)
        } else if ticket == 1 {
            second()
            help()
        }
    }

    /// The helper's loop: take blocks of the lead's jobs until the lead is done.
    private func help() {
        helperWaiting.store(true, ordering: .releasing)
        defer { helperWaiting.store(false, ordering: .releasing) }
        var idle = 0
        while !leadDone.load(ordering: .acquiring) {
            if runBlocks() { idle = 0; continue }
            idle += 1
            if idle > 2_000 { sched_yield() }
        }
    }

    /// Runs `blocks` blocks of `work` on the lead and its helper, returning when all are done.
    /// Called by the lead only.
    func run(_ blocks: Int, _ work: (Int) -> Void) {
        precondition(blocks < ThreadPair.mask)
        withoutActuallyEscaping(work) { work in
            body = work
            finished.store(0, ordering: .relaxed)
            let sequence = (job.load(ordering: .relaxed) >> (2 * ThreadPair.indexBits)) + 1
            job.store(sequence << (2 * ThreadPair.indexBits) | blocks << ThreadPair.indexBits, ordering: .releasing)
            _ = runBlocks()
            while finished.load(ordering: .acquiring) < blocks {}
            body = nil
        }
    }

    /// Takes and runs blocks of the current job until none is left; whether it ran any.
    private func runBlocks() -> Bool {
        var ran = false
        while true {
            let word = job.load(ordering: .acquiring)
            let blocks = (word >> ThreadPair.indexBits) & ThreadPair.mask, next = word & ThreadPair.mask
            guard next < blocks else { return ran }
            guard job.compareExchange(expected: word, desired: word + 1, ordering: .acquiringAndReleasing).exchanged
            else { continue }
            body!(next)
            finished.add(1, ordering: .releasing)
            ran = true
        }
    }
}
