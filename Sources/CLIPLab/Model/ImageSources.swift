import CLIPData
import CLIPImage
import Foundation

/// Where an image comes from when no model is involved (`show`, `preprocess`, `batch add`):
/// a PNG/JPEG file, or a toy-world picture (`toy:red-circle`, `toy:cat`) drawn at the size
/// asked for. With a model, `CLIPPipeline.image` does the same at the model's size.
public enum ImageSources {
    /// Whether `source` names a toy-world picture.
    public static func isToy(_ source: String) -> Bool { PictureSource.toyWorld.owns(source) }

    /// Decodes or draws `source` (toy pictures at `size`, files as they are, with their
    /// `sourceMode` when `keepingMode` is set).
    public static func load(_ source: String, size: Int, keepingMode: Bool = false) throws -> RGBImage {
        try PictureSource.picture(source, size: size, from: [.toyWorld], keepingMode: keepingMode)
    }

    /// A short label for tables: the toy spec without its prefix, or the file name.
    public static func label(_ source: String) -> String {
        if isToy(source) { return String(source.dropFirst(ToySpec.prefix.count)) }
        return (source as NSString).lastPathComponent
    }
}
