import CLIPCore
import Foundation

/// The four pictures of the classic matching game — cat, beach, car, forest — drawn as
/// simple recognisable toy pictures at any size (32×32 for the toy model, 64×64 and up
/// to look at).
///
/// Without a seed it is the canonical picture; a seed moves the subject a little, changes its
/// paint slightly and adds light noise, so a batch can hold several different cats.
///
/// Example: `ToyScene.cat.render(width: 64, height: 64).caption  // "a photo of a cat"`
public enum ToyScene: String, CaseIterable, Hashable, Sendable {
    case cat, beach, car, forest

    /// "a photo of a cat"
    public var caption: String { "a photo of a \(rawValue)" }

    /// Draws the scene; no `seed` gives the canonical picture, a seed a slightly varied one.
    public func render(width: Int = 32, height: Int = 32, seed: UInt64? = nil) -> ToySample {
        let purpose = 100 + UInt64(ToyScene.allCases.firstIndex(of: self) ?? 0)
        var random = RNG.stream(seed: seed ?? 0, purpose: purpose)
        let v = seed == nil ? Variation() : Variation(random: &random)
        var c = ToyCanvas(width: width, height: height)
        switch self {
        case .cat: ToyScene.drawCat(&c, v)
        case .beach: ToyScene.drawBeach(&c, v)
        case .car: ToyScene.drawCar(&c, v)
        case .forest: ToyScene.drawForest(&c, v)
        }
        if seed != nil { c.addNoise(4, random: &random) }
        return ToySample(image: c.image(), caption: caption, scene: self)
    }

    /// A small random change of a scene: subject offset and a paint tint.
    struct Variation {
        var dx: Float = 0, dy: Float = 0
        var tint = ToyRGB(0, 0, 0)

        init() {}
        init(random: inout RNG) {
            dx = random.uniform(-0.05, 0.05)
            dy = random.uniform(-0.03, 0.03)
            tint = ToyRGB(random.uniform(-15, 15), random.uniform(-15, 15), random.uniform(-15, 15))
        }

        /// A colour with the tint added.
        func paint(_ c: ToyRGB) -> ToyRGB { ToyRGB(c.r + tint.r, c.g + tint.g, c.b + tint.b) }
        /// A point moved by the offset.
        func at(_ x: Float, _ y: Float) -> (Float, Float) { (x + dx, y + dy) }
        func at(_ points: [(Float, Float)]) -> [(Float, Float)] { points.map { at($0.0, $0.1) } }
    }

    /// A ginger cat's face with ears, green eyes, a pink nose and whiskers, on a warm wall.
    static func drawCat(_ c: inout ToyCanvas, _ v: Variation) {
        c.rect(ToyRGB(236, 222, 196), x0: 0, y0: 0, x1: 1, y1: 1)
        c.rect(ToyRGB(170, 120, 80), x0: 0, y0: 0.86, x1: 1, y1: 1)
        let fur = v.paint(ToyRGB(232, 142, 52)), dark = v.paint(ToyRGB(190, 100, 30))
        let body = v.at(0.5, 0.98)
        c.ellipse(fur, cx: body.0, cy: body.1, rx: 0.36, ry: 0.22)
        for side: Float in [-1, 1] {
            let ear = v.at([(0.5 + side * 0.27, 0.46), (0.5 + side * 0.21, 0.1), (0.5 + side * 0.03, 0.34)])
            c.polygon(fur, ear)
            c.polygon(ToyRGB(240, 160, 170), v.at([(0.5 + side * 0.23, 0.38), (0.5 + side * 0.21, 0.2), (0.5 + side * 0.11, 0.34)]))
        }
        let head = v.at(0.5, 0.56)
        c.ellipse(fur, cx: head.0, cy: head.1, rx: 0.31, ry: 0.26)
        for k: Float in [-1, 0, 1] {
            let a = v.at(0.5 + k * 0.07, 0.31), b = v.at(0.5 + k * 0.06, 0.41)
            c.line(dark, a.0, a.1, b.0, b.1, thickness: 0.03)
        }
        for side: Float in [-1, 1] {
            let eye = v.at(0.5 + side * 0.12, 0.53)
            c.ellipse(ToyRGB(120, 190, 60), cx: eye.0, cy: eye.1, rx: 0.065, ry: 0.075)
            c.ellipse(ToyRGB(20, 20, 20), cx: eye.0, cy: eye.1, rx: 0.022, ry: 0.06)
            for dy: Float in [-0.02, 0.025] {
                let a = v.at(0.5 + side * 0.1, 0.67 + dy), b = v.at(0.5 + side * 0.4, 0.64 + 2 * dy)
                c.line(ToyRGB(70, 50, 40), a.0, a.1, b.0, b.1, thickness: 0.014)
            }
        }
        c.polygon(ToyRGB(235, 120, 140), v.at([(0.45, 0.63), (0.55, 0.63), (0.5, 0.69)]))
        for side: Float in [-1, 1] {
            let a = v.at(0.5, 0.69), b = v.at(0.5 + side * 0.04, 0.74)
            c.line(ToyRGB(90, 50, 30), a.0, a.1, b.0, b.1, thickness: 0.016)
        }
    }

