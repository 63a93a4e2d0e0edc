/// A word-level tokenizer for the toy world's captions, behind the same protocol as CLIP's BPE.
///
/// Ids: the words in the order given (`0 ..< words.count`), then `<|unknown|>`, `<|startoftext|>`,
/// `<|endoftext|>`, so EOT is the largest id as in CLIP. Text is cleaned and split exactly as for
/// CLIP, and each word (or punctuation run) is looked up whole.
/// Example: `ToyTokenizer(words: ["a", "red", "circle"]).encode("A red square").ids` → `[4, 0, 1, 3, 5]`,
/// with `unknownWords == ["square"]`.
public struct ToyTokenizer: TextTokenizer {
    /// The vocabulary words, lower-cased, without duplicates.
    public let words: [String]
    private let index: [String: Int]

    public static let unknownText = "<|unknown|>"

    /// A vocabulary from a word list (lower-cased; duplicates and empty words dropped, order kept).
    public init(words: [String]) {
        var seen: [String: Int] = [:]
        var list: [String] = []
        for w in words {
            let word = w.lowercased()
            if word.isEmpty || seen[word] != nil { continue }
            seen[word] = list.count
            list.append(word)
        }
        self.words = list
        self.index = seen
    }

    /// A vocabulary holding every word of the given captions, in order of first appearance.
    public static func fitted(to captions: [String]) -> ToyTokenizer {
        ToyTokenizer(words: captions.flatMap { PatternSplitter.split(TextCleaner.clean($0)) })
    }

    public var unknownToken: Int { words.count }
    public var startToken: Int { words.count + 1 }
    public var endToken: Int { words.count + 2 }
    public var vocabularySize: Int { words.count + 3 }

    /// The id of a word, or `unknownToken`.
    public func id(for word: String) -> Int {
        index[word.lowercased()] ?? unknownToken
    }

    public func token(for id: Int) -> String? {
        switch id {
        case 0..<words.count: return words[id]
        case unknownToken: return Self.unknownText
        case startToken: return "<|startoftext|>"
        case endToken: return "<|endoftext|>"
        default: return nil
        }
    }

    public func encode(_ text: String, contextLength: Int) -> TokenizedText {
        let length = max(2, contextLength)
        let pieces = PatternSplitter.split(TextCleaner.clean(text))
        var ids = [startToken]
        var unknown: [String] = []
        for piece in pieces.prefix(length - 2) {
            switch piece {
            case "<|startoftext|>": ids.append(startToken)
            case "<|endoftext|>": ids.append(endToken)
            default:
                if let id = index[piece] {
                    ids.append(id)
                } else {
                    ids.append(unknownToken)
                    // Punctuation is not a word to report ("a photo of a cat." ends in one).
                    let isWord = piece.unicodeScalars.contains { $0.properties.isAlphabetic || $0.properties.numericType != nil }
                    if isWord && !unknown.contains(piece) { unknown.append(piece) }
                }
            }
        }
        ids.append(endToken)
        return TokenizedText(text: text, ids: ids, tokens: ids.map { token(for: $0) ?? Self.unknownText },
                             truncated: pieces.count > length - 2, unknownWords: unknown)
    }

    /// Words joined by spaces; SOT/EOT dropped, unknown ids shown as `<|unknown|>`.
    public func decode(_ ids: [Int]) -> String {
        ids.filter { $0 != startToken && $0 != endToken }
            .map { token(for: $0) ?? Self.unknownText }
            .joined(separator: " ")
    }
}
