import Testing
import CLIPViz

@Suite("Sparkline")
struct SparklineTests {
    @Test("a loss curve with min, max and last", arguments: [80, 40, 20])
    func loss(width: Int) {
        let drawing = Sparkline(Samples.loss, label: "loss", showLast: true).render(width: width)
        assertSnapshot(drawing, named: "sparkline-loss-\(width)")
        expectFits(drawing, width: width)
    }

    @Test("an embedding vector, colour on and off", arguments: Style.ColorMode.allCases)
    func vector(mode: Style.ColorMode) {
        let vector = (0..<64).map { (k: Int) -> Double in
            let x = Double(k)
            return sin(x * 0.7) * 0.2 + cos(x * 0.13) * 0.1
        }
        let drawing = Sparkline(vector, label: "text [64]").render(width: 72, style: Style(color: mode))
        assertSnapshot(drawing, named: "sparkline-vector-\(mode.rawValue)")
    }

    static let glyphCases: [([Double], String)] = [
        ([0.0, 1.0], "▁█"), ([1.0, 1.0, 1.0], "▄▄▄"), ([0, 0.5, 1], "▁▅█"), ([Double.nan, 1, 2], "×▁█"),
        ([], ""), ([Double.infinity, 0, 1], "█▁█"),
    ]

    @Test("glyph levels span the eight heights", arguments: glyphCases)
    func glyphs(values: [Double], expected: String) {
        #expect(Sparkline.glyphs(values, width: 10) == expected)
    }

    @Test("long series are averaged into buckets")
    func resample() {
        #expect(Sparkline.resample([1, 3, 5, 7], to: 2) == [2, 6])
        #expect(Sparkline.glyphs((0..<1000).map(Double.init), width: 8) == "▁▂▃▄▅▆▇█")
    }

    @Test("empty and non-finite series")
    func edge() {
        let drawing = [
            Sparkline([Double](), label: "empty").render(),
            Sparkline([1, Double.nan, 3, Double.infinity], label: "gaps").render(),
            Sparkline([0.5 as Double], label: "one").render(width: 3),
        ].joined(separator: "\n")
        assertSnapshot(drawing, named: "sparkline-edge")
    }
}

import Foundation
