import CLIPCore
import Foundation

/// A picture named by a short spec: `toy:red-circle`, `toy:two-green-triangles`,
/// `toy:small-blue-square-left`, `toy:cat`.
///
/// Words are separated by `-`, `_` or spaces, in any order, case-insensitive; the `toy:`
/// prefix is optional. A shape picture needs a colour and a shape and may add a count
/// (a/one/two/three), a size (small/large) and, for one shape, a position
/// (left/right/top/bottom/centre). The filler words of captions (on, the, at, in) are
/// allowed, so a caption pasted as a spec works. The caption mentions what the spec says.
///
/// Example: `try ToySpec.parse("toy:small-blue-square-left").caption  // "a small blue square on the left"`
public enum ToySpec: Hashable, Sendable, CustomStringConvertible {
    case objects(ToyObjects, detail: ToyCaptionDetail)
    case scene(ToyScene)

    public static let prefix = "toy:"

    /// The caption of the picture ("two green triangles", "a photo of a cat").
    public var caption: String {
        switch self {
        case let .objects(o, detail): return o.caption(detail)
        case let .scene(s): return s.caption
        }
    }

    /// The canonical spelling, e.g. "toy:two-small-green-triangles".
    public var description: String {
        switch self {
        case let .scene(s): return ToySpec.prefix + s.rawValue
        case let .objects(o, detail):
            var words: [String] = o.count == 1 ? [] : [ToyCountWord.word(o.count) ?? "\(o.count)"]
            if detail.mentionsSize { words.append(o.size.rawValue) }
            words += [o.color.rawValue, o.count == 1 ? o.shape.rawValue : o.shape.plural]
            if detail.mentionsPosition, o.count == 1, let p = o.position { words.append(p.rawValue) }
            return ToySpec.prefix + words.joined(separator: "-")
        }
    }

    /// Draws the picture. Without a seed it is the canonical, noise-free picture; a seed
    /// gives a varied one in the world's standard style.
    public func render(width: Int = 32, height: Int = 32, seed: UInt64? = nil) -> ToySample {
        switch self {
        case let .scene(s): return s.render(width: width, height: height, seed: seed)
        case let .objects(o, detail):
            var random = RNG.stream(seed: seed ?? 0, purpose: 200)
            let image = o.render(width: width, height: height, style: seed == nil ? .clean : .standard, random: &random)
            return ToySample(image: image, caption: o.caption(detail), objects: o)
        }
    }

    // MARK: Words

    static let countWords: [String: Int] = ["one": 1, "two": 2, "three": 3, "1": 1, "2": 2, "3": 3]
    static let sizeWords: [String: ToySize] = ["small": .small, "large": .large, "big": .large]
    static let positionWords: [String: ToyPosition] = [
        "left": .left, "right": .right, "top": .top, "bottom": .bottom,
        "centre": .centre, "center": .centre, "middle": .centre,
    ]
    /// Caption words a spec may contain that change nothing ("a-photo-of-a-cat", "a-red-circle-on-the-left").
    static let fillers: Set<String> = ["a", "an", "on", "the", "at", "in", "photo", "of"]

    /// Every word a spec may contain, for completion and error messages.
    public static var words: [String] {
        ToyCountWord.words + ToySize.allCases.map(\.rawValue) + ToyColor.allCases.map(\.rawValue)
            + ToyShape.allCases.flatMap { [$0.rawValue, $0.plural] } + ToyPosition.allCases.map(\.rawValue)
            + ToyScene.allCases.map(\.rawValue)
    }

    /// Example specs for tab completion: every scene and every colour×shape pair.
    public static var completions: [String] {
        ToyScene.allCases.map { prefix + $0.rawValue }
            + ToyColor.allCases.flatMap { c in ToyShape.allCases.map { prefix + "\(c.rawValue)-\($0.rawValue)" } }
    }

    static let validWordsHint = "valid words: counts one two three; sizes small large; colours "
        + ToyColor.allCases.map(\.rawValue).joined(separator: " ") + "; shapes "
        + ToyShape.allCases.map(\.rawValue).joined(separator: " ") + " (or plural); positions "
        + ToyPosition.allCases.map(\.rawValue).joined(separator: " ") + "; scenes "
        + ToyScene.allCases.map(\.rawValue).joined(separator: " ")

    // MARK: Parsing

    /// Reads a spec; throws `ToyWorldError.badSpec` naming the problem and the valid words.
    public static func parse(_ text: String) throws(ToyWorldError) -> ToySpec {
        func fail(_ reason: String) -> ToyWorldError { .badSpec(spec: String(text.prefix(80)), reason: reason) }
        var body = Substring(text.trimmingCharacters(in: .whitespaces))
        if body.lowercased().hasPrefix(prefix) { body = body.dropFirst(prefix.count) }
        let tokens = body.lowercased().split { $0 == "-" || $0 == "_" || $0 == " " }.map(String.init)
        guard !tokens.isEmpty else { throw fail("it is empty; try toy:red-circle, toy:two-green-triangles or toy:cat") }

        var count: (Int, String)?, size: (ToySize, String)?, color: (ToyColor, String)?
        var shape: (ToyShape, String)?, position: (ToyPosition, String)?, scene: (ToyScene, String)?
        func once<T>(_ slot: inout (T, String)?, _ value: T, _ word: String, _ kind: String) throws(ToyWorldError) {
            if let old = slot { throw fail("two \(kind) ('\(old.1)' and '\(word)'): give one") }
            slot = (value, word)
        }
        for word in tokens {
            if let n = countWords[word] { try once(&count, n, word, "counts") }
            else if let s = sizeWords[word] { try once(&size, s, word, "sizes") }
            else if let c = ToyColor(rawValue: word) { try once(&color, c, word, "colours") }
            else if let s = ToyShape.allCases.first(where: { $0.rawValue == word || $0.plural == word }) {
                try once(&shape, s, word, "shapes")
            } else if let p = positionWords[word] { try once(&position, p, word, "positions") }
            else if let s = ToyScene(rawValue: word) { try once(&scene, s, word, "scenes") }
            else if fillers.contains(word) { continue }
            else { throw fail("unknown word '\(word.prefix(40))'; \(validWordsHint)") }
        }

        if let scene {
            let extra = [count?.1, size?.1, color?.1, shape?.1, position?.1].compactMap { $0 }
            guard extra.isEmpty else {
                throw fail("'\(scene.1)' is a scene and takes no other words (drop '\(extra.joined(separator: "', '"))')")
            }
            return .scene(scene.0)
        }
        guard let shape else { throw fail("no shape: add one of \(ToyShape.allCases.map(\.rawValue).joined(separator: ", ")), or name a scene") }
        guard let color else { throw fail("no colour for the \(shape.1): add one of \(ToyColor.allCases.map(\.rawValue).joined(separator: ", "))") }
        let n = count?.0 ?? 1
        if n > 1, let position {
            throw fail("a position applies to one shape; drop '\(position.1)' or the count '\(count?.1 ?? "")'")
        }
        let objects = ToyObjects(shape: shape.0, color: color.0, count: n, size: size?.0 ?? (n == 1 ? .large : .small),
                                 position: position?.0)
        let detail: ToyCaptionDetail = switch (size != nil, position != nil) {
        case (false, false): .plain
        case (true, false): .size
        case (false, true): .position
        case (true, true): .full
        }
        return .objects(objects, detail: detail)
    }
}
