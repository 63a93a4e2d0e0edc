/// Image container formats, recognised by their first bytes (never by the file extension).
public enum ImageFormat: String, Sendable {
    case png = "PNG"
    case jpeg = "JPEG"
    case gif = "GIF"
    case bmp = "BMP"
    case webp = "WebP"
    case tiff = "TIFF"
    case heif = "HEIF/AVIF"
    case jpeg2000 = "JPEG 2000"
    case ico = "ICO"
    case npy = "NumPy .npy"

    /// Formats `ImageIO` decodes.
    public var isDecodable: Bool { self == .png || self == .jpeg }

    /// The format whose magic bytes start `bytes`, or nil.
    ///
    /// Example: `ImageFormat.sniff([0xFF, 0xD8, 0xFF, 0xE0]) == .jpeg`.
    public static func sniff<Bytes: Collection>(_ bytes: Bytes) -> ImageFormat? where Bytes.Element == UInt8 {
        let head = Array(bytes.prefix(16))
        func starts(_ magic: [UInt8], at offset: Int = 0) -> Bool {
            head.count >= offset + magic.count && Array(head[offset..<offset + magic.count]) == magic
        }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        if starts(Array("GIF8".utf8)) { return .gif }
        if starts(Array("BM".utf8)) && head.count >= 14 { return .bmp }
        if starts(Array("RIFF".utf8)) && starts(Array("WEBP".utf8), at: 8) { return .webp }
        if starts([0x49, 0x49, 0x2A, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2A]) { return .tiff }
        if starts(Array("ftyp".utf8), at: 4) { return .heif }
        if starts([0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20]) || starts([0xFF, 0x4F, 0xFF, 0x51]) {
            return .jpeg2000
        }
        if starts([0x00, 0x00, 0x01, 0x00]) { return .ico }
        if starts([0x93] + Array("NUMPY".utf8)) { return .npy }
        return nil
    }
}
