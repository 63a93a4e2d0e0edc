import Testing
@testable import CLIPData

/// `toy:` specs: what they parse to, their captions, and the errors for bad ones.
@Suite("Toy specs")
struct ToyWorldSpecTests {
    @Test("good specs give the expected caption and canonical spelling", arguments: [
        ("toy:red-circle", "a red circle", "toy:red-circle"),
        ("toy:two-green-triangles", "two green triangles", "toy:two-green-triangles"),
        ("toy:small-blue-square-left", "a small blue square on the left", "toy:small-blue-square-left"),
        ("toy:cat", "a photo of a cat", "toy:cat"),
        ("toy:beach", "a photo of a beach", "toy:beach"),
        ("car", "a photo of a car", "toy:car"),
        ("toy:a-photo-of-a-forest", "a photo of a forest", "toy:forest"),
        ("TOY:Orange-Star", "an orange star", "toy:orange-star"),
        ("toy:a small blue square on the left", "a small blue square on the left", "toy:small-blue-square-left"),
        ("toy:three_large_purple_crosses", "three large purple crosses", "toy:three-large-purple-crosses"),
        ("toy:2-yellow-star", "two yellow stars", "toy:two-yellow-stars"),
        ("toy:red-circle-center", "a red circle in the centre", "toy:red-circle-centre"),
        ("toy:big-crimson-ring-top", "a large crimson ring at the top", "toy:large-crimson-ring-top"),
        ("  toy:navy-square  ", "a navy square", "toy:navy-square"),
    ])
    func goodSpecs(_ text: String, _ caption: String, _ canonical: String) throws {
        let spec = try ToySpec.parse(text)
        #expect(spec.caption == caption)
        #expect(spec.description == canonical)
        #expect(try ToySpec.parse(spec.description) == spec)
        #expect(spec.render().caption == caption)
    }

    @Test("parsed shape specs carry their attributes and sensible defaults")
    func attributes() throws {
        guard case let .objects(o, detail) = try ToySpec.parse("toy:small-blue-square-left") else {
            Issue.record("expected objects"); return
        }
        #expect(o == ToyObjects(shape: .square, color: .blue, count: 1, size: .small, position: .left))
        #expect(detail == .full)
        guard case let .objects(two, _) = try ToySpec.parse("toy:two-green-triangles") else {
            Issue.record("expected objects"); return
        }
        #expect(two.count == 2 && two.size == .small && two.position == nil)
        guard case let .objects(one, _) = try ToySpec.parse("toy:red-circle") else { Issue.record("expected objects"); return }
        #expect(one.size == .large && one.position == .centre)
    }

    @Test("bad specs say what is wrong", arguments: [
        ("toy:", "empty"),
        ("toy:red-blob", "unknown word 'blob'; valid words:"),
        ("toy:purple-hexagon", "shapes circle square triangle cross star ring"),
        ("toy:red", "no shape"),
        ("toy:circle", "no colour"),
        ("toy:red-blue-circle", "two colours ('red' and 'blue')"),
        ("toy:circle-square-red", "two shapes"),
        ("toy:two-three-red-circles", "two counts"),
        ("toy:two-red-circles-left", "a position applies to one shape"),
        ("toy:small-cat", "'cat' is a scene and takes no other words (drop 'small')"),
        ("toy:cat-beach", "two scenes"),
        ("toy:two-cat", "'cat' is a scene and takes no other words (drop 'two')"),
        ("toy:four-red-circles", "unknown word 'four'"),
    ])
    func badSpecs(_ text: String, _ expected: String) {
        do {
            let spec = try ToySpec.parse(text)
            Issue.record("'\(text)' parsed as \(spec)")
        } catch {
            #expect(error.description.contains(expected), "\(error)")
            #expect(error.description.hasPrefix("cannot read toy spec"))
            #expect(!error.description.contains("\n"))
        }
    }

    @Test("a huge spec gives a short error")
    func hugeSpec() {
        let text = "toy:" + String(repeating: "x", count: 100_000)
        do { _ = try ToySpec.parse(text); Issue.record("parsed") } catch { #expect(error.description.count < 600) }
    }

    @Test("completions and words cover every scene, colour and shape")
    func completions() throws {
        #expect(ToySpec.completions.contains("toy:cat"))
        #expect(ToySpec.completions.contains("toy:red-triangle"))
        for c in ToySpec.completions { _ = try ToySpec.parse(c) }
        for w in ["two", "small", "crimson", "crosses", "left", "forest"] { #expect(ToySpec.words.contains(w)) }
    }

    @Test("a spec renders the canonical picture without a seed and varied ones with seeds")
    func rendering() throws {
        let spec = try ToySpec.parse("toy:two-green-triangles")
        #expect(spec.render().image == spec.render().image)
        #expect(spec.render(seed: 1).image != spec.render(seed: 2).image)
        let big = spec.render(width: 64, height: 48).image
        #expect(big.width == 64 && big.height == 48)
    }
}
