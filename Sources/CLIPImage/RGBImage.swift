/// An 8-bit RGB image: `width × height` pixels, rows top to bottom, channels interleaved.
///
/// `pixels[(y * width + x) * 3 + c]` is channel `c` (0 red, 1 green, 2 blue) of pixel (x, y).
///
/// Example: `let red = RGBImage(width: 1, height: 1, pixels: [255, 0, 0])`.
public struct RGBImage: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// `width * height * 3` bytes, RGB interleaved.
    public var pixels: [UInt8]
    /// How the file stored these pixels, when decoded with `keepingMode: true` (alpha,
    /// palette); `.opaque` otherwise and for every image made in memory.
    public var sourceMode: SourceMode = .opaque

    /// An image from interleaved RGB bytes; `pixels.count` must be `width * height * 3`.
    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(width >= 0 && height >= 0, "negative image size \(width) x \(height)")
        precondition(pixels.count == width * height * 3,
                     "\(width) x \(height) RGB needs \(width * height * 3) bytes, got \(pixels.count)")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// An image filled with one colour.
    public init(width: Int, height: Int, red: UInt8, green: UInt8, blue: UInt8) {
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for i in stride(from: 0, to: pixels.count, by: 3) {
            pixels[i] = red
            pixels[i + 1] = green
            pixels[i + 2] = blue
        }
        self.init(width: width, height: height, pixels: pixels)
    }

    /// The (red, green, blue) of pixel (x, y); (0, 0) is the top-left corner.
    public subscript(x: Int, y: Int) -> (red: UInt8, green: UInt8, blue: UInt8) {
        let i = (y * width + x) * 3
        return (pixels[i], pixels[i + 1], pixels[i + 2])
    }

    /// Number of pixels.
    public var pixelCount: Int { width * height }

    /// The rectangle `x..<x+width`, `y..<y+height`, which must lie inside the image (RGB only:
    /// the crop's `sourceMode` is `.opaque`).
    public func cropped(x: Int, y: Int, width: Int, height: Int) -> RGBImage {
        precondition(x >= 0 && y >= 0 && width >= 0 && height >= 0
                     && x + width <= self.width && y + height <= self.height,
                     "crop \(width)x\(height) at (\(x), \(y)) is outside a \(self.width)x\(self.height) image")
        var out = [UInt8](repeating: 0, count: width * height * 3)
        let rowBytes = width * 3
        pixels.withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer { target in
                for row in 0..<height {
                    let from = ((y + row) * self.width + x) * 3
                    for i in 0..<rowBytes { target[row * rowBytes + i] = source[from + i] }
                }
            }
        }
        return RGBImage(width: width, height: height, pixels: out)
    }
}

extension RGBImage: CustomStringConvertible {
    public var description: String { "RGBImage(\(width)x\(height))" }
}
