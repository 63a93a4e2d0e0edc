import Foundation

/// A character grid where each cell holds 2×4 braille dots, with text markers on top.
///
/// Dots are addressed in dot coordinates (x right, y down): a canvas of 20×10 cells has
/// 40×40 dots, square on a terminal whose cells are twice as tall as wide.
///
/// ```
/// var c = BrailleCanvas(columns: 4, rows: 1)
/// c.line(from: (0, 3), to: (7, 0))
/// c.render()   // ["⣀⠤⠒⠉"]
/// ```
public struct BrailleCanvas: Sendable {
    public let columns: Int
    public let rows: Int
    private var bits: [UInt8]
    private var ink: [RGB?]
    private var marks: [String?]

    public init(columns: Int, rows: Int) {
        self.columns = max(columns, 0)
        self.rows = max(rows, 0)
        bits = [UInt8](repeating: 0, count: self.columns * self.rows)
        ink = [RGB?](repeating: nil, count: self.columns * self.rows)
        marks = [String?](repeating: nil, count: self.columns * self.rows)
    }

    public var dotWidth: Int { columns * 2 }
    public var dotHeight: Int { rows * 4 }

    /// Turns on the dot at (x, y); dots outside the canvas are ignored.
    public mutating func set(_ x: Int, _ y: Int, color: RGB? = nil) {
        guard x >= 0, y >= 0, x < dotWidth, y < dotHeight else { return }
        let cell = (y / 4) * columns + x / 2
        let bit: UInt8
        switch (x % 2, y % 4) {
        case (0, 0): bit = 0x01
        case (0, 1): bit = 0x02
        case (0, 2): bit = 0x04
        case (1, 0): bit = 0x08
        case (1, 1): bit = 0x10
        case (1, 2): bit = 0x20
        case (0, _): bit = 0x40
        default: bit = 0x80
        }
        bits[cell] |= bit
        if let color { ink[cell] = color }
    }

    /// A straight line of dots (Bresenham), both ends included.
    public mutating func line(from a: (Int, Int), to b: (Int, Int), color: RGB? = nil, dotted: Bool = false) {
        var (x, y) = a
        let dx = abs(b.0 - x), dy = -abs(b.1 - y)
        let sx = x < b.0 ? 1 : -1, sy = y < b.1 ? 1 : -1
        var err = dx + dy
        var k = 0
        while true {
            if !dotted || k % 2 == 0 { set(x, y, color: color) }
            k += 1
            if x == b.0 && y == b.1 { break }
            let e2 = 2 * err
            if e2 >= dy { err += dy; x += sx }
            if e2 <= dx { err += dx; y += sy }
        }
    }

    /// A circle outline of dots centred at (cx, cy) with radius `r` dots.
    public mutating func circle(cx: Double, cy: Double, r: Double, color: RGB? = nil) {
        guard r.isFinite, r > 0 else { return }
        let steps = max(Int(r * 8), 16)
        for k in 0..<steps {
            let angle = Double(k) / Double(steps) * 2 * Double.pi
            set(Int((cx + r * cos(angle)).rounded()), Int((cy + r * sin(angle)).rounded()), color: color)
        }
    }

    /// Puts `text` (usually one character) over the cell holding dot (x, y).
    /// Returns false when the cell already had a marker.
    @discardableResult
    public mutating func mark(_ text: String, atDot x: Int, _ y: Int) -> Bool {
        guard x >= 0, y >= 0, x < dotWidth, y < dotHeight else { return true }
        let cell = (y / 4) * columns + x / 2
        let free = marks[cell] == nil
        marks[cell] = text
        return free
    }

    /// The marker at the cell holding dot (x, y), if any.
    public func marker(atDot x: Int, _ y: Int) -> String? {
        guard x >= 0, y >= 0, x < dotWidth, y < dotHeight else { return nil }
        return marks[(y / 4) * columns + x / 2]
    }

    /// One string per row; markers replace the dots under them (markers must be one column wide).
    public func render(style: Style = .plain) -> [String] {
        (0..<rows).map { r in
            var line = ""
            for c in 0..<columns {
                let cell = r * columns + c
                if let mark = marks[cell] {
                    line += mark
                } else if bits[cell] == 0 {
                    line += " "
                } else {
                    let glyph = Unicode.Scalar(0x2800 + UInt32(bits[cell])).map { String(Character($0)) } ?? " "
                    line += ink[cell].map { style.fg(glyph, $0) } ?? glyph
                }
            }
            while line.last == " " { line.removeLast() }
            return line
        }
    }
}
