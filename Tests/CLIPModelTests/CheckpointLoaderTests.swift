import CLIPCore
import Foundation
import Testing
@testable import CLIPModel
import CLIPTestSupport

/// Loading, saving, finding models, and the errors bad checkpoints get.
@Suite("Checkpoint loading")
struct CheckpointLoaderTests {
    /// A copy of tiny-a's Hugging Face folder with `edit` applied to its tensors (written as F32).
    static func editedFolder(_ edit: (inout [String: Tensor]) -> Void) throws -> URL {
        let source = ModelFixtures.hfFolder("tiny-a")
        let file = try SafeTensorsFile(path: source.appendingPathComponent("model.safetensors").path)
        var tensors: [String: Tensor] = [:]
        for name in file.names { tensors[name] = try file.tensor(named: name) }
        edit(&tensors)
        let folder = try ModelFixtures.temporaryFolder()
        try FileManager.default.copyItem(at: source.appendingPathComponent("config.json"), to: folder.appendingPathComponent("config.json"))
        try SafeTensors.write(tensors, to: folder.appendingPathComponent("model.safetensors"))
        return folder
    }

    static func loadError(_ reference: String, environment: [String: String] = [:]) -> Error? {
        do {
            _ = try CheckpointLoader.load(reference, environment: environment)
            return nil
        } catch {
            return error
        }
    }

    @Test("A missing tensor is named with its file")
    func missingTensor() throws {
        let folder = try Self.editedFolder { $0["text_model.final_layer_norm.bias"] = nil }
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("model.safetensors").path
        let error = Self.loadError(folder.path)
        #expect(error as? ModelError == .missingTensor(key: "text_model.final_layer_norm.bias", file: file))
        #expect("\(error!)".contains(file) && "\(error!)".contains("text_model.final_layer_norm.bias"))
    }

    @Test("A wrongly shaped tensor is named with expected and actual shape")
    func wrongShape() throws {
        let folder = try Self.editedFolder { $0["visual_projection.weight"] = Tensor.zeros([16, 31]) }
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("model.safetensors").path
        let error = Self.loadError(folder.path)
        #expect(error as? ModelError == .shapeMismatch(key: "visual_projection.weight", expected: [16, 32], got: [16, 31], file: file))
        #expect("\(error!)".contains("[16, 31]") && "\(error!)".contains("[16, 32]"))
    }

    @Test("An unexpected tensor is named")
    func unexpectedTensor() throws {
        let folder = try Self.editedFolder { $0["vision_model.extra.weight"] = Tensor.zeros([2]) }
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("model.safetensors").path
        #expect(Self.loadError(folder.path) as? ModelError == .unexpectedTensor(key: "vision_model.extra.weight", file: file))
    }

    @Test("Several problems report the first and count the rest")
    func severalProblems() throws {
        let folder = try Self.editedFolder {
            $0["logit_scale"] = nil
            $0["text_model.encoder.layers.1.mlp.fc1.weight"] = nil
            $0["surplus"] = Tensor.zeros([1])
        }
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("model.safetensors").path
        let error = Self.loadError(folder.path)
        #expect(error as? ModelError == .several(.missingTensor(key: "text_model.encoder.layers.1.mlp.fc1.weight", file: file), more: 2))
        #expect("\(error!)".contains("and 2 more tensor problems"))
    }

