import CLIPCore
import CLIPData
import CLIPModel
import CLIPText
import CLIPTraining
import Foundation

/// Turns what follows `load` into a model: `toy`, a preset name, a folder or file, or a
/// hub name found in the local Hugging Face cache.
public enum ModelResolver {
    /// The file beside a toy checkpoint that lists the word tokenizer's vocabulary.
    public static let toyVocabularyFile = "toy_vocab.json"
    /// The names `load` knows besides paths: `toy`, `toy:new` and the presets.
    public static let names = ["toy", "toy:new"] + CLIPConfig.presets.map(\.name)

    /// A fresh toy model (random weights from `seed`) with the toy-world word tokenizer.
    public static func freshToy(seed: Int) throws -> LoadedModel {
        let tokenizer = ToyTokenizer(words: ToyWorld.vocabulary)
        let config = toyConfig(for: tokenizer)
        let clip = try CLIP(config: config, parameters: .random(seed: UInt64(truncatingIfNeeded: seed)))
        return LoadedModel(clip: clip, tokenizer: tokenizer, displayName: "toy",
                           origin: "random weights (seed \(seed)) — untrained", isToy: true)
    }

    /// The toy preset sized to a word tokenizer (vocabulary, EOT id, context).
    public static func toyConfig(for tokenizer: ToyTokenizer, base: CLIPConfig = .toy) -> CLIPConfig {
        var config = base
        config.textConfig.vocabSize = tokenizer.vocabularySize
        config.textConfig.eosTokenId = tokenizer.endToken
        return config
    }

    /// Loads `reference`; `trained` is the session's trained toy model, preferred for `toy`.
    /// Drawing a preset's random weights takes seconds: `isCancelled` (Ctrl-C) stops it.
    public static func load(_ reference: String, seed: Int, trained: LoadedModel?,
                            isCancelled: @escaping @Sendable () -> Bool = { false }) throws -> LoadedModel {
        let key = reference.lowercased()
        if key == "toy" { return try trained ?? freshToy(seed: seed) }
        if key == "toy:new" || key == "toy-new" { return try freshToy(seed: seed) }
        if let preset = CLIPConfig.presets.first(where: { $0.name == key }), key != "toy" {
            let clip = try CLIP(config: preset.config, parameters: .random(seed: UInt64(truncatingIfNeeded: seed), isCancelled: isCancelled))
            if isCancelled() { throw LabError.interrupted }
            return LoadedModel(clip: clip, tokenizer: try CLIPTokenizer.bundled(), displayName: presetDisplayName(key),
                               origin: "random weights (seed \(seed)) — the \(presetDisplayName(key)) shape, not trained",
                               isToy: false)
        }
        if !reference.contains("/"), !FileManager.default.fileExists(atPath: reference),
           let near = EditDistance.suggestions(for: key, among: names, limit: 1).first {
            throw LabError.missing("no model or file '\(LabError.printable(reference))' — did you mean \(near)? ('help load' lists the names)")
        }
        let checkpoint = try CheckpointLoader.load(reference)
        let path = checkpoint.location.path
        let folder = URL(fileURLWithPath: path).hasDirectoryPath || isDirectory(path)
            ? URL(fileURLWithPath: path) : URL(fileURLWithPath: path).deletingLastPathComponent()
        let toyVocab = folder.appendingPathComponent(toyVocabularyFile)
        if FileManager.default.fileExists(atPath: toyVocab.path) {
            let tokenizer = try readToyVocabulary(toyVocab)
            guard tokenizer.vocabularySize == checkpoint.model.config.textConfig.vocabSize else {
                throw LabError.file(path: toyVocab.path, reason: "has \(tokenizer.vocabularySize) tokens but the model's vocab_size is \(checkpoint.model.config.textConfig.vocabSize) — the files do not belong together")
            }
            return LoadedModel(clip: checkpoint.model, tokenizer: tokenizer, displayName: "toy", origin: path, isToy: true)
        }
        let name = reference.contains("/") && !isDirectory(reference) && !FileManager.default.fileExists(atPath: reference)
            ? reference : URL(fileURLWithPath: path).lastPathComponent
        return LoadedModel(clip: checkpoint.model, tokenizer: try checkpoint.tokenizer(), displayName: name,
                           origin: path, isToy: false)
    }

    /// Saves a model as a Hugging Face folder (plus the toy vocabulary for toy models).
    public static func save(_ model: LoadedModel, to path: String) throws {
        let folder = URL(fileURLWithPath: (path as NSString).expandingTildeInPath)
        try CheckpointLoader.save(model.clip, to: folder)
        if let toy = model.tokenizer as? ToyTokenizer {
            let data = try JSONSerialization.data(withJSONObject: ["words": toy.words], options: [.prettyPrinted, .sortedKeys])
            do { try data.write(to: folder.appendingPathComponent(toyVocabularyFile)) } catch {
                throw LabError.file(path: folder.path, reason: "cannot write \(toyVocabularyFile): \(error.localizedDescription)")
            }
        }
    }

    static func readToyVocabulary(_ url: URL) throws -> ToyTokenizer {
        let data: Data
        do { data = Data(try FileAccess.read(url.path, maxBytes: 16 << 20)) } catch {
            throw LabError.file(path: url.path, reason: error.problem)
        }
        guard
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let words = object["words"] as? [String], !words.isEmpty else {
            throw LabError.file(path: url.path, reason: "not a toy vocabulary (expected {\"words\": [...]})")
        }
        return ToyTokenizer(words: words)
    }

    static func isDirectory(_ path: String) -> Bool {
        var dir: ObjCBool = false
        return FileManager.default.fileExists(atPath: (path as NSString).expandingTildeInPath, isDirectory: &dir) && dir.boolValue
    }

    /// `vit-b-32` → `ViT-B/32`.
    static func presetDisplayName(_ key: String) -> String {
        switch key {
        case "vit-b-32": "ViT-B/32"
        case "vit-b-16": "ViT-B/16"
        case "vit-l-14": "ViT-L/14"
        case "vit-l-14-336": "ViT-L/14@336"
        default: key
        }
    }
}
