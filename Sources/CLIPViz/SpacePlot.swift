/// Image and text embeddings as points in the plane — the shared space — with the unit
/// circle, axes, and each image joined to its caption.
///
/// Images are `A B C …`, their captions `a b c …`; with a 2-D toy model the points are
/// the embeddings themselves, otherwise a projection chosen by the caller.
///
/// ```
///            ⢀⠤⠒⠉⠉⠉⠑⠒⠤⡀             A–D images  a–d texts
///         ⢀⠔⠁    ⡇   a ⠈⠢⡀          ⠤⠤ pair links
///        ⡰⠁      ⡇   ⢸    ⠈⢆        A cat.png    a a cat
///       ⢰⠁   d⠢⢄D⡇   A     ⠈⡆       B beach.png  b a beach
///       ⠒⠒⠒⠒⠒⠒⠒⠒⠒⡗⠒⠒⠒⠒⠒⠒⠒⠒⠒⠒
/// ```
public struct SpacePlot: Sendable {
    public struct Point: Sendable, Hashable {
        public var x: Double
        public var y: Double
        public init(_ x: Double, _ y: Double) {
            self.x = x
            self.y = y
        }
        var isFinite: Bool { x.isFinite && y.isFinite }
    }

    public var images: [Point]
    public var texts: [Point]
    public var imageLabels: [String]
    public var textLabels: [String]
    /// Join image i to text i.
    public var linkPairs: Bool
    /// Draw the unit circle and keep it in view (normalised embeddings lie on it).
    public var unitCircle: Bool
    public var title: String?

    public init(images: [Point], texts: [Point], imageLabels: [String] = [], textLabels: [String] = [],
                linkPairs: Bool = true, unitCircle: Bool = true, title: String? = nil) {
        self.images = images
        self.texts = texts
        self.imageLabels = imageLabels
        self.textLabels = textLabels
        self.linkPairs = linkPairs
        self.unitCircle = unitCircle
        self.title = title
    }

    /// Points from a flat row-major `[N, 2]` buffer such as `Tensor.data`.
    public static func points<T: BinaryFloatingPoint>(_ flat: [T]) -> [Point] {
        stride(from: 0, to: flat.count - 1, by: 2).map { Point(Double(flat[$0]), Double(flat[$0 + 1])) }
    }

    /// Marker of image `i` (`A`…`Z`, then `*`) and of text `i` (`a`…`z`, then `+`).
    public static func imageKey(_ i: Int) -> String { i < 26 ? String(UnicodeScalar(65 + UInt8(i))) : "*" }
    public static func textKey(_ i: Int) -> String { i < 26 ? String(UnicodeScalar(97 + UInt8(i))) : "+" }

    /// - Parameters:
    ///   - width: the whole drawing's width; the plot takes up to 40 columns of it.
    ///   - height: plot rows; default is half the plot columns (a round circle).
    public func render(width: Int = 80, height: Int? = nil, style: Style = .plain) -> String {
        var out: [String] = []
        if let title { out.append(style.bold(DisplayWidth.elide(title, to: max(width, 1)))) }
        var columns = max(min(width, 40), 4)
        if let height { columns = min(columns, max(height, 2) * 2) }
        let rows = max(height ?? columns / 2, 2)
        let plot = canvas(columns: columns, rows: rows, style: style).render(style: style)
        let legend = legendLines(style: style)
        let side = width - columns - 3
        if side >= 18 {
            for k in 0..<max(plot.count, legend.count) {
                let left = k < plot.count ? plot[k] : ""
                guard k < legend.count else { out.append(left); continue }
                out.append(DisplayWidth.pad(left, to: columns) + "   " + style.muted(DisplayWidth.elide(legend[k], to: side)))
            }
        } else {
            out += plot
            out += legend.map { style.muted(DisplayWidth.elide($0, to: max(width, 1))) }
        }
        out += overlaps(columns: columns, rows: rows).map { style.muted(DisplayWidth.elide($0, to: max(width, 1))) }
        return out.joined(separator: "\n")
    }

    /// The plot's scale: points lie within ±extent.
    private var extent: Double {
        let finite = (images + texts).filter(\.isFinite)
        var extent = finite.map { max(abs($0.x), abs($0.y)) }.max() ?? 1
        if unitCircle { extent = max(extent, 1) }
        if extent <= 0 { extent = 1 }
        return extent * 1.08
    }

    /// The Braille dot a point lands on, in a canvas of `columns` × `rows` cells.
    private func dot(_ p: Point, columns: Int, rows: Int) -> (Int, Int) {
        let (w, h) = (Double(columns * 2 - 1), Double(rows * 4 - 1))
        let extent = self.extent
        return (Int(((p.x / extent + 1) / 2 * w).rounded()), Int(((1 - p.y / extent) / 2 * h).rounded()))
    }

