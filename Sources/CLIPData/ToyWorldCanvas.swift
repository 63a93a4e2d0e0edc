import CLIPCore
import Foundation

/// An RGB drawing surface with anti-aliased fills by supersampling.
///
/// Colours are 0…255 Floats while drawing; `image()` rounds to bytes. A region is an
/// inside test in pixel coordinates (x right, y down, pixel (i, j) covers [i, i+1)×[j, j+1));
/// each pixel in the region's bounding box is sampled on an `s × s` grid and the colour is
/// blended by the covered fraction (pixels whose corners and centre agree count as fully in
/// or out, so only edge pixels pay for supersampling).
///
/// Example: `var c = ToyCanvas(width: 32, height: 32); c.fill(ToyRGB(255, 0, 0), box: b) { p in … }`
public struct ToyCanvas: Sendable {
    public let width: Int
    public let height: Int
    /// Supersampling grid per pixel side (4 → 16 samples per pixel).
    public let supersample: Int
    /// Interleaved RGB, `[height, width, 3]`, values 0…255.
    public private(set) var rgb: [Float]

    public init(width: Int, height: Int, supersample: Int = 4, background: ToyRGB = ToyRGB(255, 255, 255)) {
        precondition(width > 0 && height > 0 && supersample > 0, "canvas needs positive sizes")
        self.width = width
        self.height = height
        self.supersample = supersample
        let pixels = width * height
        rgb = [Float](uninitializedCount: 3 * pixels) { buffer in
            for p in 0..<pixels {
                buffer[3 * p] = background.r; buffer[3 * p + 1] = background.g; buffer[3 * p + 2] = background.b
            }
        }
    }

    /// Adds uniform noise in ±`amplitude` to every channel of every pixel.
    public mutating func addNoise(_ amplitude: Float, random: inout RNG) {
        guard amplitude > 0 else { return }
        rgb.withUnsafeMutableBufferPointer { values in
            for i in values.indices { values[i] += random.uniform(-amplitude, amplitude) }
        }
    }

    /// Blends `color` over every pixel in proportion to the part of it for which `inside` holds.
    /// - Parameters:
    ///   - box: (minX, minY, maxX, maxY) in pixels; samples outside it are never tested.
    ///   - opacity: 0…1, multiplies the coverage.
    public mutating func fill(_ color: ToyRGB, box: (Float, Float, Float, Float), opacity: Float = 1,
                              inside: (Float, Float) -> Bool) {
        let x0 = max(0, Int(box.0.rounded(.down))), x1 = min(width - 1, Int(box.2.rounded(.up)))
        let y0 = max(0, Int(box.1.rounded(.down))), y1 = min(height - 1, Int(box.3.rounded(.up)))
        guard x0 <= x1, y0 <= y1 else { return }
        let s = supersample
        let step = 1 / Float(s)
        let perSample = opacity / Float(s * s)
        // Test the pixel corners once (shared by neighbours) and each centre: a pixel whose five
        // points agree is taken as fully in or out, and only edge pixels are supersampled.
        let cols = x1 - x0 + 2
        var corner = [Bool](repeating: false, count: cols * (y1 - y0 + 2))
        for j in 0..<(y1 - y0 + 2) {
            for i in 0..<cols { corner[j * cols + i] = inside(Float(x0 + i), Float(y0 + j)) }
        }
        for j in y0...y1 {
            for i in x0...x1 {
                let k0 = (j - y0) * cols + (i - x0)
                let c = inside(Float(i) + 0.5, Float(j) + 0.5)
                var hits = 0
                if corner[k0] == c && corner[k0 + 1] == c && corner[k0 + cols] == c && corner[k0 + cols + 1] == c {
                    guard c else { continue }
                    hits = s * s
                } else {
                    for sy in 0..<s {
                        let y = Float(j) + (Float(sy) + 0.5) * step
                        for sx in 0..<s where inside(Float(i) + (Float(sx) + 0.5) * step, y) { hits += 1 }
                    }
                    guard hits > 0 else { continue }
                }
                let a = Float(hits) * perSample
                let k = 3 * (j * width + i)
                rgb[k] += (color.r - rgb[k]) * a
                rgb[k + 1] += (color.g - rgb[k + 1]) * a
                rgb[k + 2] += (color.b - rgb[k + 2]) * a
            }
        }
    }

