import Testing
@testable import CLIPImage

@Suite("Terminal preview")
struct ANSIPreviewTests {
    @Test("Colour preview uses half blocks with the top pixel as foreground")
    func colour() {
        // 2 x 2: top row red, bottom row blue.
        let image = RGBImage(width: 2, height: 2, pixels: [255, 0, 0, 255, 0, 0, 0, 0, 255, 0, 0, 255])
        let text = ANSIPreview.render(image, columns: 2, color: true)
        #expect(text == "\u{1B}[38;2;255;0;0m\u{1B}[48;2;0;0;255m▀▀\u{1B}[0m")
    }

    @Test("Rows follow the aspect ratio, two pixel rows per line", arguments: [
        (100, 50, 40, 10), (50, 100, 20, 20), (10, 10, 7, 4), (300, 1, 30, 1),
    ])
    func geometry(width: Int, height: Int, columns: Int, lines: Int) {
        let image = RGBImage(width: width, height: height, red: 90, green: 90, blue: 90)
        let text = ANSIPreview.render(image, columns: columns, color: false)
        let rows = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(rows.count == lines)
        #expect(rows.allSatisfy { $0.count == columns })
    }

    @Test("Greyscale ramp goes from space for black to @ for white")
    func ramp() {
        let black = RGBImage(width: 4, height: 2, red: 0, green: 0, blue: 0)
        let white = RGBImage(width: 4, height: 2, red: 255, green: 255, blue: 255)
        #expect(ANSIPreview.render(black, columns: 4, color: false) == "    ")
        #expect(ANSIPreview.render(white, columns: 4, color: false) == "@@@@")
        let mid = RGBImage(width: 4, height: 2, red: 140, green: 140, blue: 140)   // 140/256·10 → index 5
        #expect(ANSIPreview.render(mid, columns: 4, color: false) == "++++")
        #expect(!ANSIPreview.render(mid, columns: 4, color: false).contains("\u{1B}"))
    }

    @Test("A photo preview has one reset per line and no empty output")
    func photo() throws {
        let image = try ImageIO.load(path: Fixtures.path("parity", "chelsea.png"))
        let text = ANSIPreview.render(image, columns: 48, color: true)
        let lines = text.split(separator: "\n")
        #expect(lines.count == Int((48.0 * Double(image.height) / Double(image.width) / 2).rounded(.up)))
        #expect(lines.allSatisfy { $0.hasSuffix("\u{1B}[0m") && $0.filter { $0 == "▀" }.count == 48 })
        #expect(ANSIPreview.render(image, columns: 0, color: true) == "")
    }
}
