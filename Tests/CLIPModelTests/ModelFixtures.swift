import CLIPCore
import Foundation
import Testing
@testable import CLIPModel

/// Fixtures written by Tests/Reference/make_model_fixtures.py (transformers + open_clip).
enum ModelFixtures {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/model")

    static let names = ["tiny-a", "tiny-b"]

    struct Inputs: Decodable {
        var captions: [String]
        var ids: [[Int]]
    }

    struct Values: Decodable {
        var loss: Float
        var logit_scale: Float
        var vision_hidden_states: Int
        var text_hidden_states: Int
    }

    static func hfFolder(_ name: String) -> URL { folder.appendingPathComponent("\(name)/hf") }

    static func openAIFile(_ name: String) -> URL {
        let file = name == "tiny-a" ? "tiny-a-openai.safetensors" : "open_clip_model.safetensors"
        return folder.appendingPathComponent("\(name)/openai/\(file)")
    }

    static func inputs(_ name: String) throws -> Inputs {
        try JSONDecoder().decode(Inputs.self, from: Data(contentsOf: folder.appendingPathComponent("\(name)/inputs.json")))
    }

    static func values(_ name: String) throws -> Values {
        try JSONDecoder().decode(Values.self, from: Data(contentsOf: folder.appendingPathComponent("\(name)/expected/values.json")))
    }

    static func pixels(_ name: String) throws -> Tensor {
        try NPY.readTensor(folder.appendingPathComponent("\(name)/pixels.npy"))
    }

    static func expected(_ name: String, _ array: String) throws -> Tensor {
        try NPY.readTensor(folder.appendingPathComponent("\(name)/expected/\(array).npy"))
    }

    /// A fresh temporary folder, removed by the caller.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cliplab-model-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

