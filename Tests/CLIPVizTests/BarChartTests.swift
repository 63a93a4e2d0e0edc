import Testing
import CLIPViz

@Suite("BarChart")
struct BarChartTests {
    let chart = BarChart(Samples.zeroShot.map { BarChart.Item($0.0, $0.1) }, title: "zero-shot: cat.jpg", scale: 1)

    @Test("ranks labels and aligns the percentages", arguments: [80, 40, 24])
    func plain(width: Int) {
        let drawing = chart.render(width: width)
        assertSnapshot(drawing, named: "barchart-plain-\(width)")
        expectFits(drawing, width: width)
        let lines = drawing.split(separator: "\n")
        #expect(lines[1].hasPrefix("a photo of a cat") || lines[1].hasPrefix("a photo"))
        #expect(lines[1].hasSuffix("92.4%"))
    }

    @Test("colour variants", arguments: [Style.ColorMode.ansi256, .truecolor])
    func colored(mode: Style.ColorMode) {
        assertSnapshot(chart.render(width: 60, style: Style(color: mode)), named: "barchart-color-\(mode.rawValue)")
    }

    @Test("bars have eighth-of-a-column precision", arguments: [
        (0.0, 4, "    "), (1.0, 4, "████"), (0.5, 3, "█▌ "), (0.0625, 2, "▏ "), (0.001, 2, "▏ "),
        (Double.nan, 2, "  "), (2.0, 2, "██"), (-1.0, 2, "  "),
    ])
    func eighths(fraction: Double, width: Int, expected: String) {
        #expect(BarChart.bar(fraction, width: width) == expected)
    }

    @Test("CJK labels and a limit of shown items")
    func cjkAndLimit() {
        let items = [("猫", 0.52), ("狗的照片", 0.31), ("一辆红色的汽车", 0.09), ("森林", 0.05), ("海滩", 0.03)]
        let drawing = BarChart(labels: items.map(\.0), values: items.map(\.1), title: "零样本分类",
                               scale: 1, limit: 3).render(width: 50)
        assertSnapshot(drawing, named: "barchart-cjk")
        expectFits(drawing, width: 50)
        #expect(drawing.hasSuffix("… 2 more"))
    }

    @Test("cosine scores with negatives, NaN and infinity; empty input")
    func edgeCases() {
        let drawing = [
            BarChart(labels: ["up", "down", "broken", "huge"], values: [0.3, -0.2, .nan, .infinity],
                     title: "edge", format: .fixed(2)).render(width: 40),
            BarChart([], title: "nothing").render(width: 40),
            BarChart(labels: ["x"], values: [0.5]).render(width: 1),
        ].joined(separator: "\n\n")
        assertSnapshot(drawing, named: "barchart-edge")
    }
}
