import Foundation

/// The PNG forms of the shared-space plot and of several plots in one picture.
extension Raster {
    /// Images (filled squares, `A`, `B`…) and texts (rings, `a`, `b`…) in the plane, each
    /// pair joined by a faint line, with the unit circle when the plot asks for it.
    public static func spacePlot(_ plot: SpacePlot, size: Int = 480, theme: Theme = .default) -> Raster {
        let pad = 24
        let titleHeight = plot.title == nil ? 0 : BitmapFont.glyphHeight * titleScale + 14
        var r = Raster(width: size, height: size + titleHeight)
        if let title = plot.title {
            r.text(fit(title, maxWidth: size - 2 * pad, scale: titleScale), x: pad, y: 12, color: ink, scale: titleScale)
        }
        let all = (plot.images + plot.texts).filter(\.isFinite)
        var extent = all.map { max(abs($0.x), abs($0.y)) }.max() ?? 1
        if plot.unitCircle { extent = max(extent, 1) }
        extent = extent > 0 ? extent * 1.1 : 1
        let side = size - 2 * pad
        let top = titleHeight + pad
        func place(_ p: SpacePlot.Point) -> (Int, Int) {
            (pad + Int((p.x / extent + 1) / 2 * Double(side)), top + Int((1 - (p.y / extent + 1) / 2) * Double(side)))
        }
        r.line(from: (pad, top + side / 2), to: (pad + side, top + side / 2), color: grid)
        r.line(from: (pad + side / 2, top), to: (pad + side / 2, top + side), color: grid)
        if plot.unitCircle {
            let steps = 360
            var previous = place(SpacePlot.Point(1, 0))
            for k in 1...steps {
                let angle = Double(k) / Double(steps) * 2 * Double.pi
                let next = place(SpacePlot.Point(cos(angle), sin(angle)))
                r.line(from: previous, to: next, color: faint)
                previous = next
            }
        }
        if plot.linkPairs {
            for (a, b) in zip(plot.images, plot.texts) where a.isFinite && b.isFinite {
                r.line(from: place(a), to: place(b), color: RGB.mix(grid, faint, 0.5))
            }
        }
        for (i, p) in plot.images.enumerated() where p.isFinite {
            let (x, y) = place(p)
            let color = theme.image
            r.fill(x: x - 5, y: y - 5, width: 11, height: 11, color: color)
            r.text(SpacePlot.imageKey(i), x: x + 8, y: y - 7, color: ink, scale: labelScale)
        }
        for (i, p) in plot.texts.enumerated() where p.isFinite {
            let (x, y) = place(p)
            let color = theme.text
            r.stroke(x: x - 5, y: y - 5, width: 11, height: 11, color: color, thickness: 3)
            r.text(SpacePlot.textKey(i), x: x + 8, y: y - 7, color: ink, scale: labelScale)
        }
        return r
    }

    /// Rasters one under the other on white, left-aligned, with `gap` pixels between.
    public static func stacked(_ parts: [Raster], gap: Int = 12) -> Raster {
        let width = parts.map(\.width).max() ?? 0
        let height = parts.map(\.height).reduce(0, +) + gap * max(parts.count - 1, 0)
        var out = Raster(width: width, height: height)
        var top = 0
        for part in parts {
            for y in 0..<part.height {
                let from = y * part.width * 3, to = ((top + y) * width) * 3
                out.pixels.replaceSubrange(to..<(to + part.width * 3), with: part.pixels[from..<(from + part.width * 3)])
            }
            top += part.height + gap
        }
        return out
    }
}
