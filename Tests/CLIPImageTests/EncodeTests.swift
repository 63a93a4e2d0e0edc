import Foundation
import Testing
@testable import CLIPImage

@Suite("Encoders round-trip")
struct EncodeTests {
    static func gradient(width: Int, height: Int) -> RGBImage {
        var pixels = [UInt8]()
        for y in 0..<height {
            for x in 0..<width {
                pixels += [UInt8(x * 255 / max(1, width - 1)), UInt8(y * 255 / max(1, height - 1)), UInt8((x * y) % 256)]
            }
        }
        return RGBImage(width: width, height: height, pixels: pixels)
    }

    @Test("PNG round-trips RGB exactly", arguments: [(1, 1), (37, 29), (256, 3)])
    func pngRoundTrip(width: Int, height: Int) throws {
        let image = Self.gradient(width: width, height: height)
        let path = try Fixtures.scratchDirectory() + "/out.png"
        try ImageIO.writePNG(image, path: path)
        #expect(try ImageIO.load(path: path) == image)
    }

    @Test("PNG with alpha reads back its colour channels")
    func pngRGBA() throws {
        let image = Self.gradient(width: 20, height: 10)
        var rgba = [UInt8]()
        for i in 0..<image.pixelCount { rgba += image.pixels[3 * i..<3 * i + 3] + [UInt8(i % 256)] }
        let path = try Fixtures.scratchDirectory() + "/plot.png"
        try ImageIO.writePNG(rgba: rgba, width: 20, height: 10, path: path)
        #expect(try ImageIO.load(path: path) == image)
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(bytes[25] == 6, "IHDR colour type is RGBA")
    }

    @Test("JPEG round-trips close to the original; higher quality is closer", arguments: [false, true])
    func jpegRoundTrip(progressive: Bool) throws {
        let photo = try ImageIO.load(path: Fixtures.path("parity", "coffee.jpg"))
        var errors: [Double] = []
        for quality in [30, 95] {
            let bytes = try ImageIO.jpegData(photo, quality: quality, progressive: progressive)
            #expect(Array(bytes.prefix(3)) == [0xFF, 0xD8, 0xFF])
            let back = try ImageIO.decode(bytes)
            #expect(back.width == photo.width && back.height == photo.height)
            let total = zip(back.pixels, photo.pixels).reduce(0) { $0 + abs(Int($1.0) - Int($1.1)) }
            errors.append(Double(total) / Double(photo.pixels.count))
        }
        #expect(errors[1] < errors[0])
        #expect(errors[1] < 3, "mean abs error at quality 95: \(errors[1])")
    }

    @Test("A written JPEG file loads back")
    func jpegFile() throws {
        let image = Self.gradient(width: 64, height: 48)
        let path = try Fixtures.scratchDirectory() + "/out.jpg"
        try ImageIO.writeJPEG(image, path: path, quality: 90)
        let back = try ImageIO.load(path: path)
        #expect(back.width == 64 && back.height == 48)
    }

    @Test("Bad encoder arguments and unwritable paths throw")
    func badArguments() throws {
        let image = Self.gradient(width: 4, height: 4)
        #expect(throws: ImageError.self) { try ImageIO.jpegData(image, quality: 0) }
        #expect(throws: ImageError.self) { try ImageIO.pngData(width: 4, height: 4, channels: 5, pixels: []) }
        #expect(throws: ImageError.self) { try ImageIO.pngData(width: 4, height: 4, channels: 3, pixels: [1, 2]) }
        let path = "/nonexistent/cliplab/out.png"
        do {
            try ImageIO.writePNG(image, path: path)
            Issue.record("writing into a missing folder succeeded")
        } catch {
            guard case .writeFailed(let p, _) = error else { Issue.record("unexpected \(error)"); return }
            #expect(p == path)
        }
    }
}
