import CLIPCore
import Foundation

/// What a shape picture shows: `count` identical shapes of one colour and size, and
/// for a single shape where it sits.
///
/// Example: `ToyObjects(shape: .circle, color: .red).caption()  // "a red circle"`,
/// `ToyObjects(shape: .cross, color: .blue, count: 2).caption()  // "two blue crosses"`.
public struct ToyObjects: Hashable, Sendable {
    public var shape: ToyShape
    public var color: ToyColor
    /// 1…3.
    public var count: Int
    public var size: ToySize
    /// Where a single shape sits; nil for several shapes (they are scattered).
    public var position: ToyPosition?

    public init(shape: ToyShape, color: ToyColor, count: Int = 1, size: ToySize = .large,
                position: ToyPosition? = nil) {
        precondition((1...3).contains(count), "count must be 1…3, got \(count)")
        self.shape = shape
        self.color = color
        self.count = count
        self.size = size
        self.position = count == 1 ? (position ?? .centre) : nil
    }

    /// The colour+shape class this picture belongs to.
    public var toyClass: ToyClass { ToyClass(color: color, shape: shape) }

    /// The caption, mentioning size and position as `detail` asks.
    ///
    /// Example: detail `.full` → "a small blue square on the left"; several shapes never
    /// mention a position: "three large green triangles".
    public func caption(_ detail: ToyCaptionDetail = .plain) -> String {
        var words: [String] = []
        if detail.mentionsSize { words.append(size.rawValue) }
        words.append(color.rawValue)
        words.append(count == 1 ? shape.rawValue : shape.plural)
        if detail.mentionsPosition, let position { words.append(position.phrase) }
        let first = count == 1 ? ToyCountWord.article(before: words[0]) : ToyCountWord.word(count) ?? "\(count)"
        return ([first] + words).joined(separator: " ")
    }

    /// Draws the picture. Every random choice (jitter, layout, background) comes from `random`.
    public func render(width: Int = 32, height: Int = 32, style: ToyStyle = .standard,
                       random: inout RNG) -> ToyImage {
        renderWithMask(width: width, height: height, style: style, random: &random).image
    }

    /// Centres and radii in pixels; shapes never overlap and stay inside the picture.
    func layout(width: Float, height: Float, side: Float, style: ToyStyle,
                random: inout RNG) -> [(Float, Float, Float)] {
        let r = size.radius(count: count) * side * random.uniform(1 - style.sizeJitter, 1 + style.sizeJitter)
        let margin: Float = 0.5
        let e = 1.1 * r  // the reach of a rotated shape, rounded down: clipping a corner is harmless
        let (loX, hiX) = (e + margin, max(e + margin, width - e - margin))
        let (loY, hiY) = (e + margin, max(e + margin, height - e - margin))
        if count == 1 {
            let a = (position ?? .centre).anchor
            let j = style.positionJitter * side
            let x = min(hiX, max(loX, a.x * width + random.uniform(-j, j)))
            let y = min(hiY, max(loY, a.y * height + random.uniform(-j, j)))
            return [(x, y, r)]
        }
        // Rejection sampling for a natural scatter; a grid if the picture is too crowded.
        var placed: [(Float, Float, Float)] = []
        var tries = 0
        while placed.count < count && tries < 200 {
            tries += 1
            let x = random.uniform(loX, hiX), y = random.uniform(loY, hiY)
            let gap = 2 * e + 1.5
            if placed.allSatisfy({ ($0.0 - x) * ($0.0 - x) + ($0.1 - y) * ($0.1 - y) >= gap * gap }) {
                placed.append((x, y, r))
            }
        }
        if placed.count == count { return placed }
        let cells = size == .small ? 3 : 2
        return random.distinct(count, of: cells * cells).map { cell in
            let (cw, ch) = (width / Float(cells), height / Float(cells))
            return ((Float(cell % cells) + 0.5) * cw, (Float(cell / cells) + 0.5) * ch, min(r, min(cw, ch) / 2 - margin))
        }
    }
}
