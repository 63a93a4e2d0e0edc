import Testing
import CLIPViz

@Suite("BoxDiagram")
struct DiagramTests {
    static let clip = BoxDiagram(
        image: .init(title: "image encoder", lines: ["ViT-B/32 · 12 layers", "width 768 · 12 heads", "patch 32 · 224×224"],
                     input: "image [1,3,224,224]", output: "image vector [512]", parameters: 87_849_216),
        text: .init(title: "text encoder", lines: ["Transformer · 12 layers", "width 512 · 8 heads", "context 77 · vocab 49408"],
                    input: "text [1,77]", output: "text vector [512]", parameters: 63_165_952),
        join: ["cosine similarity  S = Î·Tᵀ", "× exp(t) = 100.0 → logits [N,N]"],
        title: "CLIP ViT-B/32 · 151.3M parameters")

    static let toy = BoxDiagram(
        image: .init(title: "image encoder", lines: ["ViT 2 layers · width 32"], input: "image [1,3,32,32]",
                     output: "image [2]", parameters: 25_826),
        text: .init(title: "text encoder", lines: ["2 layers · width 32"], input: "text [1,16]",
                    output: "text [2]", parameters: 27_394),
        join: ["cosine  S = Î·Tᵀ"])

    @Test("the two towers meet in the similarity box", arguments: [80, 60, 40, 30])
    func clip(width: Int) {
        let drawing = DiagramTests.clip.render(width: width)
        assertSnapshot(drawing, named: "boxdiagram-\(width)")
        expectFits(drawing, width: width)
        #expect(drawing.contains("87.8M parameters") || drawing.contains("87.8M"))
        #expect(drawing.contains("┌") && drawing.contains("┘"))
    }

    @Test("the toy model, colour on")
    func toy() {
        assertSnapshot(DiagramTests.toy.render(width: 80), named: "boxdiagram-toy")
        assertSnapshot(DiagramTests.toy.render(width: 80, style: .truecolor), named: "boxdiagram-toy-truecolor")
    }

    @Test("box lines wrap between segments rather than being cut")
    func wraps() {
        let drawing = DiagramTests.clip.render(width: 40)
        #expect(drawing.contains("│ 224×224"))
        #expect(!drawing.contains("…"))
    }
}
