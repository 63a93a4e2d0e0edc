import CLIPCore
import CLIPImage

/// A small RGB picture from the toy world: bytes for display and files, floats for the model.
///
/// `rgb` is interleaved `[height, width, 3]`; `pixels()` gives the model's view
/// `[3, height, width]`, scaled to 0…1 and normalised with CLIP's per-channel mean and
/// standard deviation, so toy images enter the same pipeline as real photos.
///
/// Example: `ToySpec.parse("toy:red-circle").render().image.tensor().shape  // [3, 32, 32]`
public struct ToyImage: Hashable, Sendable {
    public let width: Int
    public let height: Int
    /// Interleaved RGB bytes, `[height, width, 3]`.
    public let rgb: [UInt8]

    /// CLIP's image normalisation (OpenAI preprocessing), per channel R, G, B.
    public static let clipMean = CLIPPreprocess.openAIMean
    public static let clipStd = CLIPPreprocess.openAIStd

    public init(width: Int, height: Int, rgb: [UInt8]) {
        precondition(rgb.count == width * height * 3, "\(width)×\(height) RGB needs \(width * height * 3) bytes")
        self.width = width
        self.height = height
        self.rgb = rgb
    }

    /// The pixel at column `x`, row `y` as (r, g, b).
    public subscript(x: Int, y: Int) -> (r: UInt8, g: UInt8, b: UInt8) {
        let k = 3 * (y * width + x)
        return (rgb[k], rgb[k + 1], rgb[k + 2])
    }

    /// Channel-first normalised floats `[3, height, width]`: `(byte / 255 − mean[c]) / std[c]`.
    public func pixels() -> [Float] {
        var out = [Float](repeating: 0, count: rgb.count)
        writePixels(into: &out, at: 0)
        return out
    }

    /// Writes `pixels()` into `buffer[offset ..< offset + 3·H·W]` (for filling a batch in place).
    public func writePixels(into buffer: inout [Float], at offset: Int) {
        let plane = width * height
        precondition(offset >= 0 && offset + 3 * plane <= buffer.count, "buffer too small for a \(width)×\(height) image")
        for c in 0..<3 {
            let scale = 1 / (255 * ToyImage.clipStd[c])
            let shift = ToyImage.clipMean[c] / ToyImage.clipStd[c]
            let base = offset + c * plane
            for p in 0..<plane { buffer[base + p] = Float(rgb[3 * p + c]) * scale - shift }
        }
    }

    /// The model's view as a tensor `[3, height, width]`.
    public func tensor() -> Tensor {
        Tensor(shape: [3, height, width], data: pixels())
    }

    /// Several images of one size as one tensor `[N, 3, H, W]`.
    public static func batchTensor(_ images: [ToyImage]) -> Tensor {
        guard let first = images.first else { return Tensor(shape: [0, 3, 0, 0], data: []) }
        let n = 3 * first.width * first.height
        var data = [Float](repeating: 0, count: images.count * n)
        for (i, image) in images.enumerated() {
            precondition(image.width == first.width && image.height == first.height, "batch images differ in size")
            image.writePixels(into: &data, at: i * n)
        }
        return Tensor(shape: [images.count, 3, first.height, first.width], data: data)
    }

    /// The picture as a CLIPImage image, for the real preprocessing path, previews and PNG files.
    public var rgbImage: RGBImage { RGBImage(width: width, height: height, pixels: rgb) }

    /// A PNG file of the picture.
    public func pngData() throws(ImageError) -> [UInt8] { try ImageIO.pngData(rgbImage) }

    /// A binary PPM (P6) file of the picture, for quick viewing and export.
    public func ppm() -> [UInt8] {
        Array("P6\n\(width) \(height)\n255\n".utf8) + rgb
    }

    /// FNV-1a 64-bit hash of the bytes, used as a golden checksum in tests.
    public var checksum: UInt64 {
        var h = FNV1a()
        h.add(rgb)
        return h.value
    }
}

/// One image with its caption, and what it shows when it comes from the shape world.
public struct ToySample: Hashable, Sendable {
    public let image: ToyImage
    public let caption: String
    /// The objects drawn (nil for the four scenes).
    public let objects: ToyObjects?
    /// The scene drawn (nil for shape pictures).
    public let scene: ToyScene?

    public init(image: ToyImage, caption: String, objects: ToyObjects? = nil, scene: ToyScene? = nil) {
        self.image = image
        self.caption = caption
        self.objects = objects
        self.scene = scene
    }
}
