import Testing
@testable import CLIPViz

/// Re-wrapping lesson prose: by display width, never inside a word, a number or a code
/// span, and with the Chinese line-breaking rules.
@Suite("Prose wrapping")
struct ProseWrapTests {
    static let english = """
        CLIP (Radford et al., 2021) takes a different route: it learns from 400,000,000 images \
        paired with the text next to them, and `classify toy:cat --labels "cat,car"` ranks 1,327 \
        labels at 99.3% in a language it was never taught.
        """
    static let chinese = "CLIP 不再使用固定的类别编号，而是从网络上与图片成对出现的自由文本中学习（论文称之为 WIT），"
        + "它训练两个编码器——一个处理图像，一个处理文本——让图片和它自己的说明在同一个空间里靠得很近。"
        + "「零样本」分类：把每个候选标签写成一句话，选出最接近图片的那句。"

    @Test("Every English line fits and the words come back unsplit", arguments: [20, 33, 60, 80, 120])
    func english(width: Int) {
        let lines = ProseWrap.wrap(Self.english, width: width)
        let longest = DisplayWidth.of("`classify toy:cat --labels \"cat,car\"`")   // a code span is never split
        for line in lines {
            #expect(DisplayWidth.of(line) <= max(width, longest), "\(line)")
            #expect(!line.hasPrefix(" ") && !line.hasSuffix(" "))
        }
        #expect(lines.joined(separator: " ") == Self.english)
    }

    @Test("An inline code span is never split, even with spaces inside it")
    func codeSpan() {
        let lines = ProseWrap.wrap("then run `set width 78` and look again", width: 16)
        #expect(lines.contains("`set width 78`") || lines.contains { $0.contains("`set width 78`") }, "\(lines)")
        #expect(lines.allSatisfy { $0.filter { $0 == "`" }.count % 2 == 0 }, "\(lines)")
    }

    @Test("A quoted command stays on one line; an apostrophe inside a word does not start a quote")
    func quotedCommand() {
        let lines = ProseWrap.wrap("the model you had before is kept — 'load toy --previous' brings it back", width: 40)
        #expect(lines.contains { $0.contains("'load toy --previous'") }, "\(lines)")
        let prose = ProseWrap.wrap("the paper's figure and CLIP's loss, 'a' quoted", width: 12)
        #expect(prose.joined(separator: " ") == "the paper's figure and CLIP's loss, 'a' quoted", "\(prose)")
    }

    @Test("Chinese wraps by display width, no line starts with a closing mark or ends with an opening one",
          arguments: [20, 31, 40, 60, 80, 100])
    func chinese(width: Int) {
        let lines = ProseWrap.wrap(Self.chinese, width: width)
        for line in lines {
            #expect(DisplayWidth.of(line) <= width + 2, "\(line)")   // a glued closing mark may hang
            if let first = line.first { #expect(!ProseWrap.closing.contains(first), "line starts with \(first): \(line)") }
            if let last = line.last { #expect(!ProseWrap.opening.contains(last), "line ends with \(last): \(line)") }
        }
        #expect(lines.joined().filter { $0 != " " } == Self.chinese.filter { $0 != " " }, "no character is lost or added")
        #expect(!lines.contains { $0 == "。" || $0 == "的" })
    }

    @Test("A lone full stop is pulled back onto the line it ends")
    func noLoneFullStop() {
        // The fourteen characters before 。 fill 28 columns exactly: 。 would be alone on the next line.
        let lines = ProseWrap.wrap("模型把图片和文字放进同一个空间。", width: 28)
        #expect(lines == ["模型把图片和文字放进同一个空", "间。"], "\(lines)")
    }

    @Test("Mixed text: Latin words and numbers inside Chinese stay whole")
    func mixed() {
        let text = "在 80 列的终端里，toy 模型有 155.7k 个参数，ViT-B/32 有 151,277,313 个。"
        for width in 8...40 {
            let lines = ProseWrap.wrap(text, width: width)
            let words = lines.joined(separator: "\n").split { $0 == " " || $0 == "\n" || ProseWrap.isCJK($0) }
            for word in words { #expect(["80", "toy", "155.7k", "ViT-B/32", "151,277,313"].contains(String(word)), "width \(width): \(word)") }
        }
    }

    @Test("Markdown source lines join with a space between words and nothing between CJK characters")
    func join() {
        #expect(ProseWrap.join(["a photo", "of a cat"]) == "a photo of a cat")
        #expect(ProseWrap.join(["一张猫的", "照片"]) == "一张猫的照片")
        #expect(ProseWrap.join(["CLIP 的", "ViT"]) == "CLIP 的 ViT")
    }

    @Test("Styling codes take no columns and never make a line of their own")
    func styled() {
        let text = "a \u{1B}[1mbold\u{1B}[22m word and \u{1B}[4m下划线\u{1B}[24m。"
        let lines = ProseWrap.wrap(text, width: 8)
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= 8 && DisplayWidth.of($0) > 0 }, "\(lines)")
        #expect(ANSIText.plain(lines.joined(separator: " ")).contains("bold"))
    }

    @Test("A table row or code line wider than the window is cut with a marker, not broken")
    func cut() {
        #expect(ProseWrap.cut("| a | b |", width: 20) == "| a | b |")
        let row = "| `model.safetensors` | the weights (about 600 MB in float32) |"
        let cut = ProseWrap.cut(row, width: 30)
        #expect(DisplayWidth.of(cut) == 30 && cut.hasSuffix("…") && row.hasPrefix(String(cut.dropLast())))
    }
}
