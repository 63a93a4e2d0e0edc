import CLIPCore

/// A way of drawing pictures that training can leave out: one object count (two or three
/// shapes in a picture), one size (small or large shapes) or one close shade (crimson, navy).
///
/// Withheld from training and then asked for, it is a distribution shift in the paper's sense
/// (§3.3): the classes stay the same, only the pictures change.
///
/// Example: `ToyShift(word: "three")` → `.count(3)`; `ToyShift(word: "small")` → `.size(.small)`.
public enum ToyShift: Hashable, Sendable, CustomStringConvertible {
    /// Pictures holding this many shapes (2 or 3; one shape is how every class is tested).
    case count(Int)
    /// Pictures whose shapes are all of this size.
    case size(ToySize)
    /// Pictures painted in this close shade instead of its base colour.
    case shade(ToyColor)

    /// The words that name a shift: "two", "three", "small", "large", "crimson", "navy".
    public static let words = ["two", "three"] + ToySize.allCases.map(\.rawValue)
        + ToyColor.allCases.filter { $0.shadeOf != nil }.map(\.rawValue)

    public init?(word: String) {
        let w = word.lowercased()
        switch w {
        case "two", "2": self = .count(2)
        case "three", "3": self = .count(3)
        default:
            if let s = ToySize(rawValue: w) { self = .size(s); return }
            guard let c = ToyColor(rawValue: w), c.shadeOf != nil else { return nil }
            self = .shade(c)
        }
    }

    /// "three objects", "small shapes", "crimson".
    public var description: String {
        switch self {
        case let .count(n): return "\(ToyCountWord.word(n) ?? "\(n)") objects"
        case let .size(s): return "\(s.rawValue) shapes"
        case let .shade(c): return c.rawValue
        }
    }

    /// How the same classes look without the shift: "one object", "large shapes", "red".
    public var usual: String {
        switch self {
        case .count: return "one object"
        case let .size(s): return "\(s == .small ? ToySize.large.rawValue : ToySize.small.rawValue) shapes"
        case let .shade(c): return c.shadeOf?.rawValue ?? c.rawValue
        }
    }
}

extension ToyWorld {
    /// This world with `shift` never drawn in training: its count gets weight zero, its size
    /// leaves `sizes`, or its shade leaves `shades`. Throws when nothing would be left to draw.
    public func withholding(_ shift: ToyShift) throws(ToyWorldError) -> ToyWorld {
        var world = self
        switch shift {
        case let .count(n):
            guard (1...3).contains(n) else { throw .badSetting("a toy picture holds one to three objects, not \(n)") }
            world.countWeights[n - 1] = 0
            guard world.countWeights.reduce(0, +) > 0 else {
                throw .badSetting("withholding \(shift) leaves no object count to train on")
            }
        case let .size(s):
            world.sizes.removeAll { $0 == s }
            guard !world.sizes.isEmpty else { throw .badSetting("withholding \(shift) leaves no size to train on") }
        case let .shade(c):
            world.shades.removeAll { $0 == c }
        }
        return world
    }

    /// Fresh pictures of the training classes drawn with `shift` — or, with `shifted: false`,
    /// the same classes drawn without it (one shape, the other size, the base colour).
    ///
    /// Each picture chooses among every colour×shape class, written as training writes a
    /// caption for such a picture ("three red circles" for three shapes, "a red circle"
    /// otherwise); the answer is the class it was drawn from, so a crimson circle should read
    /// "a red circle".
    public func shiftSet(_ shift: ToyShift, shifted: Bool = true, count: Int, seed: UInt64) -> ToyEvalSet {
        var random = RNG.stream(seed: seed, purpose: shifted ? 6 : 7)
        let all = classes
        let picked: [ToyClass]
        switch shift {
        case .count, .size: picked = seenClasses
        case let .shade(c): picked = seenClasses.filter { $0.color == c.shadeOf }
        }
        var n = 1
        if shifted, case let .count(k) = shift { n = k }
        var samples: [ToySample] = [], answers: [Int] = []
        if !picked.isEmpty {
            for i in 0..<max(0, count) {
                let cls = picked[i % picked.count]
                var color = cls.color
                var size = random.pick(ToySize.allCases)
                switch shift {
                case let .shade(c) where shifted: color = c
                case let .size(s): size = shifted ? s : (s == .small ? .large : .small)
                default: break
                }
                let objects = ToyObjects(shape: cls.shape, color: color, count: n, size: size,
                                         position: random.pick(ToyPosition.allCases))
                samples.append(draw(objects, random: &random))
                answers.append(all.firstIndex(of: cls) ?? 0)
            }
        }
        return ToyEvalSet(name: shifted ? "shifted" : "usual",
                          captions: all.map { ToyObjects(shape: $0.shape, color: $0.color, count: n) },
                          samples: samples, candidates: Array(repeating: Array(all.indices), count: samples.count),
                          answers: answers)
    }
}
