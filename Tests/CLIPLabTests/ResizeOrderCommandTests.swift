import Foundation
import Testing
@testable import CLIPLab

/// `--resize-order` through the built binary.
@Suite("--resize-order", .serialized)
struct ResizeOrderCommandTests {
    static let rgba = Support.root.appendingPathComponent("Tests/Fixtures/image/order/rgba_ramp.png").path
    static let palette = Support.root.appendingPathComponent("Tests/Fixtures/image/order/palette.png").path

    @Test("preprocess says which filter the OpenAI order uses for a file's mode", arguments: [
        (rgba, "openai", "bicubic, premultiplied alpha"), (palette, "openai", "nearest (palette image)"),
        (palette, "hf", "bicubic"), (rgba, nil, "bicubic"),
    ] as [(String, String?, String)])
    func preprocess(file: String, order: String?, resampling: String) throws {
        let run = try Support.cli(["preprocess", file, "--size", "16", "--json"] + (order.map { ["--resize-order", $0] } ?? []))
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains(#""resampling":"\#(resampling)""#), "\(run.stdout)")
        #expect(run.stdout.contains(#""resize_order":"\#(order ?? "hf")""#))
    }

    @Test("The order changes a transparent file's embedding and leaves the session's model as it was")
    func embed() throws {
        let model = Support.root.appendingPathComponent("Tests/Fixtures/model/tiny-a/hf").path
        let run = try Support.cli([], stdin: """
            load \(model)
            embed --image \(Self.rgba) --json
            embed --image \(Self.rgba) --resize-order openai --json
            embed --image \(Self.rgba) --json

            """)
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").filter { $0.hasPrefix("{") }
        #expect(lines.count == 3)
        if lines.count == 3 { #expect(lines[0] != lines[1] && lines[0] == lines[2]) }
    }

    @Test("explain scores the same pixels as embed, in either order", arguments: [nil, "openai"] as [String?])
    func explain(order: String?) throws {
        let model = Support.root.appendingPathComponent("Tests/Fixtures/model/tiny-a/hf").path
        let flag = order.map { ["--resize-order", $0] } ?? []
        let explain = try Support.cli(["explain", Self.rgba, "a red circle", "--model", model, "--json"] + flag)
        let embed = try Support.cli(["embed", "--model", model, "--image", Self.rgba, "--text", "a red circle", "--json"] + flag)
        #expect(explain.status == 0 && embed.status == 0, "\(explain.stderr)\(embed.stderr)")
        struct Score: Decodable { let score: Float }
        struct Embeds: Decodable { let image_embeds: [[Float]], text_embeds: [[Float]] }
        let score = try JSONDecoder().decode(Score.self, from: Data(explain.stdout.utf8)).score
        let e = try JSONDecoder().decode(Embeds.self, from: Data(embed.stdout.utf8))
        let cosine = zip(e.image_embeds[0], e.text_embeds[0]).map { $0 * $1 }.reduce(0, +)
        #expect(abs(score - cosine) < 1e-5, "explain \(score), embed \(cosine)")
        let other = try Support.cli(["explain", Self.rgba, "a red circle", "--model", model, "--json",
                                     "--resize-order", order == nil ? "openai" : "hf"])
        #expect(try JSONDecoder().decode(Score.self, from: Data(other.stdout.utf8)).score != score)
    }

    @Test("An unknown order is refused with the choices")
    func unknown() throws {
        let run = try Support.cli(["preprocess", Self.rgba, "--size", "16", "--resize-order", "pil"])
        #expect(run.status != 0)
        #expect(run.stderr.hasPrefix("error: --resize-order cannot be 'pil' — expected hf") && run.stderr.contains("openai"), "\(run.stderr)")
    }
}
