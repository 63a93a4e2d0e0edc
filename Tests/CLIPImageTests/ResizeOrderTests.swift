import CLIPCore
import Testing
@testable import CLIPImage

/// Preprocessing in the OpenAI order (resize the PIL image in its own mode, convert to RGB
/// after the crop) against open_clip's transform on the files whose mode PIL resizes its own
/// way: palette with and without tRNS, 1-bit, RGBA with an alpha ramp and fully transparent
/// pixels that keep a vivid colour, grey+alpha — and plain RGB and grey, where both orders
/// agree. Every case is bit-exact: nearest neighbour copies bytes, and the premultiplied
/// path repeats PIL's integer arithmetic step for step (premultiply, 22-bit fixed-point
/// bicubic on four channels, un-premultiply), so there is no rounding left to tolerate.
@Suite("Resize order: OpenAI and open_clip resize in the file's own mode")
struct ResizeOrderTests {
    static let cases = Fixtures.manifest.order.map { "\($0.file)@\($0.size)" }

    static func entry(_ key: String) throws -> Fixtures.Manifest.Order {
        try #require(Fixtures.manifest.order.first { "\($0.file)@\($0.size)" == key })
    }

    @Test("The OpenAI order gives open_clip's exact pixels", arguments: cases)
    func openAIOrder(key: String) throws {
        let entry = try Self.entry(key)
        let expected = try Fixtures.npy(entry.openai, in: "order")
        let preprocess = CLIPPreprocess(size: entry.size, resizeOrder: .openAI)
        let image = try preprocess.decode(path: Fixtures.path("order", entry.file))
        let crop = preprocess.resizeAndCrop(image)
        #expect([crop.height, crop.width, 3] == expected.shape)
        let diffs = zip(crop.pixels, expected.bytes).map { abs(Int($0) - Int($1)) }
        let differing = diffs.filter { $0 != 0 }.count
        #expect(differing == 0, "\(key): \(differing) of \(diffs.count) bytes differ, worst \(diffs.max() ?? 0)")
    }

    @Test("The Hugging Face order differs exactly where the file's mode matters", arguments: cases)
    func defaultOrderDiffers(key: String) throws {
        let entry = try Self.entry(key)
        let expected = try Fixtures.npy(entry.openai, in: "order")
        let crop = CLIPPreprocess(size: entry.size).resizeAndCrop(try ImageIO.load(path: Fixtures.path("order", entry.file)))
        #expect((crop.pixels != expected.bytes) == entry.differs_from_hf_order, "\(key)")
    }

    @Test("Decoding keeps the mode PIL opens the file in", arguments: [
        ("palette.png", "palette"), ("palette_trns.png", "palette"), ("grey1.png", "palette"),
        ("rgba_ramp.png", "alpha"), ("greyalpha.png", "alpha"), ("rgb.png", "opaque"), ("grey.png", "opaque"),
    ])
    func sourceMode(file: String, mode: String) throws {
        let kept = try ImageIO.load(path: Fixtures.path("order", file), keepingMode: true)
        let plain = try ImageIO.load(path: Fixtures.path("order", file))
        #expect(kept.pixels == plain.pixels && plain.sourceMode == .opaque)
        switch kept.sourceMode {
        case .opaque: #expect(mode == "opaque")
        case .palette: #expect(mode == "palette")
        case let .alpha(alpha):
            #expect(mode == "alpha" && alpha.count == kept.pixelCount)
        }
    }

    @Test("PIL's premultiply rounding and nearest-neighbour positions")
    func arithmetic() {
        #expect(ModeResampler.premultiply(200, 128) == 100 && ModeResampler.unpremultiply(100, 128) == 199)
        #expect(ModeResampler.premultiply(255, 255) == 255 && ModeResampler.premultiply(250, 0) == 0)
        #expect(ModeResampler.unpremultiply(7, 0) == 7 && ModeResampler.unpremultiply(90, 60) == 255)
        #expect(ModeResampler.nearestIndices(inSize: 6, outSize: 4) == [0, 2, 3, 5])
        #expect(ModeResampler.nearestIndices(inSize: 3, outSize: 7) == [0, 0, 1, 1, 1, 2, 2])
    }

    @Test("An image already at the output size is only cropped, as PIL copies it")
    func unchangedSize() {
        var image = RGBImage(width: 4, height: 4, red: 200, green: 10, blue: 30)
        image.sourceMode = .alpha([UInt8](repeating: 77, count: 16))
        let crop = CLIPPreprocess(size: 4, resizeOrder: .openAI).resizeAndCrop(image)
        #expect(crop.pixels == RGBImage(width: 4, height: 4, red: 200, green: 10, blue: 30).pixels)
    }
}
