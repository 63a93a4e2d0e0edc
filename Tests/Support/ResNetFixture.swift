import CLIPCore
import CLIPText
import Foundation
import CLIPModel

/// The reduced-width ResNet CLIP of Tests/Fixtures/resnet (made by make_resnet_fixtures.py).
public enum ResNetFixture {
    public static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/resnet")
    public static func url(_ name: String) -> URL { directory.appendingPathComponent(name) }

    public static func configs() throws -> (CLIPConfig, ResNetConfig) {
        let data = try Data(contentsOf: url("config.json"))
        let clip = try JSONDecoder().decode(CLIPConfig.self, from: data)
        struct Wrapper: Decodable { let resnet_config: ResNetConfig }
        return (clip, try JSONDecoder().decode(Wrapper.self, from: data).resnet_config)
    }

    /// The model: the ResNet from the OpenAI-named file, everything else from the
    /// native-named text file.
    public static func model() throws -> CLIP {
        let (config, resnet) = try configs()
        let model = try CLIP(config: config, resnet: resnet, parameters: .empty)
        let openai = try SafeTensorsFile(url: url("openai.safetensors"))
        let text = try SafeTensorsFile(url: url("native-text.safetensors"))
        guard case let .resnet(tower) = model.imageTower else { throw ModelError.badInput("not a ResNet model") }
        let visual = try tower.load(from: openai, file: "openai.safetensors")
        for (key, tensor) in model.namedParameters() where !visual.contains(key) {
            tensor.data = try text.tensor(named: key).data
        }
        return model
    }

    public static func npy(_ name: String) throws -> Tensor { try NPY.readTensor(url(name)) }
}

/// The fixture's word-level prompt ids (prompt → ids), as the reference script tokenized them.
public struct FixtureTokenizer: TextTokenizer {
    public let table: [String: [Int]]
    public let vocabularySize: Int

    public init() throws {
        table = try JSONDecoder().decode([String: [Int]].self, from: Data(contentsOf: ResNetFixture.url("prompt_ids.json")))
        vocabularySize = (table.values.flatMap { $0 }.max() ?? 0) + 1
    }

    public var startToken: Int { vocabularySize - 2 }
    public var endToken: Int { vocabularySize - 1 }

    public func encode(_ text: String, contextLength: Int) -> TokenizedText {
        // An unknown prompt becomes [SOT, EOT]; tests that need it assert on the table first.
        let ids = table[text] ?? [startToken, endToken]
        return TokenizedText(text: text, ids: ids, tokens: ids.map { "\($0)" }, truncated: false)
    }

    public func decode(_ ids: [Int]) -> String { ids.map(String.init).joined(separator: " ") }
    public func token(for id: Int) -> String? { "\(id)" }
}

extension ResNetFixture {
    /// The fixture model with the reference script's prompt ids as its tokenizer.
    public static func pipeline() throws -> CLIPPipeline {
        CLIPPipeline(clip: try model(), tokenizer: try FixtureTokenizer(), displayName: "resnet-fixture",
                     origin: directory.path, weights: .checkpoint)
    }
}