    /// Blue sky with a sun, the sea, sand and a red-and-white umbrella.
    static func drawBeach(_ c: inout ToyCanvas, _ v: Variation) {
        c.rect(ToyRGB(140, 200, 240), x0: 0, y0: 0, x1: 1, y1: 0.5)
        let sun = v.at(0.8, 0.18)
        c.ellipse(ToyRGB(255, 215, 40), cx: sun.0, cy: sun.1, rx: 0.1, ry: 0.1)
        c.rect(v.paint(ToyRGB(30, 110, 190)), x0: 0, y0: 0.45, x1: 1, y1: 0.72)
        c.line(ToyRGB(235, 245, 250), 0.08, 0.58, 0.3, 0.58, thickness: 0.018)
        c.line(ToyRGB(235, 245, 250), 0.55, 0.52, 0.85, 0.52, thickness: 0.018)
        c.polygon(ToyRGB(238, 212, 150), [(0, 0.74), (1, 0.62), (1, 1), (0, 1)])
        let top = v.at(0.3, 0.56)
        let foot = v.at(0.33, 0.9)
        c.line(ToyRGB(110, 80, 50), top.0, top.1, foot.0, foot.1, thickness: 0.03)
        // Canopy: a half disc in alternating red and white slices.
        let slices = 6
        for k in 0..<slices {
            let a0 = Float.pi + Float.pi * Float(k) / Float(slices)
            let a1 = Float.pi + Float.pi * Float(k + 1) / Float(slices)
            let rim = (0...4).map { t -> (Float, Float) in
                let a = a0 + (a1 - a0) * Float(t) / 4
                return (top.0 + 0.22 * cosf(a), top.1 + 0.16 * sinf(a))
            }
            c.polygon(k % 2 == 0 ? v.paint(ToyRGB(220, 40, 40)) : ToyRGB(245, 245, 245), [top] + rim)
        }
        c.rect(ToyRGB(60, 150, 200), x0: 0.55 + v.dx, y0: 0.8, x1: 0.85 + v.dx, y1: 0.86)
    }

    /// A red car with windows and two wheels on a grey road under a pale sky.
    static func drawCar(_ c: inout ToyCanvas, _ v: Variation) {
        c.rect(ToyRGB(175, 215, 240), x0: 0, y0: 0, x1: 1, y1: 0.62)
        c.rect(ToyRGB(110, 170, 80), x0: 0, y0: 0.62, x1: 1, y1: 0.7)
        c.rect(ToyRGB(95, 95, 100), x0: 0, y0: 0.7, x1: 1, y1: 1)
        for x in stride(from: Float(0.02), to: 1, by: 0.25) {
            c.rect(ToyRGB(240, 240, 230), x0: x, y0: 0.9, x1: x + 0.13, y1: 0.93)
        }
        let paint = v.paint(ToyRGB(210, 35, 40))
        c.polygon(paint, v.at([(0.28, 0.53), (0.36, 0.35), (0.64, 0.35), (0.75, 0.53)]))
        c.polygon(paint, v.at([(0.08, 0.77), (0.08, 0.6), (0.16, 0.52), (0.84, 0.52), (0.92, 0.6), (0.92, 0.77)]))
        let glass = ToyRGB(190, 225, 245)
        c.polygon(glass, v.at([(0.33, 0.51), (0.39, 0.39), (0.48, 0.39), (0.48, 0.51)]))
        c.polygon(glass, v.at([(0.52, 0.51), (0.52, 0.39), (0.62, 0.39), (0.69, 0.51)]))
        let light = v.at(0.89, 0.6)
        c.ellipse(ToyRGB(255, 220, 80), cx: light.0, cy: light.1, rx: 0.025, ry: 0.02)
        for x: Float in [0.27, 0.73] {
            let w = v.at(x, 0.77)
            c.ellipse(ToyRGB(25, 25, 25), cx: w.0, cy: w.1, rx: 0.1, ry: 0.1)
            c.ellipse(ToyRGB(170, 170, 175), cx: w.0, cy: w.1, rx: 0.045, ry: 0.045)
        }
    }

    /// Pine trees of two greens on grass under a pale sky.
    static func drawForest(_ c: inout ToyCanvas, _ v: Variation) {
        c.rect(ToyRGB(195, 228, 245), x0: 0, y0: 0, x1: 1, y1: 1)
        c.rect(ToyRGB(75, 145, 60), x0: 0, y0: 0.78, x1: 1, y1: 1)
        func pine(_ x: Float, _ top: Float, _ base: Float, _ halfWidth: Float, _ green: ToyRGB) {
            let trunkH = (base - top) * 0.18
            c.rect(ToyRGB(110, 70, 40), x0: x - halfWidth * 0.18, y0: base - trunkH * 1.5, x1: x + halfWidth * 0.18, y1: base)
            let crown = base - trunkH
            let h = crown - top
            for k in 0..<3 {
                let t0 = top + h * Float(k) * 0.28
                let t1 = top + h * (0.45 + Float(k) * 0.275)
                let w = halfWidth * (0.55 + 0.225 * Float(k))
                c.polygon(green, [(x, t0), (x + w, t1), (x - w, t1)])
            }
        }
        let back = v.paint(ToyRGB(60, 140, 80))
        for x: Float in [0.27, 0.5, 0.73] { pine(x + v.dx, 0.12, 0.8, 0.13, back) }
        let front = v.paint(ToyRGB(25, 95, 45))
        for (x, top) in [(Float(0.12), Float(0.22)), (0.4, 0.3), (0.64, 0.18), (0.9, 0.28)] {
            pine(x + v.dx, top + v.dy, 0.95, 0.15, front)
        }
    }
}