    /// Markers that land on the same character cell (only the last one drawn shows), as
    /// `overlapping: A a · B C` lines; empty when every marker shows.
    func overlaps(columns: Int, rows: Int) -> [String] {
        var cells: [[Int]: [String]] = [:]
        var order: [[Int]] = []
        let marked = texts.enumerated().map { ($0.element, SpacePlot.textKey($0.offset)) }
            + images.enumerated().map { ($0.element, SpacePlot.imageKey($0.offset)) }
        for (p, key) in marked where p.isFinite {
            let (x, y) = dot(p, columns: columns, rows: rows)
            let cell = [x / 2, y / 4]
            if cells[cell] == nil { order.append(cell) }
            cells[cell, default: []].append(key)
        }
        let groups = order.compactMap { cells[$0] }.filter { $0.count > 1 }
        guard !groups.isEmpty else { return [] }
        // Images are drawn last, so they cover texts: list the hidden markers first.
        return ["overlapping (drawn on one spot): " + groups.map { $0.joined(separator: " ") }.joined(separator: " · ")]
    }

    private func canvas(columns: Int, rows: Int, style: Style) -> BrailleCanvas {
        var c = BrailleCanvas(columns: columns, rows: rows)
        let extent = self.extent
        let w = Double(c.dotWidth - 1)
        func dot(_ p: Point) -> (Int, Int) { self.dot(p, columns: columns, rows: rows) }
        let muted = style.theme.muted
        let origin = dot(Point(0, 0))
        // Sparse axes: one dot in four, so they stay quieter than the circle.
        for x in stride(from: origin.0 % 4, to: c.dotWidth, by: 4) { c.set(x, origin.1, color: muted) }
        for y in stride(from: origin.1 % 4, to: c.dotHeight, by: 4) { c.set(origin.0, y, color: muted) }
        if unitCircle {
            c.circle(cx: Double(origin.0), cy: Double(origin.1), r: w / 2 / extent, color: muted)
        }
        if linkPairs {
            for i in 0..<min(images.count, texts.count) where images[i].isFinite && texts[i].isFinite {
                c.line(from: dot(images[i]), to: dot(texts[i]), color: style.theme.accent)
            }
        }
        for (i, p) in texts.enumerated() where p.isFinite {
            let (x, y) = dot(p)
            c.mark(style.bold(SpacePlot.textKey(i), style.theme.text), atDot: x, y)
        }
        for (i, p) in images.enumerated() where p.isFinite {
            let (x, y) = dot(p)
            c.mark(style.bold(SpacePlot.imageKey(i), style.theme.image), atDot: x, y)
        }
        return c
    }

    private func legendLines(style: Style) -> [String] {
        var lines: [String] = []
        func range(_ n: Int, _ key: (Int) -> String) -> String {
            n == 1 ? key(0) : key(0) + "–" + key(min(n, 26) - 1)
        }
        var keys: [String] = []
        if !images.isEmpty { keys.append(range(images.count, SpacePlot.imageKey) + " images") }
        if !texts.isEmpty { keys.append(range(texts.count, SpacePlot.textKey) + " texts") }
        if !keys.isEmpty { lines.append(keys.joined(separator: "  ")) }
        if linkPairs && !images.isEmpty && !texts.isEmpty { lines.append("lines join each pair") }
        if unitCircle { lines.append("circle: ‖x‖ = 1") }
        let pairs = max(images.count, texts.count)
        if pairs > 0 && (!imageLabels.isEmpty || !textLabels.isEmpty) {
            let shown = min(pairs, 12)
            let imageWidth = min((0..<shown).map { DisplayWidth.of(label(imageLabels, $0)) }.max() ?? 0, 16)
            for i in 0..<shown {
                let number = DisplayWidth.pad("\(i + 1)", to: "\(shown)".count) + " "
                let left = number + (i < images.count ? SpacePlot.imageKey(i) + " " + DisplayWidth.fit(label(imageLabels, i), to: imageWidth) : "  ")
                let text = label(textLabels, i)
                let right = i < texts.count ? SpacePlot.textKey(i) + (text.isEmpty ? "" : " \"" + text + "\"") : ""
                lines.append(DisplayWidth.pad(left, to: number.count + imageWidth + 2) + "  " + right)
            }
            if pairs > shown { lines.append("… \(pairs - shown) more") }
        }
        let hidden = (images + texts).filter { !$0.isFinite }.count
        if hidden > 0 { lines.append("\(hidden) non-finite point\(hidden == 1 ? "" : "s") not drawn") }
        if pairs == 0 { lines.append("(no points)") }
        return lines
    }

    private func label(_ labels: [String], _ i: Int) -> String {
        i < labels.count ? labels[i].replacingNewlines() : ""
    }
}
