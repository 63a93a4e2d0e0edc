import CLIPCore
import CLIPImage
import CLIPText
import Foundation

extension CLIPPipeline {
    /// The file beside a toy checkpoint that lists the word tokenizer's vocabulary.
    public static let toyVocabularyFile = "toy_vocab.json"

    /// Loads a checkpoint (Hugging Face folder, OpenAI/open_clip file, or a name in the local
    /// Hugging Face cache) with its tokenizer: the folder's own vocabulary, the toy world's word
    /// list when `toy_vocab.json` is beside the weights, else the bundled BPE.
    public static func load(_ reference: String, pictureSources: [PictureSource] = []) throws -> CLIPPipeline {
        let checkpoint = try CheckpointLoader.load(reference)
        let path = checkpoint.location.path
        let folder = isDirectory(path) ? URL(fileURLWithPath: path) : URL(fileURLWithPath: path).deletingLastPathComponent()
        let toyVocab = folder.appendingPathComponent(toyVocabularyFile)
        if FileManager.default.fileExists(atPath: toyVocab.path) {
            let tokenizer = try readToyVocabulary(toyVocab)
            let vocab = checkpoint.model.config.textConfig.vocabSize
            guard tokenizer.vocabularySize == vocab else {
                throw ModelError.checkpoint(path: toyVocab.path, message: "has \(tokenizer.vocabularySize) tokens but the model's vocab_size is \(vocab) — the files do not belong together")
            }
            return CLIPPipeline(clip: checkpoint.model, tokenizer: tokenizer, displayName: "toy", origin: path,
                                weights: .checkpoint, pictureSources: pictureSources)
        }
        let isHubName = reference.contains("/") && !isDirectory(reference) && !FileManager.default.fileExists(atPath: reference)
        return CLIPPipeline(clip: checkpoint.model, tokenizer: try checkpoint.tokenizer(),
                            displayName: isHubName ? reference : URL(fileURLWithPath: path).lastPathComponent,
                            origin: path, weights: .checkpoint, pictureSources: pictureSources)
    }

    /// A published architecture (`vit-b-32`, …) with random weights from `seed` and the bundled
    /// BPE. Drawing 150 M numbers takes seconds: `isCancelled` stops it.
    public static func preset(_ name: String, seed: Int, pictureSources: [PictureSource] = [],
                              isCancelled: @escaping @Sendable () -> Bool = { false }) throws -> CLIPPipeline? {
        let key = name.lowercased()
        guard let preset = CLIPConfig.presets.first(where: { $0.name == key }) else { return nil }
        let clip = try CLIP(config: preset.config,
                            parameters: .random(seed: UInt64(truncatingIfNeeded: seed), isCancelled: isCancelled))
        if isCancelled() { throw CancellationError() }
        let shown = CLIPConfig.displayName(ofPreset: key)
        return CLIPPipeline(clip: clip, tokenizer: try CLIPTokenizer.bundled(), displayName: shown,
                            origin: "random weights (seed \(seed)) — the \(shown) shape, not trained",
                            weights: .random, pictureSources: pictureSources)
    }

    /// Saves the model as a Hugging Face folder, plus `toy_vocab.json` for a word tokenizer,
    /// so that `load` gives back the same pipeline.
    public func save(to path: String) throws {
        let folder = URL(fileURLWithPath: (path as NSString).expandingTildeInPath)
        try CheckpointLoader.save(clip, to: folder)
        if let toy = tokenizer as? ToyTokenizer {
            let data = try JSONSerialization.data(withJSONObject: ["words": toy.words], options: [.prettyPrinted, .sortedKeys])
            do { try data.write(to: folder.appendingPathComponent(Self.toyVocabularyFile)) } catch {
                throw ModelError.checkpoint(path: folder.path, message: "cannot write \(Self.toyVocabularyFile): \(error.localizedDescription)")
            }
        }
    }

    static func readToyVocabulary(_ url: URL) throws -> ToyTokenizer {
        let data: Data
        do { data = Data(try FileAccess.read(url.path, maxBytes: 16 << 20)) } catch { throw ModelError.file(error) }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let words = object["words"] as? [String], !words.isEmpty else {
            throw ModelError.checkpoint(path: url.path, message: "not a toy vocabulary (expected {\"words\": [...]})")
        }
        return ToyTokenizer(words: words)
    }

    static func isDirectory(_ path: String) -> Bool {
        var dir: ObjCBool = false
        return FileManager.default.fileExists(atPath: (path as NSString).expandingTildeInPath, isDirectory: &dir) && dir.boolValue
    }
}

extension CLIPConfig {
    /// `vit-b-32` → `ViT-B/32`.
    public static func displayName(ofPreset key: String) -> String {
        switch key {
        case "vit-b-32": "ViT-B/32"
        case "vit-b-16": "ViT-B/16"
        case "vit-l-14": "ViT-L/14"
        case "vit-l-14-336": "ViT-L/14@336"
        default: key
        }
    }
}
