import Testing
@testable import CLIPImage

@Suite("Bicubic resampling")
struct ResampleTests {
    @Test("A flat colour stays flat at any size", arguments: [(7, 5), (300, 2), (1, 1), (64, 64)])
    func flat(width: Int, height: Int) {
        let image = RGBImage(width: 23, height: 17, red: 12, green: 250, blue: 128)
        let out = image.resized(width: width, height: height)
        #expect(out == RGBImage(width: width, height: height, red: 12, green: 250, blue: 128))
    }

    @Test("Resizing to the same size is the identity")
    func identity() throws {
        let image = try ImageIO.load(path: Fixtures.path("decode", "rgb8.png"))
        #expect(image.resized(width: image.width, height: image.height) == image)
    }

    @Test("Weights sum to one in fixed point and widen when shrinking")
    func weights() {
        let up = BicubicResampler.weights(inSize: 10, outSize: 25, range: 0..<25)
        let down = BicubicResampler.weights(inSize: 100, outSize: 10, range: 0..<10)
        #expect(up.taps == 5)
        #expect(down.taps == 2 * 20 + 1)
        for w in [up, down] {
            for i in 0..<w.count.count {
                let sum = w.values[(i * w.taps)..<(i * w.taps + w.count[i])].reduce(0, +)
                #expect(abs(Int(sum) - (1 << 22)) <= w.count[i])
            }
        }
    }

    @Test("A window of the output equals the same crop of the full resize")
    func window() throws {
        let image = try ImageIO.load(path: Fixtures.path("parity", "rocket.jpg"))
        let full = image.resized(width: 150, height: 101)
        let part = BicubicResampler.resize(image, width: 150, height: 101, window: (31, 7, 40, 60))
        #expect(part == full.cropped(x: 31, y: 7, width: 40, height: 60))
    }
}
