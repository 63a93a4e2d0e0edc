/// Anything that turns text into token ids for a CLIP text tower: the real BPE or the toy word list.
///
/// Ids always start with `startToken` and end with `endToken`; `endToken` is the largest id, so
/// the model may find it with an argmax, as CLIP does.
/// Example: `try CLIPTokenizer.bundled().encode("a photo of a cat").ids`
/// → `[49406, 320, 1125, 539, 320, 2368, 49407]`.
public protocol TextTokenizer: Sendable {
    /// Number of distinct ids (the embedding table's row count).
    var vocabularySize: Int { get }
    /// Id of `<|startoftext|>`.
    var startToken: Int { get }
    /// Id of `<|endoftext|>`.
    var endToken: Int { get }
    /// Tokenizes one text: `[SOT, …, EOT]`, unpadded, at most `contextLength` ids (at least 2).
    /// When the text needs more, the ids are cut and the last one is replaced by EOT.
    func encode(_ text: String, contextLength: Int) -> TokenizedText
    /// Text back from ids; special tokens are dropped, unknown ids become U+FFFD.
    func decode(_ ids: [Int]) -> String
    /// The vocabulary entry for an id, e.g. `"a</w>"` for 320, or nil when out of range.
    func token(for id: Int) -> String?
}

/// CLIP's default context length.
public let defaultContextLength = 77

/// One tokenized text.
public struct TokenizedText: Equatable, Sendable, Codable {
    /// The input text, as given.
    public var text: String
    /// `[SOT, …, EOT]`, unpadded, `count ≤ contextLength`.
    public var ids: [Int]
    /// The vocabulary entry of each id (same count as `ids`).
    public var tokens: [String]
    /// True when the text had more tokens than fit and was cut.
    public var truncated: Bool
    /// Words the vocabulary lacks, each once in order (a word tokenizer maps them all to one
    /// unknown id; BPE has no unknown words, so it is always empty there).
    public var unknownWords: [String] = []

    private enum CodingKeys: String, CodingKey { case text, ids, tokens, truncated }

    public init(text: String, ids: [Int], tokens: [String], truncated: Bool, unknownWords: [String] = []) {
        self.text = text
        self.ids = ids
        self.tokens = tokens
        self.truncated = truncated
        self.unknownWords = unknownWords
    }

    /// Index of EOT (the last id).
    public var endPosition: Int { ids.count - 1 }
}

extension Sequence where Element == TokenizedText {
    /// The unknown words of all texts, each once, in order of first appearance.
    public var unknownWords: [String] {
        var seen = Set<String>()
        return flatMap(\.unknownWords).filter { seen.insert($0).inserted }
    }
}

/// A batch of texts as fixed-length rows, padded with 0 after EOT (OpenAI style).
///
/// - `ids`: `[B][contextLength]`; `flatIds`: the same, row-major `[B · contextLength]`.
/// - `endPositions[b]`: column of EOT in row `b` (pool the text features there).
/// Nothing may depend on the padding value: id 0 is also the real token `!`.
public struct TokenBatch: Equatable, Sendable {
    public var ids: [[Int]]
    public var endPositions: [Int]
    public var truncated: [Bool]
    public var contextLength: Int

    /// Row-major `[B · contextLength]` ids, ready for a `[B, T]` tensor.
    public var flatIds: [Int] { ids.flatMap { $0 } }
}

extension TextTokenizer {
    /// Tokenizes with CLIP's default context length of 77.
    public func encode(_ text: String) -> TokenizedText {
        encode(text, contextLength: defaultContextLength)
    }

    /// Tokenizes raw bytes, replacing invalid UTF-8 with U+FFFD (never fails).
    public func encode(bytes: [UInt8], contextLength: Int = defaultContextLength) -> TokenizedText {
        encode(String(decoding: bytes, as: UTF8.self), contextLength: contextLength)
    }

    /// Tokenizes many texts into padded rows: `[B][contextLength]`, 0 after EOT.
    public func batch(_ texts: [String], contextLength: Int = defaultContextLength) -> TokenBatch {
        let length = max(2, contextLength)
        var rows: [[Int]] = []
        var ends: [Int] = []
        var truncated: [Bool] = []
        rows.reserveCapacity(texts.count)
        for text in texts {
            let t = encode(text, contextLength: length)
            var row = t.ids
            row.append(contentsOf: repeatElement(0, count: length - row.count))
            rows.append(row)
            ends.append(t.endPosition)
            truncated.append(t.truncated)
        }
        return TokenBatch(ids: rows, endPositions: ends, truncated: truncated, contextLength: length)
    }

    /// Truncates `[SOT, body…, EOT]` to `contextLength`, keeping EOT last (open_clip's rule).
    public func truncate(_ ids: [Int], contextLength: Int) -> (ids: [Int], truncated: Bool) {
        let length = max(2, contextLength)
        guard ids.count > length else { return (ids, false) }
        var cut = Array(ids.prefix(length))
        cut[length - 1] = endToken
        return (cut, true)
    }
}

/// Strict UTF-8 decoding for callers that prefer an error to replacement characters.
public enum TextInput {
    /// Decodes `bytes` as UTF-8 or says where the first invalid byte is.
    public static func decodeUTF8(_ bytes: [UInt8]) throws(TextError) -> String {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = 0
        var scalars = String.UnicodeScalarView()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let s):
                scalars.append(s)
                offset += UTF8.width(s)
            case .emptyInput:
                return String(scalars)
            case .error:
                throw .invalidUTF8(offset: offset)
            }
        }
    }
}
