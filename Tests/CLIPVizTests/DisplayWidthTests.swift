import Testing
import CLIPViz

@Suite("DisplayWidth")
struct DisplayWidthTests {
    static let widths: [(String, Int)] = [
        ("cat", 3), ("", 0), ("猫", 2), ("猫の写真", 8), ("한국어", 6), ("ｃａｔ", 6),
        ("e\u{301}", 1), ("🐱", 2), ("👩‍💻", 2), ("🇯🇵", 2), ("❤️", 2), ("a\u{200D}b", 2),
        ("\u{1B}[1mbold\u{1B}[0m", 4), ("\u{1B}[38;2;1;2;3m猫\u{1B}[0m", 2), ("░▒▓█", 4), ("…", 1),
    ]

    @Test("measures terminal columns", arguments: widths)
    func width(text: String, expected: Int) {
        #expect(DisplayWidth.of(text) == expected)
    }

    static let elisions: [(String, Int, String)] = [
        ("a photo of a cat", 8, "a photo…"), ("cat", 3, "cat"), ("cats", 3, "ca…"), ("cat", 0, ""),
        ("cat", 1, "…"), ("猫の写真", 5, "猫の…"), ("猫の写真", 6, "猫の…"), ("猫の写真", 7, "猫の写…"),
    ]

    @Test("elides at the end without splitting wide characters", arguments: elisions)
    func elide(text: String, width: Int, expected: String) {
        #expect(DisplayWidth.elide(text, to: width) == expected)
        #expect(DisplayWidth.of(DisplayWidth.elide(text, to: width)) <= max(width, 0))
    }

    @Test("elides in the middle for paths")
    func middle() {
        let path = "/Users/ada/Pictures/holiday/cat.png"
        let cut = DisplayWidth.elide(path, to: 16, position: .middle)
        #expect(cut == "/Users/a…cat.png")
        #expect(DisplayWidth.of(cut) == 16)
    }

    @Test("pads by display width, on either side or centred")
    func pad() {
        #expect(DisplayWidth.pad("猫", to: 4) == "猫  ")
        #expect(DisplayWidth.pad("猫", to: 4, align: .right) == "  猫")
        #expect(DisplayWidth.pad("ab", to: 5, align: .center) == " ab  ")
        #expect(DisplayWidth.pad("toolong", to: 3) == "toolong")
        #expect(DisplayWidth.fit("猫の写真です", to: 7) == "猫の写…")
        #expect(DisplayWidth.fit("猫の写真です", to: 6) == "猫の… ")
    }
}

@Suite("Style")
struct StyleTests {
    @Test("colour off emits no escape sequences")
    func plain() {
        let s = Style.plain
        #expect(s.fg("x", .white) == "x")
        #expect(s.bg("x", .white) == "x")
        #expect(s.bold("x") == "x")
        #expect(s.accent("x") == "x")
    }

    @Test("truecolor and 256-colour sequences")
    func sequences() {
        #expect(Style.truecolor.fg("x", RGB(255, 0, 0)) == "\u{1B}[38;2;255;0;0mx\u{1B}[0m")
        #expect(Style.ansi256.fg("x", RGB(255, 0, 0)) == "\u{1B}[38;5;196mx\u{1B}[0m")
        #expect(Style.truecolor.bg("x", .white) == "\u{1B}[48;2;255;255;255m\u{1B}[38;2;20;20;20mx\u{1B}[0m")
    }

    static let palette: [(RGB, Int)] = [
        (RGB(0, 0, 0), 16), (RGB(255, 255, 255), 231), (RGB(255, 0, 0), 196), (RGB(128, 128, 128), 244),
        (RGB(0, 95, 135), 24),
    ]

    @Test("maps colours to the nearest xterm palette entry", arguments: palette)
    func ansi256(color: RGB, index: Int) {
        #expect(color.ansi256Index == index)
    }

    @Test("shades, colour scales and number formats")
    func helpers() {
        #expect(String([0, 0.25, 0.5, 0.75, 1].map(Style.shade)) == " ░▒▓█")
        #expect(Style.shade(.nan) == "×")
        #expect(Style.shade(7) == "█")
        #expect(ColorScale.viridis.color(at: 0) == RGB(68, 1, 84))
        #expect(ColorScale.viridis.color(at: 1) == RGB(253, 231, 37))
        #expect(ColorScale.viridis.color(at: .nan) == RGB(68, 1, 84))
        #expect(RGB(255, 128, 0).hex == "#ff8000")
        #expect(ValueFormat.fixed(2).string(-0.001) == "0.00")
        #expect(ValueFormat.fixed(2).string(-0.5) == "-0.50")
        #expect(ValueFormat.percent(1).string(0.924) == "92.4%")
        #expect(ValueFormat.compact.string(151_277_313) == "151.3M")
        #expect(ValueFormat.compact.string(512) == "512")
        #expect(ValueFormat.fixed(2).string(.nan) == "nan")
        #expect(ValueFormat.fixed(2).string(-.infinity) == "-inf")
        #expect(ValueFormat.automatic(for: [0.3, -0.9]) == .fixed(2))
        #expect(ValueFormat.automatic(for: [31.4, .infinity]) == .fixed(1))
    }
}
