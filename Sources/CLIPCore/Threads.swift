import CBLAS
import Foundation
import Synchronization

/// Thread settings shared by BLAS and the element-wise kernels.
public enum Threads {
    /// Atomic: kernels read it on worker threads while another thread may reconfigure.
    private static let current = Atomic<Int>(0)

    /// Set (non-nil) on a thread running one side of `concurrently` or one block of a parallel
    /// loop: the kernels it calls stay on it.
    private static let singleThreadKey: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// Set on the thread running `first` of `concurrently`: its pair, whose other thread may help.
    private static let leadKey: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// The pair whose lead runs on this thread, if any.
    private static var leadPair: ThreadPair? {
        pthread_getspecific(leadKey).map { Unmanaged<ThreadPair>.fromOpaque($0).takeUnretainedValue() }
    }

    /// Number of threads in use (BLAS and `parallelFor`). Inside one side of `concurrently`
    /// it is 1, except on the side running `first` while the other side, done with `second`,
    /// waits to help (`ThreadPair`): then 2.
    public static var count: Int {
        if pthread_getspecific(singleThreadKey) != nil { return 1 }
        if let pair = leadPair { return pair.hasHelper ? 2 : 1 }
        let n = current.load(ordering: .relaxed)
        if n != 0 { return n }
        configure(nil)
        return current.load(ordering: .relaxed)
    }

    /// Sets the thread count: `n`, else `CLIPLAB_THREADS`, else the number of cores.
    ///
    /// OpenBLAS itself stays on one thread: `gemmStrided` splits large products into blocks
    /// and runs them on these threads (see there why), so no BLAS thread spins between calls.
    public static func configure(_ n: Int?) {
        let env = ProcessInfo.processInfo.environment["CLIPLAB_THREADS"].flatMap { Int($0) }
        let chosen = max(1, n ?? env ?? ProcessInfo.processInfo.activeProcessorCount)
        current.store(chosen, ordering: .relaxed)
        openblas_set_num_threads(1)
    }

    /// Runs `first` and `second` at the same time, one on each thread (two independent halves
    /// of the work, such as CLIP's two towers, instead of every small product split in two);
    /// one after the other when `count` is 1. `second`'s kernels stay on its thread; once it is
    /// done, that thread helps with `first`'s kernels (`ThreadPair`), so put the larger half
    /// first. The gradient mode of the caller holds on both threads.
    public static func concurrently(_ first: () -> Void, _ second: () -> Void) {
        guard count > 1, leadPair == nil else {
            first()
            second()
            return
        }
        let recording = GradMode.isEnabled
        let pair = ThreadPair()
        withoutActuallyEscaping(first) { first in withoutActuallyEscaping(second) { second in
            nonisolated(unsafe) let bodies = (first, second)
            DispatchQueue.concurrentPerform(iterations: 2) { _ in
                let mode = { (body: () -> Void) in if recording { body() } else { GradMode.noGrad { body() } } }
                pair.participate({
                    pthread_setspecific(leadKey, Unmanaged.passUnretained(pair).toOpaque())
                    defer { pthread_setspecific(leadKey, nil) }
                    mode(bodies.0)
                }, { singleThreaded { mode(bodies.1) } })
            }
        } }
    }

    /// Runs `body` with `count` 1 on this thread: work already split across threads does not
    /// split again inside.
    @inline(__always)
    private static func singleThreaded(_ body: () -> Void) {
        let previous = pthread_getspecific(singleThreadKey)
        pthread_setspecific(singleThreadKey, UnsafeRawPointer(bitPattern: 1))
        defer { pthread_setspecific(singleThreadKey, previous) }
        body()
    }

    /// Runs `body(i)` for `i` in `0..<blocks`, on up to `count` threads at once (blocks are
    /// handed out as threads free up). Callers choose blocks big enough to be worth a thread.
    public static func parallelBlocks(_ blocks: Int, _ body: (Int) -> Void) {
        if blocks == 1 || count == 1 {
            for i in 0..<blocks { body(i) }
            return
        }
        if let pair = leadPair {
            pair.run(blocks) { i in singleThreaded { body(i) } }
            return
        }
        withoutActuallyEscaping(body) { body in
            nonisolated(unsafe) let b = body
            DispatchQueue.concurrentPerform(iterations: blocks) { i in singleThreaded { b(i) } }
        }
    }

    /// Runs `body(range)` over `0..<count` split into contiguous chunks, in parallel when
    /// the work is large enough (`count * costPerItem` above a threshold).
    public static func parallelFor(_ count: Int, costPerItem: Int = 1, _ body: (Range<Int>) -> Void) {
        let threads = Threads.count
        if threads == 1 || count < 2 || count * costPerItem < 65_536 {
            body(0..<count)
            return
        }
        let chunks = min(threads, count)
        let size = (count + chunks - 1) / chunks
        parallelBlocks(chunks) { c in
            let lo = c * size, hi = min(count, lo + size)
            if lo < hi { body(lo..<hi) }
        }
    }
}
