import CLIPCore

/// A seeded, endless stream of training pictures from one world.
///
/// Example: `var s = ToyWorld().trainSampler(seed: 0); let b = s.batch(64)`
public struct ToyTrainSampler: Sendable {
    public let world: ToyWorld
    private var random: RNG

    /// A sampler over `world`; check user-made worlds with `validate()` first.
    public init(world: ToyWorld, seed: UInt64) {
        precondition(!world.seenClasses.isEmpty, "a toy world with no training classes; call validate() first")
        self.world = world
        random = RNG.stream(seed: seed, purpose: 1)
    }

    /// The next training picture and its caption.
    public mutating func next() -> ToySample { world.trainingSample(&random) }

    /// The next `n` pictures as a batch (`images` is `[n, 3, H, W]`).
    public mutating func batch(_ n: Int) -> ToyBatch {
        ToyBatch(samples: (0..<n).map { _ in next() })
    }
}

/// A batch for contrastive training: N pictures and their N captions.
public struct ToyBatch: Sendable {
    public let samples: [ToySample]
    /// `[N, 3, H, W]`, CLIP-normalised.
    public let images: Tensor
    public let captions: [String]

    public init(samples: [ToySample]) {
        self.samples = samples
        images = ToyImage.batchTensor(samples.map(\.image))
        captions = samples.map(\.caption)
    }
}
