import Testing
import CLIPViz

@Suite("Heatmap")
struct HeatmapTests {
    let map = Heatmap(Samples.matrix, rowLabels: Samples.images, columnLabels: Samples.texts,
                      title: "cosine similarity  S = Î·Tᵀ")

    @Test("draws values, shades, the bracketed diagonal and each row's best", arguments: [80, 60, 40, 30, 24])
    func plain(width: Int) {
        let drawing = map.render(width: width)
        assertSnapshot(drawing, named: "heatmap-plain-\(width)")
        expectFits(drawing, width: width)
        #expect(!drawing.contains("\u{1B}"))
    }

    @Test("colour variants use backgrounds and keep the layout", arguments: Style.ColorMode.allCases)
    func colored(mode: Style.ColorMode) {
        let drawing = map.render(width: 80, style: Style(color: mode))
        assertSnapshot(drawing, named: "heatmap-color-\(mode.rawValue)")
        #expect(drawing.contains("\u{1B}") == (mode != .off))
    }

    @Test("reports how many rows pick their own column")
    func summary() {
        #expect(map.render().contains("3/4 images pick their own text"))
        #expect(map.render().contains("a beach ✗"))
    }

    @Test("CJK labels keep the columns aligned")
    func cjk() {
        let cjk = Heatmap(Samples.matrix, rowLabels: Samples.imagesCJK, columnLabels: Samples.textsCJK)
        for width in [80, 50] {
            let drawing = cjk.render(width: width)
            assertSnapshot(drawing, named: "heatmap-cjk-\(width)")
            expectFits(drawing, width: width)
            // Every matrix row has its diagonal bracket at the same display column as the header above it.
            let rows = drawing.split(separator: "\n").dropFirst().prefix(4).map(String.init)
            let offsets = rows.map { DisplayWidth.of(String($0.prefix { $0 != "[" })) }
            let step = offsets[1] - offsets[0]
            #expect(step > 0)
            #expect(offsets == (0..<4).map { offsets[0] + $0 * step })
        }
    }

    @Test("long captions become numbered columns with a legend")
    func numberedColumns() {
        let logits = Samples.matrix.map { $0.map { $0 * 100 } }
        let drawing = Heatmap(logits, rowLabels: Samples.images, columnLabels: Samples.captions,
                              title: "logits  S × 100").render(width: 72)
        assertSnapshot(drawing, named: "heatmap-captions-72")
        #expect(drawing.contains("  3 a red car parked on a street"))
        expectFits(drawing, width: 72)
    }

    @Test("a 12×12 matrix falls back to shades, then blocks", arguments: [80, 48, 30])
    func large(width: Int) {
        let labels = (1...12).map { "toy \($0)" }
        let drawing = Heatmap(Samples.large, rowLabels: labels, columnLabels: labels.map { "caption \($0)" },
                              title: "probe batch").render(width: width)
        assertSnapshot(drawing, named: "heatmap-large-\(width)")
        expectFits(drawing, width: width)
    }

    @Test("softmax probabilities with a fixed 0…1 scale")
    func probabilities() {
        let probs = Samples.matrix.map { row -> [Double] in
            let e = row.map { exp($0 * 20) }
            let s = e.reduce(0, +)
            return e.map { $0 / s }
        }
        let drawing = Heatmap(probs, rowLabels: Samples.images, columnLabels: Samples.texts,
                              title: "row softmax  p(text | image)", range: 0...1).render(width: 80)
        assertSnapshot(drawing, named: "heatmap-softmax")
        #expect(drawing.contains("scale 0.00"))
    }

    @Test("softmax along rows and along columns marks the best of each")
    func softmaxAxes() {
        let logits = Samples.matrix.map { $0.map { $0 * 20 } }
        let rows = Heatmap.softmax(logits, along: .row, rowLabels: Samples.images, columnLabels: Samples.texts)
        let columns = Heatmap.softmax(logits, along: .column, rowLabels: Samples.images, columnLabels: Samples.texts)
        for row in rows.values { #expect(abs(row.reduce(0, +) - 1) < 1e-12) }
        for j in 0..<4 { #expect(abs(columns.values.map { $0[j] }.reduce(0, +) - 1) < 1e-12) }
        let drawing = rows.render(width: 80) + "\n\n" + columns.render(width: 80) + "\n\n" + columns.render(width: 30)
        assertSnapshot(drawing, named: "heatmap-softmax-axes")
        #expect(drawing.contains("3/4 images pick their own text"))
        #expect(drawing.contains("3/4 texts pick their own image"))
        #expect(drawing.contains("best          ✓        ✓        ✓        ✗"))
        #expect(Heatmap.softmax([[0, .nan]]).values[0].allSatisfy { $0.isNaN })
        #expect(Heatmap.softmax([[1000, 0]]).values[0] == [1, 0])
        #expect(Heatmap.softmax([]).values.isEmpty)
    }

    @Test("NaN, infinities, ragged rows and empty input do not crash", arguments: [
        [[Double]](),
        [[]],
        [[Double.nan, 1], [2]],
        [[Double.infinity, -Double.infinity], [Double.nan, Double.nan]],
        [[0.5]],
    ])
    func edgeCases(values: [[Double]]) {
        for width in [80, 20, 1] {
            let drawing = Heatmap(values, title: "edge").render(width: width)
            #expect(drawing.hasPrefix("edge") || width < 4)
        }
    }

    @Test("edge cases draw sensibly")
    func edgeSnapshot() {
        let drawing = [
            Heatmap([], title: "empty").render(),
            Heatmap([[Double.nan, 0.2], [0.4, Double.infinity]], rowLabels: ["nan row", "inf row"],
                    columnLabels: ["a", "b"], title: "non-finite").render(),
            Heatmap([[0.7, 0.7], [0.7, 0.7]], title: "constant").render(),
        ].joined(separator: "\n\n")
        assertSnapshot(drawing, named: "heatmap-edge")
    }

    @Test("one image against many labels: no diagonal, the best label still marked")
    func nonSquare() {
        let drawing = Heatmap([[0.21, 0.28, 0.19, 0.25, 0.30]], rowLabels: ["photo.jpg"],
                              columnLabels: ["cat", "dog", "car", "tree", "bird"], title: "one image").render(width: 80)
        assertSnapshot(drawing, named: "heatmap-one-row")
        #expect(!drawing.contains("["))
        #expect(!drawing.contains("pick their own"))
        #expect(drawing.contains("0.30 ◂ bird"))
    }

    @Test("accepts a flat row-major buffer such as Tensor.data")
    func flat() {
        let flat: [Float] = [1, 2, 3, 4, 5, 6]
        let map = Heatmap(flat: flat, rows: 2, columns: 3)
        #expect(map.values == [[1, 2, 3], [4, 5, 6]])
        let short = Heatmap(flat: flat, rows: 3, columns: 3)
        #expect(short.values[2].allSatisfy { $0.isNaN })
    }
}

import Foundation