    @Test("Bad config.json files are refused with the file and the problem", arguments: [
        ("{not json", "not a valid JSON object"),
        (#"{"model_type": "bert", "text_config": {}, "vision_config": {}}"#, "model_type is 'bert'"),
        (#"{"model_type": "clip", "vision_config": {}}"#, "no 'text_config'"),
        (#"{"text_config": {"hidden_size": "wide"}, "vision_config": {}}"#, "'text_config.hidden_size' should be"),
        (#"{"text_config": {"hidden_size": 10, "num_attention_heads": 3}, "vision_config": {}}"#, "must divide hidden_size"),
    ])
    func badConfig(json: String, message: String) throws {
        let folder = try Self.editedFolder { _ in }
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("config.json")
        try Data(json.utf8).write(to: config)
        let error = Self.loadError(folder.path)
        #expect(error is ModelError)
        #expect("\(error!)".hasPrefix(config.path) && "\(error!)".contains(message), "\(error!)")
    }

    @Test("A folder whose config.json is missing says so")
    func missingConfig() throws {
        let folder = try Self.editedFolder { _ in }
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.removeItem(at: folder.appendingPathComponent("config.json"))
        let viaLocator = Self.loadError(folder.path)
        #expect("\(viaLocator!)".contains("need their config.json"), "\(viaLocator!)")
        #expect(throws: ModelError.checkpoint(path: folder.appendingPathComponent("config.json").path,
                                              message: "missing — a Hugging Face CLIP folder has config.json beside model.safetensors")) {
            try CheckpointLoader.loadHuggingFace(folder: folder)
        }
    }

    @Test("A truncated safetensors file is refused naming the file")
    func truncatedWeights() throws {
        let folder = try Self.editedFolder { _ in }
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("model.safetensors")
        let bytes = try Data(contentsOf: file)
        try bytes.prefix(bytes.count / 2).write(to: file)
        let error = Self.loadError(folder.path)
        #expect(error is TensorFileError)
        #expect("\(error!)".contains(file.path) && "\(error!)".contains("truncated"), "\(error!)")
    }

    @Test("Folders without model files are refused with what is missing", arguments: [
        ([], "no model files"),
        (["config.json"], "no model.safetensors"),
        (["pytorch_model.bin"], "convert them to safetensors"),
        (["a.safetensors", "b.safetensors"], "several .safetensors files"),
    ])
    func noModelFiles(files: [String], message: String) throws {
        let folder = try ModelFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in files { try Data("{}".utf8).write(to: folder.appendingPathComponent(name)) }
        let error = Self.loadError(folder.path)
        #expect("\(error!)".hasPrefix(folder.path) && "\(error!)".contains(message), "\(error!)")
    }

    @Test("A sharded folder (model.safetensors.index.json) loads to the same model")
    func shardedFolder() throws {
        let single = try CheckpointLoader.load(ModelFixtures.hfFolder("tiny-b").path).model
        let file = try SafeTensorsFile(path: ModelFixtures.hfFolder("tiny-b").appendingPathComponent("model.safetensors").path)
        let folder = try ModelFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var shards: [[String: Tensor]] = [[:], [:]]
        var weightMap: [String: String] = [:]
        for name in file.names where !name.hasSuffix("position_ids") {
            let shard = name.hasPrefix("text_model.") ? 0 : 1
            shards[shard][name] = try file.tensor(named: name)
            weightMap[name] = "model-0000\(shard + 1)-of-00002.safetensors"
        }
        for (i, tensors) in shards.enumerated() {
            try SafeTensors.write(tensors, to: folder.appendingPathComponent("model-0000\(i + 1)-of-00002.safetensors"))
        }
        let index: [String: Any] = ["metadata": ["total_size": 1], "weight_map": weightMap]
        try JSONSerialization.data(withJSONObject: index).write(to: folder.appendingPathComponent("model.safetensors.index.json"))
        try FileManager.default.copyItem(at: ModelFixtures.hfFolder("tiny-b").appendingPathComponent("config.json"),
                                         to: folder.appendingPathComponent("config.json"))
        let sharded = try CheckpointLoader.load(folder.path)
        #expect(sharded.location.path == folder.path && sharded.naming == .huggingFace)
        for ((key, a), (_, b)) in zip(single.namedParameters(), sharded.model.namedParameters()) { #expect(a.data == b.data, "\(key)") }
    }

    @Test("A hub name is found in the local Hugging Face cache, honouring HF_HOME")
    func hubCache() throws {
        let home = try ModelFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: home) }
        let repo = home.appendingPathComponent("hub/models--tests--tiny-a")
        let snapshot = repo.appendingPathComponent("snapshots/0123abc")
        try FileManager.default.createDirectory(at: snapshot, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: repo.appendingPathComponent("refs"), withIntermediateDirectories: true)
        try Data("0123abc".utf8).write(to: repo.appendingPathComponent("refs/main"))
        for name in ["config.json", "model.safetensors"] {   // the hub cache links snapshot files to blobs
            try FileManager.default.createSymbolicLink(at: snapshot.appendingPathComponent(name),
                                                       withDestinationURL: ModelFixtures.hfFolder("tiny-a").appendingPathComponent(name))
        }
        let checkpoint = try CheckpointLoader.load("tests/tiny-a", environment: ["HF_HOME": home.path, "HOME": "/nonexistent"])
        #expect(checkpoint.location.path == snapshot.path && checkpoint.naming == .huggingFace)
        #expect(checkpoint.model.config.visionConfig.hiddenSize == 32)
    }

    @Test("A hub name absent from the cache says where it looked and how to get it")
    func hubNameMissing() throws {
        let error = Self.loadError("openai/clip-vit-base-patch32", environment: ["HF_HOME": "/nonexistent/hf", "HOME": "/nonexistent"])
        #expect(error as? ModelError == .modelNotFound(reference: "openai/clip-vit-base-patch32",
                                                       searched: ["/nonexistent/hf/hub", "/nonexistent/.cache/huggingface/hub"]))
        #expect("\(error!)".contains("huggingface-cli download openai/clip-vit-base-patch32"))
    }

    @Test("An OpenAI file with narrow towers and no open_clip_config.json asks for one")
    func narrowOpenAIFile() throws {
        let file = ModelFixtures.openAIFile("tiny-a")
        let error = Self.loadError(file.path)
        #expect("\(error!)".hasPrefix(file.path) && "\(error!)".contains("open_clip_config.json"), "\(error!)")
    }

    @Test("A saved model loads back with the same config, weights and outputs")
    func saveAndLoad() throws {
        let model = try CLIP(config: .toy, parameters: .random(seed: 7))
        let folder = try ModelFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try CheckpointLoader.save(model, to: folder.appendingPathComponent("saved"))
        let loaded = try CheckpointLoader.load(folder.appendingPathComponent("saved").path)
        #expect(loaded.model.config == model.config)
        #expect(loaded.storedTypes == ["F32"])
        for ((key, a), (_, b)) in zip(model.namedParameters(), loaded.model.namedParameters()) {
            #expect(a.data == b.data, "\(key)")
        }
        let pixels = Tensor(shape: [1, 3, 32, 32], data: (0..<3072).map { Float($0 % 17) / 17 })
        #expect(try model.encodeImage(pixels).data == loaded.model.encodeImage(pixels).data)
    }
}

