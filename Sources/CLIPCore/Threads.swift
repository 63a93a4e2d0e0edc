import CBLAS
import Foundation
import Synchronization

/// Thread settings shared by BLAS and the element-wise kernels.
public enum Threads {
    /// Atomic: kernels read it on worker threads while another thread may reconfigure.
    private static let current = Atomic<Int>(0)

    /// Number of threads in use (BLAS and `parallelFor`).
    public static var count: Int {
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

    /// Runs `body(i)` for `i` in `0..<blocks`, on up to `count` threads at once (blocks are
    /// handed out as threads free up). Callers choose blocks big enough to be worth a thread.
    public static func parallelBlocks(_ blocks: Int, _ body: (Int) -> Void) {
        if blocks == 1 || count == 1 {
            for i in 0..<blocks { body(i) }
            return
        }
        withoutActuallyEscaping(body) { body in
            nonisolated(unsafe) let b = body
            DispatchQueue.concurrentPerform(iterations: blocks) { b($0) }
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
        withoutActuallyEscaping(body) { body in
            nonisolated(unsafe) let b = body
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                let lo = c * size, hi = min(count, lo + size)
                if lo < hi { b(lo..<hi) }
            }
        }
    }
}
