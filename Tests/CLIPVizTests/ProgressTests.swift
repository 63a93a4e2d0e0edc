import Testing
import CLIPViz

@Suite("ProgressBar and ShapeFlow")
struct ProgressTests {
    @Test("progress at several widths, running and done, colour on and off")
    func progress() {
        var lines: [String] = []
        for width in [80, 50, 30] {
            lines.append(ProgressBar(step: 412, total: 800, label: "train", rate: 41.3).render(width: width))
            lines.append(ProgressBar(step: 800, total: 800, label: "train", rate: 41.3, elapsed: 19.4).render(width: width))
        }
        lines.append(ProgressBar(step: 37, total: 1000, label: "eval", rate: 212.5, unit: "images").render(width: 80))
        lines.append(ProgressBar(step: 0, total: 0).render(width: 40))
        lines.append(ProgressBar(step: -5, total: 10, rate: .nan).render(width: 40))
        lines.append(ProgressBar(step: 50, total: 10, rate: 0).render(width: 40))
        for (line, width) in zip(lines, [80, 80, 50, 50, 30, 30, 80, 40, 40, 40]) {
            #expect(DisplayWidth.of(line) <= width, "\(line)")
        }
        assertSnapshot(lines.joined(separator: "\n"), named: "progress-plain")
        let colored = ProgressBar(step: 412, total: 800, label: "train", rate: 41.3).render(width: 80, style: .truecolor)
        assertSnapshot(colored, named: "progress-truecolor")
    }

    @Test("durations", arguments: [(9.4, "0:09"), (61, "1:01"), (3725, "1:02:05"), (-1, "--:--"), (.nan, "--:--")])
    func duration(seconds: Double, expected: String) {
        #expect(ProgressBar.duration(seconds) == expected)
    }

    static let vision = ShapeFlow([
        .init("pixels", shape: [1, 3, 224, 224]), .init("patches", "49 × [3072]"),
        .init("tokens + CLS", shape: [50, 768]), .init("12 blocks", shape: [50, 768]),
        .init("CLS", shape: [768]), .init("projection", shape: [512]), .init("normalize", "‖x‖ = 1"),
    ], title: "image → vector")

    @Test("a shape flow wraps to the width", arguments: [100, 60, 30, 12])
    func flow(width: Int) {
        let drawing = ProgressTests.vision.render(width: width)
        assertSnapshot(drawing, named: "shapeflow-\(width)")
        expectFits(drawing, width: width)
        // Every stage's shape is printed once, whole, when it fits.
        if width >= 30 {
            for stage in ProgressTests.vision.stages { #expect(drawing.contains(stage.shape)) }
        }
    }

    @Test("shapes without names, colour, and no stages")
    func flowVariants() {
        let drawing = [
            ShapeFlow(shapes: ["[1,3,224,224]", "49 patches", "[50,768]", "…", "[512]"]).render(width: 40),
            ShapeFlow([], title: "empty").render(),
            ShapeFlow.shape([2, 77]),
        ].joined(separator: "\n")
        assertSnapshot(drawing, named: "shapeflow-variants")
        assertSnapshot(ProgressTests.vision.render(width: 60, style: .ansi256), named: "shapeflow-ansi256")
    }
}

@Suite("TrainingView")
struct TrainingViewTests {
    static func view(withSpace: Bool) -> TrainingView {
        TrainingView(
            progress: ProgressBar(step: 412, total: 800, label: "train", rate: 41.3),
            losses: Array(Samples.loss.prefix(60)), temperature: 14.23,
            metrics: [("train", 0.82), ("held-out", 0.613)],
            matrix: Heatmap(Samples.matrix, rowLabels: Samples.images, columnLabels: Samples.texts, title: "probe batch"),
            space: withSpace ? PlotTests.plot : nil)
    }

    @Test("progress, loss, temperature, matrix and space on one screen", arguments: [120, 80, 50])
    func screen(width: Int) {
        let drawing = TrainingViewTests.view(withSpace: true).render(width: width)
        assertSnapshot(drawing, named: "training-\(width)")
        expectFits(drawing, width: width)
        #expect(drawing.contains("temperature 14.2"))
        #expect(drawing.contains("held-out 61.3%"))
    }

    @Test("without a 2-D space, colour on")
    func colored() {
        let drawing = TrainingViewTests.view(withSpace: false).render(width: 80, style: .truecolor)
        assertSnapshot(drawing, named: "training-truecolor")
    }
}
