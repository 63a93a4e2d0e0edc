import Testing
import CLIPViz

@Suite("Table and ConfusionMatrix")
struct TableTests {
    static let table = Table(headers: ["class", "top-1", "top-5", "n"], rows: [
        ["cat", "91.2%", "99.0%", "120"], ["猫の写真", "88.0%", "97.5%", "40"],
        ["a very long class name indeed", "1.0%", "nan", "3"],
    ], title: "per class")

    @Test("numbers right, text left, CJK aligned", arguments: [80, 30])
    func table(width: Int) {
        let drawing = TableTests.table.render(width: width)
        assertSnapshot(drawing, named: "table-\(width)")
        expectFits(drawing, width: width)
        let rows = drawing.split(separator: "\n").dropFirst().map { DisplayWidth.of(String($0)) }
        #expect(Set(rows).count == 1, "all lines end at the same column: \(rows)")
    }

    @Test("what counts as a number", arguments: [
        ("12", true), ("-0.31", true), ("92.4%", true), ("1.2M", true), ("nan", true), ("1,024", true),
        ("cat", false), ("v1.2", false), ("1.2.3", false), ("", false), ("—", true), (".5", false),
    ])
    func numeric(cell: String, expected: Bool) {
        #expect(Table.isNumeric(cell) == expected)
    }

    @Test("ragged rows, explicit alignment, colour, empty")
    func variants() {
        let drawing = [
            Table(headers: ["a", "b", "c"], rows: [["1"], ["x", "y", "z", "extra"]]).render(),
            Table(headers: ["left", "right"], rows: [["1", "x"]], alignments: [.left, .right]).render(),
            Table(headers: [], rows: []).render(),
        ].joined(separator: "\n\n")
        assertSnapshot(drawing, named: "table-variants")
        assertSnapshot(TableTests.table.render(width: 60, style: .truecolor), named: "table-truecolor")
    }

    static let confusion = ConfusionMatrix(counts: [[9, 1, 0], [2, 8, 0], [0, 0, 10]], labels: ["cat", "dog", "car"])

    @Test("counts with the diagonal bracketed, recall per row and accuracy", arguments: [80, 30])
    func confusion(width: Int) {
        let drawing = TableTests.confusion.render(width: width)
        assertSnapshot(drawing, named: "confusion-\(width)")
        expectFits(drawing, width: width)
        #expect(drawing.contains("accuracy 90.0% (27/30)"))
        #expect(TableTests.confusion.accuracy == 0.9)
        #expect(ConfusionMatrix(counts: [[0]]).accuracy == nil)
    }

    @Test("confusion from label lists, long labels, many classes, colour, empty")
    func confusionVariants() {
        let fromLists = ConfusionMatrix(truth: [0, 0, 1, 1, 2, 5], predicted: [0, 1, 1, 1, 2, 0],
                                        labels: ["red circle", "red square", "blue triangle"])
        #expect(fromLists.counts == [[1, 1, 0], [0, 2, 0], [0, 0, 1]])
        let many = ConfusionMatrix(counts: (0..<30).map { i in (0..<30).map { j in i == j ? 20 : (i + j) % 7 == 0 ? 3 : 0 } },
                                   labels: (0..<30).map { "shape \($0)" })
        let drawing = [
            fromLists.render(width: 60), many.render(width: 80),
            ConfusionMatrix(counts: []).render(), ConfusionMatrix(counts: [[0, 0], [0, 0]]).render(),
        ].joined(separator: "\n\n")
        assertSnapshot(drawing, named: "confusion-variants")
        assertSnapshot(TableTests.confusion.render(style: .truecolor), named: "confusion-truecolor")
    }
}