    /// The picture as bytes (rounded, clamped to 0…255).
    public func image() -> ToyImage {
        let bytes = [UInt8](uninitializedCount: rgb.count) { buffer in
            rgb.withUnsafeBufferPointer { values in
                for i in values.indices { buffer[i] = UInt8(max(0, min(255, values[i])) + 0.5) }  // round half up
            }
        }
        return ToyImage(width: width, height: height, rgb: bytes)
    }
}

// MARK: - Primitive regions in unit coordinates

/// Drawing helpers in unit coordinates: (0, 0) is the top-left corner, (1, 1) the
/// bottom-right, so one scene description renders at any size.
extension ToyCanvas {
    private var sx: Float { Float(width) }
    private var sy: Float { Float(height) }

    /// An axis-aligned ellipse centred at (cx, cy) with radii (rx, ry), rotated by `angle` radians.
    public mutating func ellipse(_ color: ToyRGB, cx: Float, cy: Float, rx: Float, ry: Float, angle: Float = 0) {
        let (px, py, prx, pry) = (cx * sx, cy * sy, rx * sx, ry * sy)
        let r = max(prx, pry)
        let (c, s) = (cosf(angle), sinf(angle))
        fill(color, box: (px - r, py - r, px + r, py + r)) { x, y in
            let dx = x - px, dy = y - py
            let u = (c * dx + s * dy) / prx, v = (-s * dx + c * dy) / pry
            return u * u + v * v <= 1
        }
    }

    /// A rectangle from (x0, y0) to (x1, y1).
    public mutating func rect(_ color: ToyRGB, x0: Float, y0: Float, x1: Float, y1: Float) {
        let (a, b, c, d) = (x0 * sx, y0 * sy, x1 * sx, y1 * sy)
        fill(color, box: (a, b, c, d)) { x, y in x >= a && x < c && y >= b && y < d }
    }

    /// A closed polygon through `points` (even–odd rule).
    public mutating func polygon(_ color: ToyRGB, _ points: [(Float, Float)]) {
        let p = points.map { ($0.0 * sx, $0.1 * sy) }
        guard let box = ToyCanvas.bounds(p) else { return }
        fill(color, box: box) { x, y in ToyCanvas.polygonContains(p, x, y) }
    }

    /// A thick line from (x0, y0) to (x1, y1) with round ends; `thickness` in units of width.
    public mutating func line(_ color: ToyRGB, _ x0: Float, _ y0: Float, _ x1: Float, _ y1: Float, thickness: Float) {
        let (ax, ay, bx, by) = (x0 * sx, y0 * sy, x1 * sx, y1 * sy)
        let h = thickness * sx / 2
        let (dx, dy) = (bx - ax, by - ay)
        let len2 = max(dx * dx + dy * dy, 1e-12)
        fill(color, box: (min(ax, bx) - h, min(ay, by) - h, max(ax, bx) + h, max(ay, by) + h)) { x, y in
            let t = max(0, min(1, ((x - ax) * dx + (y - ay) * dy) / len2))
            let ex = x - ax - t * dx, ey = y - ay - t * dy
            return ex * ex + ey * ey <= h * h
        }
    }

    static func bounds(_ p: [(Float, Float)]) -> (Float, Float, Float, Float)? {
        guard let first = p.first else { return nil }
        var b = (first.0, first.1, first.0, first.1)
        for q in p { b = (min(b.0, q.0), min(b.1, q.1), max(b.2, q.0), max(b.3, q.1)) }
        return b
    }

    /// Even–odd point-in-polygon test.
    static func polygonContains(_ p: [(Float, Float)], _ x: Float, _ y: Float) -> Bool {
        var inside = false
        var j = p.count - 1
        for i in 0..<p.count {
            let (xi, yi) = p[i], (xj, yj) = p[j]
            if (yi > y) != (yj > y), x < (xj - xi) * (y - yi) / (yj - yi) + xi { inside.toggle() }
            j = i
        }
        return inside
    }
}

/// An RGB colour with 0…255 Float channels.
public struct ToyRGB: Hashable, Sendable {
    public var r: Float, g: Float, b: Float
    public init(_ r: Float, _ g: Float, _ b: Float) { self.r = r; self.g = g; self.b = b }

    /// This colour moved towards `other` by `t` (0 = self, 1 = other).
    public func mixed(with other: ToyRGB, _ t: Float) -> ToyRGB {
        ToyRGB(r + (other.r - r) * t, g + (other.g - g) * t, b + (other.b - b) * t)
    }
}
