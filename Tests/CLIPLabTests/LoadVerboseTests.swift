import Foundation
import Testing
@testable import CLIPLab

/// `load --verbose` through the built binary: the keys of a Hugging Face config.json and of
/// an open_clip_config.json that the model does not read, each listed once.
@Suite("load --verbose", .serialized)
struct LoadVerboseTests {
    static let tiny = Support.root.appendingPathComponent("Tests/Fixtures/model/tiny-a/hf")

    /// A copy of the tiny-a Hugging Face folder whose config.json has `edit` applied.
    static func editedFolder(_ edit: (inout [String: Any]) -> Void) throws -> URL {
        let folder = Support.temporaryDirectory().appendingPathComponent("tiny")
        try FileManager.default.copyItem(at: tiny, to: folder)
        let url = folder.appendingPathComponent("config.json")
        var object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
        edit(&object)
        try FileManager.default.removeItem(at: url)
        try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]).write(to: url)
        return folder
    }

    @Test("A Hugging Face folder's unknown and inert config.json keys are listed once each")
    func huggingFaceFolder() throws {
        let folder = try Self.editedFolder {
            var text = $0["text_config"] as? [String: Any] ?? [:]
            text["rope_theta"] = 10_000
            $0["text_config"] = text
        }
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let run = try Support.cli(["load", "--verbose", folder.path])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0 == "  text_config.rope_theta = 10000 (unknown here: not read)" }.count == 1, "\(run.stdout)")
        #expect(lines.contains("config.json keys not read:"))
        #expect(lines.contains("  text_config.attention_dropout = 0 (training only: dropout is off at inference)"))
        #expect(lines.filter { $0.contains("unknown here") }.count == 1)
        #expect(!run.stdout.contains("hidden_size") && !run.stdout.contains("num_attention_heads"), "read keys are not listed")

        let json = try Support.cli(["load", "--verbose", "--json", folder.path])
        #expect(json.stdout.contains(#""config_file":"config.json""#) && json.stdout.contains("text_config.rope_theta = 10000"))
    }

    @Test("An activation transformers computes differently is refused on load with one line naming key and value")
    func refusedActivation() throws {
        let folder = try Self.editedFolder {
            var vision = $0["vision_config"] as? [String: Any] ?? [:]
            vision["hidden_act"] = "gelu_new"
            $0["vision_config"] = vision
        }
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let run = try Support.cli(["load", "--verbose", folder.path])
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("error: ") && run.stderr.contains(#"vision_config.hidden_act = "gelu_new" is not supported"#), "\(run.stderr)")
        #expect(run.stderr.filter { $0 == "\n" }.count == 1)
    }

    @Test("An open_clip file lists its open_clip_config.json keys; a preset has no config file")
    func openCLIPAndPreset() throws {
        let file = Support.root.appendingPathComponent("Tests/Fixtures/vit-heads/openclip/open_clip_model.safetensors")
        let run = try Support.cli(["load", "--verbose", file.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("every open_clip_config.json key is read"), "\(run.stdout)")
        let toy = try Support.cli(["load", "--verbose", "toy"])
        #expect(toy.stdout.contains("no config file"), "\(toy.stdout)")
    }
}
