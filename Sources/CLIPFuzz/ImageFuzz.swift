import CLIPImage
import Foundation

/// PNG and JPEG decoding through libpng/libjpeg (the format is sniffed, so one target
/// reaches both), then CLIP's preprocessing of whatever decodes.
enum ImageFuzz {
    /// Small enough that libFuzzer's memory limit is never the finding.
    static let maxPixels = 4_000_000

    static func run(_ bytes: [UInt8]) throws(FuzzFinding) -> Bool {
        guard let image = try? ImageIO.decode(bytes, maxPixels: maxPixels) else { return false }
        try expect(image.width > 0 && image.height > 0 && image.pixelCount <= maxPixels, "decoded \(image) past the cap")
        try expect(image.pixels.count == image.pixelCount * 3, "\(image) has \(image.pixels.count) bytes")
        let pixels = CLIPPreprocess(size: 16)(image)
        try expect(pixels.shape == [3, 16, 16], "preprocess gave \(pixels.shape)")
        try expect(pixels.data.allSatisfy(\.isFinite), "preprocess gave a non-finite value")
        return true
    }
}
