import Foundation
import Testing
@testable import CLIPCore

@Suite("Threads and cut graphs", .serialized)
struct ThreadsTests {
    @Test("concurrently runs both sides, each single-threaded inside, in the caller's gradient mode", arguments: [1, 2])
    func concurrently(threads: Int) {
        let previous = Threads.count
        Threads.configure(threads)
        defer { Threads.configure(previous) }
        // A slot per side, each written by its own thread only (no lock: see `helper`).
        var slots = [(count: Int, recording: Bool)?](repeating: nil, count: 4)
        slots.withUnsafeMutableBufferPointer { buffer in
            let seen = buffer
            func side(_ i: Int) -> () -> Void {
                { seen[i] = (Threads.count, GradMode.isEnabled) }
            }
            Threads.concurrently(side(0), side(1))
            GradMode.noGrad { Threads.concurrently(side(2), side(3)) }
        }
        #expect(slots.allSatisfy { $0 != nil })
        let result = slots.map { $0! }
        // The side running `second` is single-threaded; the one running `first` reads 2 once the
        // other side waits to help it (next test).
        #expect(result[1].count == 1 && result[3].count == 1)
        #expect(result[0].count <= threads && result[2].count <= threads)
        #expect(result[0].recording && result[1].recording && !result[2].recording && !result[3].recording)
        #expect(Threads.count == threads, "the caller's thread count is back")
    }

    @Test("the thread done with `second` takes blocks of `first`'s kernels, each block once, single-threaded inside")
    func helper() {
        let previous = Threads.count
        Threads.configure(2)
        defer { Threads.configure(previous) }
        // One slot per block and per index, each written only by the thread that ran it: no lock,
        // so ThreadSanitizer sees every access (it cannot see through Mutex's futex).
        var runs = [Int](repeating: 0, count: 48), threads = [UInt](repeating: 0, count: 48)
        var inner = [Int](repeating: 0, count: 48), covered = [Int](repeating: 0, count: 10_000)
        var sawHelper = false
        runs.withUnsafeMutableBufferPointer { runs in threads.withUnsafeMutableBufferPointer { threads in
        inner.withUnsafeMutableBufferPointer { inner in covered.withUnsafeMutableBufferPointer { covered in
            Threads.concurrently({
                // Wait (up to 10 s) for the other side to finish `second` and offer help.
                let start = Date()
                while Threads.count < 2, Date().timeIntervalSince(start) < 10 { usleep(100) }
                sawHelper = Threads.count == 2
                Threads.parallelBlocks(48) { i in
                    runs[i] += 1
                    threads[i] = UInt(pthread_self())
                    inner[i] = Threads.count
                    usleep(500)
                }
                Threads.parallelFor(10_000, costPerItem: 100) { range in for i in range { covered[i] += 1 } }
            }, {})
        } } } }
        #expect(sawHelper, "the side done with `second` offers help while `first` runs")
        #expect(runs == [Int](repeating: 1, count: 48), "each block ran once")
        #expect(Set(threads).count == 2, "both threads took blocks")
        #expect(inner == [Int](repeating: 1, count: 48), "a block does not split again")
        #expect(covered == [Int](repeating: 1, count: 10_000))
        #expect(Threads.count == 2, "the caller's count is back")
    }

    @Test("a graph cut with detachedLeaf and finished with backward(gradient:) gives the one-graph gradients")
    func cutGraph() {
        var rng = RNG(seed: 8)
        let x = Tensor.randn([3, 4], rng: &rng, requiresGrad: true)
        let w = Tensor.randn([4, 5], rng: &rng, requiresGrad: true)
        let whole = (x.matmul(w).gelu() * x.matmul(w)).sum()
        whole.backward()
        let (gx, gw) = (x.grad!, w.grad!)
        x.zeroGrad(); w.zeroGrad()
        let first = x.matmul(w)
        let leaf = first.detachedLeaf()
        #expect(leaf.requiresGrad && leaf.data == first.data && leaf.shape == first.shape)
        let rest = (leaf.gelu() * leaf).sum()
        rest.backward()
        #expect(x.grad == nil, "the cut stops the first backward at the leaf")
        first.backward(gradient: leaf.grad!)
        #expect(zip(x.grad!, gx).allSatisfy { abs($0 - $1) <= 1e-6 * max(1, abs($1)) })
        #expect(zip(w.grad!, gw).allSatisfy { abs($0 - $1) <= 1e-6 * max(1, abs($1)) })
    }
}
