import CLIPCore
/// The toy world: which colours and shapes exist, which colour×shape pairs training never
/// sees, and how pictures are drawn and captioned.
///
/// A world is a value; every sampler and test set takes a seed, so the same world and seed
/// give the same pictures byte for byte. The default world has 6 colours × 5 shapes = 30
/// caption classes, 5 of them held out (one per shape, each with a different colour),
/// so every held-out colour and shape still appears in training with other partners.
///
/// Example:
/// ```
/// let world = ToyWorld()
/// var train = world.trainSampler(seed: 1)
/// let batch = train.batch(64)              // images [64, 3, 32, 32] + 64 captions
/// let unseen = world.heldOutUnseen(count: 200, seed: 2)   // "a red triangle", …
/// ```
public struct ToyWorld: Sendable {
    public static let sizeRange = 8...512

    public var width = 32
    public var height = 32
    /// Colours of the caption classes (fine shades are extra, see `shades`).
    public var colors: [ToyColor] = [.red, .green, .blue, .yellow, .purple, .orange]
    public var shapes: [ToyShape] = [.circle, .square, .triangle, .cross, .star]
    /// Colour×shape classes never drawn in training.
    public var heldOut: [ToyClass] = ToyWorld.defaultHeldOut
    public var style = ToyStyle.standard
    /// Relative frequency of one, two and three objects in training pictures.
    public var countWeights: [Float] = [0.6, 0.2, 0.2]
    /// Caption templates training draws from uniformly.
    public var captionDetails: [ToyCaptionDetail] = [.plain]
    /// Fraction of training pictures painted in a close shade (crimson, navy) instead.
    public var shadeFraction: Float = 0.1
    public var shades: [ToyColor] = [.crimson, .navy]
    /// Sizes training draws shapes in.
    public var sizes: [ToySize] = ToySize.allCases

    /// red triangle, green star, blue circle, yellow square, purple cross.
    public static let defaultHeldOut: [ToyClass] = [
        ToyClass(color: .red, shape: .triangle), ToyClass(color: .green, shape: .star),
        ToyClass(color: .blue, shape: .circle), ToyClass(color: .yellow, shape: .square),
        ToyClass(color: .purple, shape: .cross),
    ]

    public init() {}

    /// A world of a different picture size (checked by `validate()`).
    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    // MARK: Classes and split

    /// Every colour × shape class, colour-major: red circle, red square, …, orange star.
    public var classes: [ToyClass] { colors.flatMap { c in shapes.map { ToyClass(color: c, shape: $0) } } }
    public var seenClasses: [ToyClass] { classes.filter { !heldOut.contains($0) } }
    public var unseenClasses: [ToyClass] { classes.filter { heldOut.contains($0) } }
    /// "a red circle", … in `classes` order: the zero-shot candidates.
    public var classCaptions: [String] { classes.map(\.caption) }

    /// Checks sizes, weights and that the split is fair: held-out pairs are real classes and
    /// each colour and shape keeps at least two training partners.
    public func validate() throws(ToyWorldError) {
        try ToyWorld.checkSize(width: width, height: height)
        guard !colors.isEmpty, !shapes.isEmpty else { throw .badSetting("the world needs at least one colour and one shape") }
        guard Set(colors).count == colors.count, Set(shapes).count == shapes.count else {
            throw .badSetting("colours and shapes must not repeat")
        }
        guard countWeights.count == 3, countWeights.allSatisfy({ $0 >= 0 && $0.isFinite }), countWeights.reduce(0, +) > 0 else {
            throw .badSetting("countWeights needs three non-negative weights for one, two, three objects, not all zero")
        }
        guard !captionDetails.isEmpty else { throw .badSetting("captionDetails needs at least one template") }
        guard !sizes.isEmpty else { throw .badSetting("sizes needs at least one size") }
        guard (0...1).contains(shadeFraction) else { throw .badSetting("shadeFraction must be in 0…1, got \(shadeFraction)") }
        for shade in shades {
            guard let base = shade.shadeOf, colors.contains(base) else {
                throw .badSetting("\(shade.rawValue) is not a close shade of a world colour")
            }
        }
        for c in heldOut where !classes.contains(c) {
            throw .badSplit("held-out \(c) is not a class of this world")
        }
        let seen = seenClasses
        for c in colors where seen.filter({ $0.color == c }).count < 2 {
            throw .badSplit("\(c.rawValue) keeps fewer than two shapes in training; hold out fewer \(c.rawValue) pairs")
        }
        for s in shapes where seen.filter({ $0.shape == s }).count < 2 {
            throw .badSplit("\(s.rawValue) keeps fewer than two colours in training; hold out fewer \(s.rawValue) pairs")
        }
    }

    /// Throws `badSize` unless both sides are in `sizeRange` (check user-given sizes before rendering).
    public static func checkSize(width: Int, height: Int) throws(ToyWorldError) {
        guard sizeRange.contains(width), sizeRange.contains(height) else { throw .badSize(width: width, height: height) }
    }

    // MARK: Words

    /// Every word a toy caption can contain, in a fixed order: articles and counts, sizes,
    /// colours, shapes and their plurals, position phrases, then the scene captions' words.
    /// A word-level toy tokenizer over this list covers all toy captions.
    ///
    /// Example: "a small blue square on the left" uses a, small, blue, square, on, the, left.
    public static var vocabulary: [String] {
        ["a", "an"] + ToyCountWord.words + ToySize.allCases.map(\.rawValue) + ToyColor.allCases.map(\.rawValue)
            + ToyShape.allCases.flatMap { [$0.rawValue, $0.plural] }
            + ["on", "at", "in", "the"] + ToyPosition.allCases.map(\.rawValue)
            + ["photo", "of"] + ToyScene.allCases.map(\.rawValue)
    }

    // MARK: Samplers

    /// An endless, seeded stream of training pictures (seen classes only, plus close shades).
    public func trainSampler(seed: UInt64) -> ToyTrainSampler {
        ToyTrainSampler(world: self, seed: seed)
    }

    /// One random training picture drawn from `random`.
    func trainingSample(_ random: inout RNG) -> ToySample {
        let seen = seenClasses
        var cls = random.pick(seen)
        if !shades.isEmpty && random.uniform() < shadeFraction {
            let shade = random.pick(shades)
            let partners = seen.filter { $0.color == shade.shadeOf }
            if !partners.isEmpty { cls = ToyClass(color: shade, shape: random.pick(partners).shape) }
        }
        let count = random.weighted(countWeights) + 1
        let objects = ToyObjects(shape: cls.shape, color: cls.color, count: count,
                                 size: random.pick(sizes), position: random.pick(ToyPosition.allCases))
        return draw(objects, detail: random.pick(captionDetails), random: &random)
    }

    /// Draws `objects` in this world's size and style.
    public func draw(_ objects: ToyObjects, detail: ToyCaptionDetail = .plain, random: inout RNG) -> ToySample {
        let image = objects.render(width: width, height: height, style: style, random: &random)
        return ToySample(image: image, caption: objects.caption(detail), objects: objects)
    }

    /// A single shape of `cls` with random size and position.
    public func single(_ cls: ToyClass, count: Int = 1, _ random: inout RNG) -> ToySample {
        let objects = ToyObjects(shape: cls.shape, color: cls.color, count: count,
                                 size: random.pick(ToySize.allCases), position: random.pick(ToyPosition.allCases))
        return draw(objects, random: &random)
    }
}
