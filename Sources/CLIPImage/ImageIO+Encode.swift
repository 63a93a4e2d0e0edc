import CJPEG
import CPNG

extension ImageIO {
    /// PNG file bytes for 8-bit pixels: `channels` 1 grey, 2 grey+alpha, 3 RGB, 4 RGBA,
    /// `pixels.count == width * height * channels`.
    public static func pngData(width: Int, height: Int, channels: Int, pixels: [UInt8],
                               compressionLevel: Int = 6) throws(ImageError) -> [UInt8] {
        guard width > 0, height > 0, (1...4).contains(channels), width <= Int(UInt32.max),
              height <= Int(UInt32.max), pixels.count == width * height * channels else {
            throw .invalidArgument("PNG needs width, height > 0, 1...4 channels and width*height*channels "
                                   + "bytes; got \(width) x \(height) x \(channels) with \(pixels.count) bytes")
        }
        var result = cpng_encoded()
        let code = pixels.withUnsafeBufferPointer {
            cpng_encode($0.baseAddress, UInt32(width), UInt32(height), Int32(channels), Int32(compressionLevel), &result)
        }
        defer { cpng_free(result.bytes) }
        guard code == 0, let bytes = result.bytes else {
            throw .encodeFailed(detail: "PNG: " + text(of: &result.message))
        }
        return Array(UnsafeBufferPointer(start: bytes, count: result.size))
    }

    /// PNG file bytes for an RGB image.
    public static func pngData(_ image: RGBImage) throws(ImageError) -> [UInt8] {
        try pngData(width: image.width, height: image.height, channels: 3, pixels: image.pixels)
    }

    /// Writes `image` as an RGB PNG file at `path`.
    public static func writePNG(_ image: RGBImage, path: String) throws(ImageError) {
        try FileBytes.write(pngData(image), to: path)
    }

    /// Writes RGBA pixels (`width * height * 4` bytes, e.g. a plot with transparency) as a PNG file.
    public static func writePNG(rgba: [UInt8], width: Int, height: Int, path: String) throws(ImageError) {
        try FileBytes.write(pngData(width: width, height: height, channels: 4, pixels: rgba), to: path)
    }

    /// JPEG file bytes for an RGB image, `quality` 1...100 (libjpeg's scale; 75 is its default).
    public static func jpegData(_ image: RGBImage, quality: Int = 90, progressive: Bool = false) throws(ImageError) -> [UInt8] {
        guard image.width > 0, image.height > 0, image.width <= 65_500, image.height <= 65_500 else {
            throw .invalidArgument("JPEG sides must be 1...65500 pixels; got \(image.width) x \(image.height)")
        }
        guard (1...100).contains(quality) else {
            throw .invalidArgument("JPEG quality must be 1...100; got \(quality)")
        }
        var result = cjpeg_encoded()
        let code = image.pixels.withUnsafeBufferPointer {
            cjpeg_encode_rgb($0.baseAddress, UInt32(image.width), UInt32(image.height), Int32(quality),
                             progressive ? 1 : 0, &result)
        }
        defer { cjpeg_free(result.bytes) }
        guard code == 0, let bytes = result.bytes else {
            throw .encodeFailed(detail: "JPEG: " + text(of: &result.message))
        }
        return Array(UnsafeBufferPointer(start: bytes, count: result.size))
    }

    /// Writes `image` as a JPEG file at `path`.
    public static func writeJPEG(_ image: RGBImage, path: String, quality: Int = 90,
                                 progressive: Bool = false) throws(ImageError) {
        try FileBytes.write(jpegData(image, quality: quality, progressive: progressive), to: path)
    }
}
