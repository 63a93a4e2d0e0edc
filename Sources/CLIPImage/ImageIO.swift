import CJPEG
import CPNG

/// Reading and writing PNG and JPEG files (through libpng and libjpeg).
///
/// Decoding gives the pixels PIL's `Image.open(f).convert("RGB")` gives: palette looked up,
/// grey replicated, alpha and tRNS dropped (not composited), 16-bit colour reduced to its
/// high byte (16-bit grey is clipped at 255, as PIL's "I;16" conversion does), CMYK JPEGs
/// taken as Adobe-inverted and converted with PIL's formula. EXIF orientation is not
/// applied — neither PIL's `open` nor CLIP's pipeline applies it. With `keepingMode: true`
/// a PNG's alpha channel and palette-ness are kept too (`RGBImage.sourceMode`). Example:
///
///     let image = try ImageIO.load(path: "cat.jpg")   // RGBImage(640x480)
public enum ImageIO {
    /// PIL's `Image.MAX_IMAGE_PIXELS` (1024·1024·1024 / 4 / 3): images with more pixels are
    /// refused before any pixel memory is allocated.
    public static let defaultMaxPixels = 89_478_485

    /// Decodes the PNG or JPEG file at `path` (format sniffed from its first bytes).
    /// - Parameter maxPixels: refuse images with more than this many pixels.
    /// - Throws: `ImageError` naming the file and the problem.
    /// - Parameter keepingMode: also record how a PNG stored its pixels (alpha channel,
    ///   palette) in `sourceMode`, for resizing in the OpenAI order.
    public static func load(path: String, maxPixels: Int = defaultMaxPixels,
                            keepingMode: Bool = false) throws(ImageError) -> RGBImage {
        let bytes = try FileBytes.read(path)
        return try decode(bytes, name: path, maxPixels: maxPixels, keepingMode: keepingMode)
    }

    /// Decodes PNG or JPEG bytes held in memory; `name` is used in error messages.
    public static func decode(_ bytes: [UInt8], name: String = "<memory>", maxPixels: Int = defaultMaxPixels,
                              keepingMode: Bool = false) throws(ImageError) -> RGBImage {
        if bytes.isEmpty { throw .empty(path: name) }
        let limit = UInt64(max(0, maxPixels))
        switch ImageFormat.sniff(bytes) {
        case .png:
            var result = cpng_decoded()
            let code = bytes.withUnsafeBufferPointer { cpng_decode($0.baseAddress, $0.count, limit, keepingMode ? 1 : 0, &result) }
            defer { cpng_free(result.pixels); cpng_free(result.alpha) }
            let message = text(of: &result.message)
            try check(code: code, truncated: result.truncated != 0, width: result.width,
                      height: result.height, message: message, name: name, limit: maxPixels)
            var decoded = image(result.pixels, width: Int(result.width), height: Int(result.height))
            if keepingMode { decoded.sourceMode = sourceMode(of: result, pixelCount: decoded.pixelCount) }
            return decoded
        case .jpeg:
            var result = cjpeg_decoded()
            let code = bytes.withUnsafeBufferPointer { cjpeg_decode_rgb($0.baseAddress, $0.count, limit, &result) }
            defer { cjpeg_free(result.pixels) }
            let message = text(of: &result.message)
            try check(code: code, truncated: result.truncated != 0, width: result.width,
                      height: result.height, message: message, name: name, limit: maxPixels)
            return image(result.pixels, width: Int(result.width), height: Int(result.height))
        case .some(let other):
            throw .unsupportedFormat(path: name, format: other.rawValue)
        case .none:
            throw .notAnImage(path: name)
        }
    }

    // Both shims share the same code numbers (OK 0, corrupt 1, too large 2, unsupported 3, memory 4).
    private static func check(code: Int32, truncated: Bool, width: UInt32, height: UInt32,
                              message: String, name: String, limit: Int) throws(ImageError) {
        switch code {
        case 0: return
        case 2: throw .tooManyPixels(path: name, width: Int(width), height: Int(height), limit: limit)
        case 3: throw .unsupported(path: name, detail: message)
        case 4: throw .outOfMemory(path: name, detail: message)
        default:
            if truncated { throw .truncated(path: name, detail: message) }
            throw .corrupt(path: name, detail: message)
        }
    }

    private static func image(_ pixels: UnsafeMutablePointer<UInt8>?, width: Int, height: Int) -> RGBImage {
        let count = width * height * 3
        guard let pixels, count > 0 else { return RGBImage(width: 0, height: 0, pixels: []) }
        return RGBImage(width: width, height: height, pixels: Array(UnsafeBufferPointer(start: pixels, count: count)))
    }

    /// PNG colour type 3 (palette) and 1-bit grey are PIL's "P" and "1"; an alpha channel
    /// makes "RGBA" or "LA"; everything else is resized as RGB.
    private static func sourceMode(of result: cpng_decoded, pixelCount: Int) -> SourceMode {
        if let alpha = result.alpha, pixelCount > 0 {
            return .alpha(Array(UnsafeBufferPointer(start: alpha, count: pixelCount)))
        }
        if result.color_type == 3 || (result.color_type == 0 && result.bit_depth == 1) { return .palette }
        return .opaque
    }

    /// A C `char[N]` message field as a String.
    static func text<T>(of field: inout T) -> String {
        withUnsafeBytes(of: &field) { raw in
            let bytes = raw.prefix { $0 != 0 }
            return String(decoding: bytes, as: UTF8.self)
        }
    }
}
