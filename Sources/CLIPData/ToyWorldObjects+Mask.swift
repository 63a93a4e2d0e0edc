import CLIPCore
import Foundation

extension ToyObjects {
    /// Draws the picture as `render` does (same random draws, same pixels) and also says
    /// which pixels the shapes cover: `mask[y * width + x]` is true when the pixel's centre
    /// lies inside a shape. Used to score where a relevance map points.
    /// Example: `let (image, mask) = objects.renderWithMask(random: &rng)`
    public func renderWithMask(width: Int = 32, height: Int = 32, style: ToyStyle = .standard,
                               random: inout RNG) -> (image: ToyImage, mask: [Bool]) {
        var canvas = ToyCanvas(width: width, height: height, supersample: style.supersample,
                               background: style.background(&random))
        canvas.addNoise(style.noise, random: &random)
        var mask = [Bool](repeating: false, count: width * height)
        let side = Float(min(width, height))
        let paint = style.jittered(color.rgb, &random)
        for (cx, cy, r) in layout(width: Float(width), height: Float(height), side: side, style: style, random: &random) {
            let angle = shape.isRotationInvariant ? 0 : random.uniform(-style.maxRotation, style.maxRotation)
            let (c, s) = (cosf(angle), sinf(angle))
            let shape = self.shape
            let inside = { (x: Float, y: Float) -> Bool in
                let dx = (x - cx) / r, dy = (y - cy) / r
                return shape.contains(c * dx + s * dy, -s * dx + c * dy)
            }
            let reach = 1.3 * r  // rotated corners of a triangle reach past r
            canvas.fill(paint, box: (cx - reach, cy - reach, cx + reach, cy + reach), inside: inside)
            let x0 = max(0, Int(cx - reach)), x1 = min(width - 1, Int(cx + reach))
            let y0 = max(0, Int(cy - reach)), y1 = min(height - 1, Int(cy + reach))
            guard x0 <= x1, y0 <= y1 else { continue }
            for y in y0...y1 {
                for x in x0...x1 where inside(Float(x) + 0.5, Float(y) + 0.5) { mask[y * width + x] = true }
            }
        }
        return (canvas.image(), mask)
    }
}
