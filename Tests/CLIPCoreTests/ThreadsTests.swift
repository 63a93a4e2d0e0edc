import Foundation
import Synchronization
import Testing
@testable import CLIPCore

@Suite("Threads and cut graphs", .serialized)
struct ThreadsTests {
    @Test("concurrently runs both sides, each single-threaded inside, in the caller's gradient mode", arguments: [1, 2])
    func concurrently(threads: Int) {
        let previous = Threads.count
        Threads.configure(threads)
        defer { Threads.configure(previous) }
        let seen = Mutex<[Int: (count: Int, recording: Bool)]>([:])
        func side(_ i: Int) -> () -> Void {
            { seen.withLock { $0[i] = (Threads.count, GradMode.isEnabled) } }
        }
        Threads.concurrently(side(0), side(1))
        GradMode.noGrad { Threads.concurrently(side(2), side(3)) }
        let result = seen.withLock { $0 }
        #expect(result.keys.sorted() == [0, 1, 2, 3])
        #expect(result.values.allSatisfy { $0.count == 1 || threads == 1 && $0.count == threads })
        #expect(result[0]!.recording && result[1]!.recording && !result[2]!.recording && !result[3]!.recording)
        #expect(Threads.count == threads, "the caller's thread count is back")
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
