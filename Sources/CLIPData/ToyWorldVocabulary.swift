import Foundation

/// The words of the toy world: shapes, colours, sizes, positions and counts.
///
/// Captions are built only from these words (plus "a", "on", "the", …), so a word-level
/// tokenizer over `ToyWorld.vocabulary` covers every toy caption.

/// A shape the toy world can draw.
public enum ToyShape: String, CaseIterable, Hashable, Sendable {
    case circle, square, triangle, cross, star, ring

    /// "circles", "crosses", …
    public var plural: String { self == .cross ? "crosses" : rawValue + "s" }

    /// Whether the unit-size shape covers point (u, v); the shape fits in [-1, 1]², y down.
    func contains(_ u: Float, _ v: Float) -> Bool {
        switch self {
        case .circle: return u * u + v * v <= 0.95 * 0.95
        case .ring:
            let d = u * u + v * v
            return d <= 0.95 * 0.95 && d >= 0.5 * 0.5
        case .square: return abs(u) <= 0.8 && abs(v) <= 0.8
        case .cross:
            let (a, b) = (abs(u), abs(v))
            return (a <= 0.3 && b <= 0.95) || (b <= 0.3 && a <= 0.95)
        case .triangle:
            // Apex (0, -0.95), base from (-1, 0.8) to (1, 0.8).
            guard v <= 0.8 else { return false }
            return abs(u) <= (v + 0.95) / 1.75
        case .star: return ToyShape.starContains(u, v)
        }
    }

    /// A five-pointed star, point up, outer radius 1, inner radius 0.5.
    ///
    /// By symmetry, only the arm whose tip direction is nearest matters; mirrored onto one
    /// side of that tip, the point is inside when it lies on the centre's side of the edge
    /// from the tip (1, 0) to the inner corner (0.5·cos 36°, 0.5·sin 36°).
    static func starContains(_ u: Float, _ v: Float) -> Bool {
        // Tip directions at −90°, −18°, 54°, 126°, 198° (y down, so −90° is up).
        let c18: Float = 0.95105652, s18: Float = 0.30901699, c54: Float = 0.58778525, s54: Float = 0.80901699
        var (dx, dy, best): (Float, Float, Float) = (0, -1, -v)
        let d1 = c18 * u - s18 * v, d2 = c54 * u + s54 * v, d3 = -c54 * u + s54 * v, d4 = -c18 * u - s18 * v
        if d1 > best { (dx, dy, best) = (c18, -s18, d1) }
        if d2 > best { (dx, dy, best) = (c54, s54, d2) }
        if d3 > best { (dx, dy, best) = (-c54, s54, d3) }
        if d4 > best { (dx, dy, best) = (-c18, -s18, d4) }
        let t = abs(u * dy - v * dx)  // distance from the tip's axis
        let (a, b): (Float, Float) = (0.40450850, 0.29389263)  // inner corner
        return b * (best - 1) + (1 - a) * t <= 0
    }

    /// Whether rotating the shape changes the picture.
    var isRotationInvariant: Bool { self == .circle || self == .ring }
}

/// A colour word and the paint it names.
public enum ToyColor: String, CaseIterable, Hashable, Sendable {
    case red, green, blue, yellow, purple, orange
    /// Close shades used by the fine-grained set: crimson ≈ red, navy ≈ blue.
    case crimson, navy

    /// The paint, before per-image jitter.
    public var rgb: ToyRGB {
        switch self {
        case .red: return ToyRGB(220, 40, 35)
        case .green: return ToyRGB(40, 165, 60)
        case .blue: return ToyRGB(40, 90, 220)
        case .yellow: return ToyRGB(240, 205, 30)
        case .purple: return ToyRGB(145, 60, 185)
        case .orange: return ToyRGB(245, 135, 20)
        case .crimson: return ToyRGB(170, 20, 65)
        case .navy: return ToyRGB(30, 45, 140)
        }
    }

    /// The base colour a fine shade is close to (crimson → red), or nil for base colours.
    public var shadeOf: ToyColor? {
        switch self {
        case .crimson: return .red
        case .navy: return .blue
        default: return nil
        }
    }
}

/// How big a shape is drawn.
public enum ToySize: String, CaseIterable, Hashable, Sendable {
    case small, large

    /// Radius as a fraction of the picture's shorter side; several objects are drawn a bit smaller.
    func radius(count: Int) -> Float {
        switch self {
        case .small: return 0.15
        case .large: return count == 1 ? 0.26 : 0.2
        }
    }
}

/// Where a single shape sits.
public enum ToyPosition: String, CaseIterable, Hashable, Sendable {
    case left, right, top, bottom, centre

    /// "on the left", "at the top", "in the centre".
    public var phrase: String {
        switch self {
        case .left, .right: return "on the \(rawValue)"
        case .top, .bottom: return "at the \(rawValue)"
        case .centre: return "in the centre"
        }
    }

    /// Centre in unit coordinates before jitter.
    var anchor: (x: Float, y: Float) {
        switch self {
        case .left: return (0.25, 0.5)
        case .right: return (0.75, 0.5)
        case .top: return (0.5, 0.25)
        case .bottom: return (0.5, 0.75)
        case .centre: return (0.5, 0.5)
        }
    }
}

/// How many objects a picture shows, as a caption word.
public enum ToyCountWord {
    public static let words = ["one", "two", "three"]

    /// "two" for 2; nil outside 1…3.
    public static func word(_ n: Int) -> String? { (1...3).contains(n) ? words[n - 1] : nil }

    /// "an" before a vowel ("an orange star"), otherwise "a".
    public static func article(before word: String) -> String {
        word.first.map { "aeiou".contains($0) } == true ? "an" : "a"
    }
}

/// Which attributes a caption mentions besides colour, shape and count.
public enum ToyCaptionDetail: String, CaseIterable, Hashable, Sendable {
    /// "a red circle", "two red circles"
    case plain
    /// "a small red circle"
    case size
    /// "a red circle on the left"
    case position
    /// "a small red circle on the left"
    case full

    var mentionsSize: Bool { self == .size || self == .full }
    var mentionsPosition: Bool { self == .position || self == .full }
}
