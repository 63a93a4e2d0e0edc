/// A caption class for zero-shot evaluation: one colour with one shape ("a red circle").
///
/// The toy world's classes are every colour × shape pair; a split holds some pairs out of
/// training entirely, so zero-shot accuracy on them measures composition of seen words.
///
/// Example: `ToyClass(color: .red, shape: .triangle).caption  // "a red triangle"`
public struct ToyClass: Hashable, Sendable, CustomStringConvertible {
    public var color: ToyColor
    public var shape: ToyShape

    public init(color: ToyColor, shape: ToyShape) {
        self.color = color
        self.shape = shape
    }

    /// "a red circle"
    public var caption: String { ToyObjects(shape: shape, color: color).caption() }

    /// "red-circle", the spelling used by `toy:` specs.
    public var description: String { "\(color.rawValue)-\(shape.rawValue)" }
}
