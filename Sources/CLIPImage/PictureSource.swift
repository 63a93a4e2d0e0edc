import Foundation

/// Pictures that are drawn rather than read from a file, named by a prefix: `toy:red-circle`.
///
/// A pipeline asks each of its picture sources whether a name is theirs before it treats
/// the name as a path, so `classify toy:cat` and `classify cat.jpg` go through the same code.
/// Example: `PictureSource(prefix: "toy:") { spec, size in … }` draws `spec` at `size`×`size`.
public struct PictureSource: Sendable {
    /// The scheme the names start with, e.g. `toy:`.
    public let prefix: String
    /// Draws the named picture at the model's input side (`size`), e.g. 32 for the toy model.
    public let draw: @Sendable (_ name: String, _ size: Int) throws -> RGBImage

    public init(prefix: String, draw: @escaping @Sendable (_ name: String, _ size: Int) throws -> RGBImage) {
        self.prefix = prefix
        self.draw = draw
    }

    /// Whether `name` is one of this source's pictures.
    public func owns(_ name: String) -> Bool { name.hasPrefix(prefix) }
}

extension PictureSource {
    /// The picture behind `name`: drawn at `size` by the first of `sources` that owns it,
    /// else decoded from a PNG/JPEG file (`~` is expanded), with its `sourceMode` when
    /// `keepingMode` is set.
    public static func picture(_ name: String, size: Int, from sources: [PictureSource],
                               keepingMode: Bool = false) throws -> RGBImage {
        if let source = sources.first(where: { $0.owns(name) }) { return try source.draw(name, max(size, 8)) }
        return try ImageIO.load(path: (name as NSString).expandingTildeInPath, keepingMode: keepingMode)
    }
}
