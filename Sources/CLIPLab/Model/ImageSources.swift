import CLIPData
import CLIPImage
import CLIPModel
import CLIPTraining
import Foundation

/// Where an image comes from: a PNG/JPEG file, or a toy-world picture (`toy:red-circle`,
/// `toy:cat`) drawn at the size asked for.
public enum ImageSources {
    /// Whether `source` names a toy-world picture.
    public static func isToy(_ source: String) -> Bool { source.hasPrefix(ToySpec.prefix) }

    /// Decodes or draws `source`. Toy pictures are drawn at `size` (so a toy model sees
    /// them exactly as in training); files are decoded as they are.
    public static func load(_ source: String, size: Int) throws -> RGBImage {
        if isToy(source) {
            let spec = try ToySpec.parse(source)
            let side = max(size, 8)
            let sample = spec.render(width: side, height: side, seed: nil)
            return RGBImage(width: sample.image.width, height: sample.image.height, pixels: sample.image.rgb)
        }
        return try ImageIO.load(path: (source as NSString).expandingTildeInPath)
    }

    /// A short label for tables: the toy spec without its prefix, or the file name.
    public static func label(_ source: String) -> String {
        if isToy(source) { return String(source.dropFirst(ToySpec.prefix.count)) }
        return (source as NSString).lastPathComponent
    }
}
