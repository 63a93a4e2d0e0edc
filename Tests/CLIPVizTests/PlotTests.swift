import Foundation
import Testing
import CLIPViz

@Suite("SpacePlot, BrailleCanvas and LineChart")
struct PlotTests {
    static let angles = [0.3, 1.9, 3.4, 4.8]
    static let images = angles.map { SpacePlot.Point(cos($0), sin($0)) }
    /// Captions close to their image, except the last pair which is far apart.
    static let texts = angles.enumerated().map { (k: Int, a: Double) -> SpacePlot.Point in
        let b = a + (k == 3 ? 2.0 : 0.35)
        return SpacePlot.Point(cos(b), sin(b))
    }
    static let plot = SpacePlot(images: images, texts: texts, imageLabels: Samples.images,
                                textLabels: Samples.texts, title: "shared space (2-D toy model)")

    @Test("image and caption points on the unit circle, pairs joined", arguments: [80, 40])
    func space(width: Int) {
        let drawing = PlotTests.plot.render(width: width)
        assertSnapshot(drawing, named: "space-\(width)")
        expectFits(drawing, width: width)
        for key in ["A", "B", "C", "D", "a", "b", "c", "d"] { #expect(drawing.contains(key)) }
    }

    @Test("a short live view, colour on")
    func compact() {
        assertSnapshot(PlotTests.plot.render(width: 80, height: 10, style: .truecolor), named: "space-live-truecolor")
        assertSnapshot(PlotTests.plot.render(width: 80, height: 10), named: "space-live-plain")
    }

    @Test("projected points outside the circle, NaN points, no points")
    func edges() {
        let far = SpacePlot(images: [.init(2.5, -1), .init(.nan, 0)], texts: [.init(-0.5, 3)],
                            title: "PCA projection")
        let drawing = [far.render(width: 60, height: 8), SpacePlot(images: [], texts: []).render(width: 30, height: 4)]
            .joined(separator: "\n")
        assertSnapshot(drawing, named: "space-edge")
        #expect(drawing.contains("1 non-finite point not drawn"))
        #expect(SpacePlot.points([Float](arrayLiteral: 1, 2, 3, 4, 5)) == [.init(1, 2), .init(3, 4)])
    }

    @Test("braille dots, lines and markers")
    func braille() {
        var c = BrailleCanvas(columns: 4, rows: 1)
        c.line(from: (0, 3), to: (7, 0))
        #expect(c.render() == ["⣀⠤⠒⠉"])
        c.set(100, 100)
        c.set(-1, 0)
        let first = c.mark("X", atDot: 0, 0)
        let second = c.mark("Y", atDot: 1, 2)
        #expect(first && !second)
        #expect(c.render() == ["Y⠤⠒⠉"])
        var d = BrailleCanvas(columns: 1, rows: 1)
        for x in 0..<2 { for y in 0..<4 { d.set(x, y) } }
        #expect(d.render() == ["⣿"])
        #expect(BrailleCanvas(columns: 0, rows: 0).render().isEmpty)
    }

    @Test("a loss curve with its axes", arguments: [60, 30])
    func line(width: Int) {
        let drawing = LineChart(Samples.loss, title: "loss", xLabel: "step").render(width: width, height: width / 8)
        assertSnapshot(drawing, named: "linechart-\(width)")
        expectFits(drawing, width: width)
    }

    @Test("line chart variants: x range, gaps, flat, empty, colour")
    func lineVariants() {
        let drawing = [
            LineChart([3.0, 1, .nan, 2, 0.5], title: "with a gap", xRange: 0...1200).render(width: 40, height: 4),
            LineChart([1.0, 1, 1], title: "flat").render(width: 30, height: 2),
            LineChart([Double](), title: "empty").render(),
        ].joined(separator: "\n\n")
        assertSnapshot(drawing, named: "linechart-variants")
        assertSnapshot(LineChart(Samples.loss, title: "loss").render(width: 50, height: 5, style: .ansi256),
                       named: "linechart-ansi256")
    }
}
