import Foundation
import Testing
@testable import CLIPImage

@Suite("Decoding matches PIL's convert(\"RGB\")")
struct DecodeTests {
    static let cases = Fixtures.manifest.decode.map(\.file)

    @Test("Every PNG and JPEG layout decodes to PIL's RGB pixels", arguments: cases)
    func decodesLikePIL(file: String) throws {
        let entry = try #require(Fixtures.manifest.decode.first { $0.file == file })
        let expected = try Fixtures.npy(entry.expected, in: "decode")
        let image = try ImageIO.load(path: Fixtures.path("decode", file))
        #expect([image.height, image.width, 3] == expected.shape, "\(entry.note)")
        let differing = zip(image.pixels, expected.bytes).filter { $0 != $1 }.count
        let worst = zip(image.pixels, expected.bytes).map { abs(Int($0) - Int($1)) }.max() ?? 0
        // PNG is lossless and must be exact; JPEG may differ by one step if the libjpeg
        // versions round differently, but here both use libjpeg-turbo's ISLOW IDCT.
        #expect(differing == 0, "\(file) (\(entry.note)): \(differing) bytes differ, worst by \(worst)")
    }

    @Test("Format is sniffed from the bytes, not the extension")
    func sniffsContent() throws {
        let dir = try Fixtures.scratchDirectory()
        let misnamed = dir + "/actually-a-jpeg.png"
        try FileManager.default.copyItem(atPath: Fixtures.path("decode", "baseline420.jpg"), toPath: misnamed)
        let image = try ImageIO.load(path: misnamed)
        let reference = try ImageIO.load(path: Fixtures.path("decode", "baseline420.jpg"))
        #expect(image == reference)
    }

    @Test("Magic bytes identify each format", arguments: [
        ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], ImageFormat.png),
        ([0xFF, 0xD8, 0xFF, 0xDB], .jpeg),
        (Array("GIF89a".utf8), .gif),
        (Array("RIFF\u{0}\u{0}\u{0}\u{0}WEBPVP8 ".utf8), .webp),
        ([0x49, 0x49, 0x2A, 0x00, 8, 0, 0, 0], .tiff),
    ] as [([UInt8], ImageFormat)])
    func sniffTable(bytes: [UInt8], format: ImageFormat) {
        #expect(ImageFormat.sniff(bytes) == format)
    }

    @Test("Decoding from memory gives the same pixels as from a file")
    func decodesFromMemory() throws {
        let path = Fixtures.path("decode", "palette8_trns.png")
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(try ImageIO.decode(bytes) == ImageIO.load(path: path))
    }
}
