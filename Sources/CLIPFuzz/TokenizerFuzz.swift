import CLIPText
import Foundation

/// The real CLIP tokenizer on any text: cleaning, the split pattern, BPE and truncation.
/// Every encoding is `[SOT, …, EOT]` within the context, with ids in the vocabulary.
enum TokenizerFuzz {
    /// Loaded once; nil only when the bundled vocabulary is missing.
    static let tokenizer = try? CLIPTokenizer.bundled()

    static func run(_ bytes: [UInt8]) throws(FuzzFinding) -> Bool {
        guard let tokenizer else { throw FuzzFinding(description: "the bundled vocabulary did not load") }
        let text = String(decoding: bytes, as: UTF8.self)
        let all = tokenizer.encodeAll(text)
        try expect(all.allSatisfy { (0..<tokenizer.vocabularySize).contains($0) }, "id outside the vocabulary")
        for length in [77, 3] {
            let encoded = tokenizer.encode(text, contextLength: length)
            try expect(encoded.ids.count >= 2 && encoded.ids.count <= length, "\(encoded.ids.count) ids for context \(length)")
            try expect(encoded.ids.first == tokenizer.startToken && encoded.ids.last == tokenizer.endToken, "missing SOT/EOT")
            try expect(encoded.tokens.count == encoded.ids.count, "tokens and ids differ in count")
            try expect(Array(encoded.ids.dropFirst().dropLast()) == Array(all.prefix(length - 2)),
                   "context \(length) is not the truncated full encoding")
        }
        if bytes.count < 512 {
            let traced = tokenizer.trace(text).flatMap(\.ids)
            try expect(traced == all, "trace shows \(traced.count) tokens, encode gives \(all.count)")
        }
        return true
    }
}
