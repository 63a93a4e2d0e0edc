/// An RGB pixel buffer with simple drawing (rectangles, lines, 5×7 text), the source of
/// PNG exports; encoding the PNG is left to the caller.
///
/// `pixels` is row-major, 3 bytes per pixel: `[r, g, b, r, g, b, …]`, `width × height × 3` long.
/// Drawing outside the buffer is clipped, never a crash.
///
/// ```
/// var r = Raster(width: 4, height: 2, background: .white)
/// r.fill(x: 0, y: 0, width: 2, height: 2, color: .black)
/// r[1, 1]          // RGB(0, 0, 0)
/// r.pixels.count   // 24
/// ```
public struct Raster: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public var pixels: [UInt8]

    public init(width: Int, height: Int, background: RGB = .white) {
        self.width = max(width, 0)
        self.height = max(height, 0)
        var p = [UInt8](repeating: 0, count: self.width * self.height * 3)
        var k = 0
        while k < p.count {
            p[k] = background.r
            p[k + 1] = background.g
            p[k + 2] = background.b
            k += 3
        }
        pixels = p
    }

    /// The pixel at (x, y); reads outside give black, writes outside are ignored.
    public subscript(x: Int, y: Int) -> RGB {
        get {
            guard x >= 0, y >= 0, x < width, y < height else { return .black }
            let k = (y * width + x) * 3
            return RGB(pixels[k], pixels[k + 1], pixels[k + 2])
        }
        set {
            guard x >= 0, y >= 0, x < width, y < height else { return }
            let k = (y * width + x) * 3
            pixels[k] = newValue.r
            pixels[k + 1] = newValue.g
            pixels[k + 2] = newValue.b
        }
    }

    /// A filled rectangle (clipped).
    public mutating func fill(x: Int, y: Int, width w: Int, height h: Int, color: RGB) {
        let x0 = max(x, 0), y0 = max(y, 0)
        let x1 = min(x + w, width), y1 = min(y + h, height)
        guard x0 < x1, y0 < y1 else { return }
        for row in y0..<y1 {
            var k = (row * width + x0) * 3
            for _ in x0..<x1 {
                pixels[k] = color.r
                pixels[k + 1] = color.g
                pixels[k + 2] = color.b
                k += 3
            }
        }
    }

    /// A rectangle outline `thickness` pixels wide, drawn inside the given bounds.
    public mutating func stroke(x: Int, y: Int, width w: Int, height h: Int, color: RGB, thickness: Int = 1) {
        let t = max(thickness, 1)
        fill(x: x, y: y, width: w, height: t, color: color)
        fill(x: x, y: y + h - t, width: w, height: t, color: color)
        fill(x: x, y: y, width: t, height: h, color: color)
        fill(x: x + w - t, y: y, width: t, height: h, color: color)
    }

    /// A straight line (Bresenham), `thickness` pixels square at each step.
    public mutating func line(from a: (Int, Int), to b: (Int, Int), color: RGB, thickness: Int = 1) {
        var (x, y) = a
        let dx = abs(b.0 - x), dy = -abs(b.1 - y)
        let sx = x < b.0 ? 1 : -1, sy = y < b.1 ? 1 : -1
        var err = dx + dy
        let t = max(thickness, 1)
        while true {
            fill(x: x - (t - 1) / 2, y: y - (t - 1) / 2, width: t, height: t, color: color)
            if x == b.0 && y == b.1 { break }
            let e2 = 2 * err
            if e2 >= dy { err += dy; x += sx }
            if e2 <= dx { err += dx; y += sy }
        }
    }

    /// `text` in the 5×7 font with its top-left corner at (x, y), each font pixel
    /// `scale`×`scale` pixels. Returns the x just past the text.
    @discardableResult
    public mutating func text(_ text: String, x: Int, y: Int, color: RGB, scale: Int = 1) -> Int {
        let s = max(scale, 1)
        var cx = x
        for c in BitmapFont.ascii(text) {
            let rows = BitmapFont.rows(for: c)
            let drop = BitmapFont.descent(for: c)
            for (r, bits) in rows.enumerated() {
                for col in 0..<BitmapFont.glyphWidth where bits & (1 << UInt8(4 - col)) != 0 {
                    fill(x: cx + col * s, y: y + (r + drop) * s, width: s, height: s, color: color)
                }
            }
            cx += BitmapFont.advance * s
        }
        return cx
    }

    /// `text` cut (with `…`) so it is at most `maxWidth` pixels wide at `scale`.
    public static func fit(_ text: String, maxWidth: Int, scale: Int = 1) -> String {
        let ascii = BitmapFont.ascii(text)
        guard BitmapFont.width(of: ascii, scale: scale) > maxWidth else { return ascii }
        let room = (maxWidth / max(scale, 1) + 1) / BitmapFont.advance
        guard room > 1 else { return String(ascii.prefix(max(room, 0))) }
        return String(ascii.prefix(room - 1)) + "…"
    }

    /// A binary PPM (P6) image of the buffer: the simplest file any viewer opens, handy
    /// for checking a plot without a PNG encoder.
    public var ppm: [UInt8] {
        Array("P6\n\(width) \(height)\n255\n".utf8) + pixels
    }
}