/// Writing a model's parameters under OpenAI names (the inverse of `WeightMap`), for tests.
enum OpenAIExport {
    static func tensors(of model: CLIP) -> [String: Tensor] {
        var out: [String: Tensor] = [:]
        for (key, parameter) in model.namedParameters() {
            let source = WeightMap.source(for: key, naming: .openAI)
            let stored = source.storedShape(for: parameter.shape)
            switch source.transform {
            case .identity:
                out[source.key] = Tensor(shape: stored, data: parameter.data)
            case .transpose:
                let (rows, cols) = (parameter.shape[0], parameter.shape[1])
                var data = [Float](repeating: 0, count: rows * cols)
                for i in 0..<rows { for j in 0..<cols { data[j * rows + i] = parameter.data[i * cols + j] } }
                out[source.key] = Tensor(shape: stored, data: data)
            case let .rows(part, _):
                let fused = out[source.key] ?? Tensor.zeros(stored)
                let n = parameter.count
                fused.data.replaceSubrange((part * n)..<((part + 1) * n), with: parameter.data)
                out[source.key] = fused
            }
        }
        return out
    }
}

@Suite("OpenAI ResNet checkpoints")
struct ResNetCheckpointTests {
    @Test("A whole OpenAI-named ResNet CLIP file loads with both towers sized from its shapes")
    func resNetFile() throws {
        let reference = try ResNetFixture.model()
        let folder = try ModelFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var tensors = OpenAIExport.tensors(of: reference)
        tensors["visual.bn1.num_batches_tracked"] = Tensor(shape: [], data: [7])   // training bookkeeping, skipped
        let file = folder.appendingPathComponent("RN-tiny.safetensors")
        try SafeTensors.write(tensors, to: file)
        // The fixture's text tower has one head of width 64, which the 64-wide-heads rule infers.
        let loaded = try CheckpointLoader.load(file.path)
        guard case let .resnet(tower) = loaded.model.imageTower else { Issue.record("expected a ResNet tower"); return }
        #expect(tower.config == (try ResNetFixture.configs().1))
        #expect(loaded.model.config.textConfig == reference.config.textConfig)
        for ((key, a), (_, b)) in zip(reference.namedParameters(), loaded.model.namedParameters()) { #expect(a.data == b.data, "\(key)") }
        let pixels = try ResNetFixture.npy("pixels.npy")
        let (a, b) = try GradMode.noGrad { (try reference.encodeImage(pixels), try loaded.model.encodeImage(pixels)) }
        #expect(maxAbsDifference(a, b) == 0)
    }
}
