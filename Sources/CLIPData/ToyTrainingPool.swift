import CLIPCore
import Foundation

/// Training pictures rendered once, up front, so a step only copies pixels.
///
/// Shape pictures come from the world's training sampler (seen classes only) and a
/// `sceneFraction` of scenes ("a photo of a cat", each a slightly varied picture). Pictures
/// are rendered in fixed chunks of 256, each from its own seeded stream, so the pool is the
/// same whatever the thread count. Batches walk the pool in a seeded shuffled order.
///
/// Example: `var pool = ToyTrainingPool(world: ToyWorld(), count: 4096, sceneFraction: 0.06, seed: 1)`
/// then `pool.nextBatch(64)` → images `[64, 3, 32, 32]` and caption indices into `pool.captions`.
public struct ToyTrainingPool: Sendable {
    public let world: ToyWorld
    /// Every distinct training caption, in first-seen order.
    public let captions: [String]
    /// The caption index of each picture.
    public let captionIndex: [Int]
    /// What each picture shows (scenes have nil objects).
    public let samples: [ToySample]
    /// `[count, 3, H, W]` CLIP-normalised, row-major.
    private let pixels: [Float]
    private var order: [Int] = []
    private var cursor = 0
    private var random: RNG

    public var count: Int { captionIndex.count }
    public var imageValues: Int { 3 * world.width * world.height }

    public init(world: ToyWorld, count: Int, sceneFraction: Float, seed: UInt64) {
        precondition(count > 0, "an empty training pool")
        self.world = world
        let scenes = Int((Float(count) * sceneFraction).rounded())
        let shapes = count - scenes
        let chunk = 256
        let chunks = (count + chunk - 1) / chunk
        var rendered = [[ToySample]](repeating: [], count: chunks)
        rendered.withUnsafeMutableBufferPointer { out in
            nonisolated(unsafe) let slots = out
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                var sampler = world.trainSampler(seed: seed &+ UInt64(c) &* 0x9E37_79B9)
                var local: [ToySample] = []
                for i in (c * chunk)..<min(count, (c + 1) * chunk) {
                    if i < shapes {
                        local.append(sampler.next())
                    } else {
                        let k = i - shapes
                        let scene = ToyScene.allCases[k % ToyScene.allCases.count]
                        local.append(scene.render(width: world.width, height: world.height,
                                                  seed: seed &* 31 &+ UInt64(k) &+ 1))
                    }
                }
                slots[c] = local
            }
        }
        let all = rendered.flatMap { $0 }
        var names: [String] = [], index: [String: Int] = [:], ids: [Int] = []
        for s in all {
            if index[s.caption] == nil { index[s.caption] = names.count; names.append(s.caption) }
            ids.append(index[s.caption]!)
        }
        samples = all
        captions = names
        captionIndex = ids
        pixels = ToyImage.batchTensor(all.map(\.image)).data
        random = RNG(seed: seed ^ 0x5EED_BA7C)
    }

    /// The next `n` pictures of the shuffled walk: images `[n, 3, H, W]` and caption indices.
    public mutating func nextBatch(_ n: Int) -> (images: Tensor, captions: [Int]) {
        var picks: [Int] = []
        picks.reserveCapacity(n)
        while picks.count < n {
            if cursor == order.count {
                order = random.shuffled(Array(0..<count))
                cursor = 0
            }
            picks.append(order[cursor])
            cursor += 1
        }
        return batch(picks)
    }

    /// The pictures at `indices` as one batch.
    public func batch(_ indices: [Int]) -> (images: Tensor, captions: [Int]) {
        let v = imageValues
        var data = [Float](repeating: 0, count: indices.count * v)
        data.withUnsafeMutableBufferPointer { d in
            pixels.withUnsafeBufferPointer { p in
                for (row, i) in indices.enumerated() {
                    (d.baseAddress! + row * v).update(from: p.baseAddress! + i * v, count: v)
                }
            }
        }
        return (Tensor(shape: [indices.count, 3, world.height, world.width], data: data), indices.map { captionIndex[$0] })
    }
}
