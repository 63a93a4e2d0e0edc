import Foundation
import Testing
import CLIPViz

@Suite("Raster")
struct RasterTests {
    @Test("pixels, rectangles and lines are clipped to the buffer")
    func drawing() {
        var r = Raster(width: 4, height: 3, background: RGB(1, 2, 3))
        #expect(r.pixels.count == 36)
        #expect(r[3, 2] == RGB(1, 2, 3))
        r.fill(x: -2, y: -2, width: 4, height: 4, color: .black)
        #expect(r[1, 1] == .black && r[2, 2] == RGB(1, 2, 3))
        r[10, 10] = .white
        #expect(r[10, 10] == .black)
        r.line(from: (0, 2), to: (3, 2), color: .white)
        #expect((0..<4).allSatisfy { r[$0, 2] == .white })
        r.stroke(x: 0, y: 0, width: 4, height: 3, color: RGB(9, 9, 9))
        #expect(r[0, 0] == RGB(9, 9, 9) && r[3, 2] == RGB(9, 9, 9) && r[1, 1] == .black)
        #expect(Raster(width: -3, height: 5).pixels.isEmpty)
        #expect(r.ppm.prefix(11) == Array("P6\n4 3\n255\n".utf8)[...])
    }

    @Test("text in the 5×7 font")
    func text() {
        var r = Raster(width: 12, height: 9, background: .white)
        let end = r.text("1", x: 0, y: 0, color: .black)
        #expect(end == 6)
        #expect(BitmapFont.rows(for: "1") == [0b00100, 0b01100, 0b00100, 0b00100, 0b00100, 0b00100, 0b01110])
        #expect(r[2, 0] == .black && r[0, 0] == .white && r[1, 6] == .black)
        r.text("g", x: 6, y: 0, color: .black)
        #expect(r[7, 8] == .black)  // the tail of g hangs two rows below the baseline
        #expect(BitmapFont.width(of: "abc", scale: 2) == 34)
        #expect(BitmapFont.rows(for: "猫") == BitmapFont.rows(for: "😀"))
        #expect(Raster.fit("a photo of a cat", maxWidth: 47) == "a photo…")
    }

    @Test("the heatmap, confusion, bar chart and line chart pictures",
          arguments: ["heatmap", "heatmap-numbered", "confusion", "barchart", "linechart"])
    func plots(name: String) {
        let raster: Raster
        switch name {
        case "heatmap":
            raster = Raster.heatmap(Heatmap(Samples.matrix, rowLabels: Samples.images, columnLabels: Samples.texts,
                                            title: "cosine similarity  S = Î·Tᵀ"))
        case "heatmap-numbered":
            raster = Raster.heatmap(Heatmap(Samples.matrix, rowLabels: Samples.imagesCJK, columnLabels: Samples.captions))
        case "confusion":
            raster = Raster.confusionMatrix(TableTests.confusion)
        case "barchart":
            raster = Raster.barChart(BarChart(Samples.zeroShot.map { BarChart.Item($0.0, $0.1) },
                                              title: "zero-shot: cat.jpg", scale: 1))
        default:
            raster = Raster.lineChart(LineChart(Samples.loss, title: "training loss", xLabel: "step"))
        }
        #expect(raster.pixels.count == raster.width * raster.height * 3)
        assertSnapshot(RasterTests.describe(raster), named: "raster-\(name)")
        if let dir = ProcessInfo.processInfo.environment["RASTER_DUMP"] {
            try? Data(raster.ppm).write(to: URL(fileURLWithPath: dir).appendingPathComponent("\(name).ppm"))
        }
    }

    @Test("plots of empty and non-finite data still make a picture")
    func edges() {
        let pictures = [
            Raster.heatmap(Heatmap([[Double.nan, 1], [Double.infinity, 0]])),
            Raster.barChart(BarChart([])),
            Raster.lineChart(LineChart([Double.nan])),
            Raster.lineChart(LineChart([1.0]), width: 10, height: 10),
        ]
        for p in pictures {
            #expect(p.width > 0 && p.height > 0)
            #expect(p.pixels.count == p.width * p.height * 3)
        }
    }

    /// A golden-file summary of a picture: size, a hash of every pixel, and a coarse
    /// preview (one character per block, darker = denser) to see what changed.
    static func describe(_ r: Raster) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in r.pixels {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        var lines = ["\(r.width)×\(r.height) fnv1a64 \(String(repeating: "0", count: 16 - hex.count) + hex)"]
        let columns = 72
        let block = max((r.width + columns - 1) / columns, 1)
        let rowBlock = block * 2
        for by in stride(from: 0, to: r.height, by: rowBlock) {
            var line = ""
            for bx in stride(from: 0, to: r.width, by: block) {
                var sum = 0.0, n = 0.0
                for y in by..<min(by + rowBlock, r.height) {
                    for x in bx..<min(bx + block, r.width) {
                        sum += r[x, y].luminance
                        n += 1
                    }
                }
                let dark = 1 - sum / max(n, 1)
                line.append(Array(" .:-=+*#%@")[min(Int(dark * 10), 9)])
            }
            while line.last == " " { line.removeLast() }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}
