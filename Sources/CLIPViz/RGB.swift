/// A 24-bit colour, the unit of both terminal colour and `Raster` pixels.
///
/// ```
/// RGB(255, 128, 0).hex            // "#ff8000"
/// RGB.mix(.black, .white, 0.5)    // RGB(128, 128, 128)
/// ```
public struct RGB: Sendable, Hashable, CustomStringConvertible {
    public var r: UInt8
    public var g: UInt8
    public var b: UInt8

    public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) {
        self.r = r
        self.g = g
        self.b = b
    }

    public static let black = RGB(0, 0, 0)
    public static let white = RGB(255, 255, 255)

    /// `#rrggbb`.
    public var hex: String {
        let digits = Array("0123456789abcdef")
        var s = "#"
        for v in [r, g, b] {
            s.append(digits[Int(v >> 4)])
            s.append(digits[Int(v & 15)])
        }
        return s
    }

    public var description: String { hex }

    /// Relative luminance in [0, 1] (Rec. 709 weights on the encoded values; good enough
    /// to choose black or white text on a coloured cell).
    public var luminance: Double {
        (0.2126 * Double(r) + 0.7152 * Double(g) + 0.0722 * Double(b)) / 255
    }

    /// Linear blend: `t = 0` gives `a`, `t = 1` gives `b` (t is clamped).
    public static func mix(_ a: RGB, _ b: RGB, _ t: Double) -> RGB {
        let t = t.isNaN ? 0 : min(max(t, 0), 1)
        func lerp(_ x: UInt8, _ y: UInt8) -> UInt8 {
            UInt8((Double(x) + (Double(y) - Double(x)) * t).rounded())
        }
        return RGB(lerp(a.r, b.r), lerp(a.g, b.g), lerp(a.b, b.b))
    }

    /// The nearest entry of the xterm 256-colour palette (6×6×6 cube or grey ramp).
    public var ansi256Index: Int {
        func cube(_ v: UInt8) -> Int {
            v < 48 ? 0 : v < 115 ? 1 : (Int(v) - 35) / 40
        }
        let levels = [0, 95, 135, 175, 215, 255]
        let (cr, cg, cb) = (cube(r), cube(g), cube(b))
        let cubeColor = (levels[cr], levels[cg], levels[cb])
        let average = (Int(r) + Int(g) + Int(b)) / 3
        let greyIndex = average > 238 ? 23 : max(0, (average - 3) / 10)
        let grey = 8 + 10 * greyIndex
        func distance(_ c: (Int, Int, Int)) -> Int {
            let dr = c.0 - Int(r), dg = c.1 - Int(g), db = c.2 - Int(b)
            return dr * dr + dg * dg + db * db
        }
        if distance((grey, grey, grey)) < distance(cubeColor) {
            return 232 + greyIndex
        }
        return 16 + 36 * cr + 6 * cg + cb
    }
}
