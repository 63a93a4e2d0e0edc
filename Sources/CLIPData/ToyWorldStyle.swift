import CLIPCore

/// How shape pictures are drawn: background, noise and the amount of random jitter.
public struct ToyStyle: Hashable, Sendable {
    /// Background grey level range (0…255) and per-channel tint amplitude.
    public var backgroundGrey: ClosedRange<Float> = 200...240
    public var backgroundTint: Float = 8
    /// Per-pixel uniform noise amplitude (0 = plain background).
    public var noise: Float = 4
    /// Per-channel paint jitter amplitude.
    public var colorJitter: Float = 10
    /// Relative size jitter (0.1 = ±10%).
    public var sizeJitter: Float = 0.1
    /// Position jitter as a fraction of the shorter side.
    public var positionJitter: Float = 0.05
    /// Largest rotation in radians.
    public var maxRotation: Float = 0.2
    /// Supersampling grid per pixel side.
    public var supersample: Int = 4

    public init() {}

    /// Lightly noisy background, small jitter: the default world.
    public static let standard = ToyStyle()

    /// No noise and no jitter: the canonical picture of a description.
    public static let clean: ToyStyle = {
        var s = ToyStyle()
        s.backgroundGrey = 232...232
        s.backgroundTint = 0
        s.noise = 0
        s.colorJitter = 0
        s.sizeJitter = 0
        s.positionJitter = 0
        s.maxRotation = 0
        return s
    }()

    func background(_ random: inout RNG) -> ToyRGB {
        let g = random.uniform(backgroundGrey.lowerBound, backgroundGrey.upperBound)
        let t = backgroundTint
        return ToyRGB(g + random.uniform(-t, t), g + random.uniform(-t, t), g + random.uniform(-t, t))
    }

    func jittered(_ c: ToyRGB, _ random: inout RNG) -> ToyRGB {
        let j = colorJitter
        return ToyRGB(c.r + random.uniform(-j, j), c.g + random.uniform(-j, j), c.b + random.uniform(-j, j))
    }
}
