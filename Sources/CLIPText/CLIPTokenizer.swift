import CLIPCore
import Foundation

/// CLIP's byte-level BPE tokenizer on the 49,408-token vocabulary, id-for-id with open_clip.
///
/// Pipeline: `TextCleaner` → `PatternSplitter` → bytes as `ByteLevel` symbols (last one with
/// `</w>`) → `BytePairMerger` by rank → ids, wrapped in `<|startoftext|>` (49406) …
/// `<|endoftext|>` (49407) and cut to the context length keeping EOT last.
///
/// ```swift
/// let tok = try CLIPTokenizer.bundled()
/// tok.encode("a photo of a cat").ids     // [49406, 320, 1125, 539, 320, 2368, 49407]
/// tok.encode("a photo of a cat").tokens  // ["<|startoftext|>", "a</w>", "photo</w>", …]
/// ```
public final class CLIPTokenizer: TextTokenizer {
    let vocab: BPEVocabulary
    private let cache = Locked(WordCache())

    init(vocabulary: BPEVocabulary) {
        vocab = vocabulary
    }

    private static let shared: Result<CLIPTokenizer, TextError> = Result { () throws(TextError) in
        try CLIPTokenizer(vocabulary: loadBundledVocabulary())
    }

    /// The tokenizer for the vocabulary shipped with the package (loaded once, then shared).
    public static func bundled() throws(TextError) -> CLIPTokenizer {
        try shared.get()
    }

    static func loadBundledVocabulary() throws(TextError) -> BPEVocabulary {
        guard let url = Bundle.module.url(forResource: "bpe_simple_vocab_16e6.txt", withExtension: "gz") else {
            throw .missingResource("bpe_simple_vocab_16e6.txt.gz")
        }
        return try BPEVocabulary(clipMergesText: Gzip.decompress(readFile(url)))
    }

    /// Loads a Hugging Face model folder's `vocab.json` and `merges.txt` (same ids as `bundled()`
    /// for CLIP checkpoints).
    public convenience init(vocabJSON: URL, merges: URL) throws(TextError) {
        self.init(vocabulary: try BPEVocabulary(vocabJSON: Self.readFile(vocabJSON), mergesText: Self.readFile(merges)))
    }

    /// Loads an OpenAI-style `bpe_simple_vocab_16e6.txt(.gz)` merges file.
    public convenience init(bpeFile: URL) throws(TextError) {
        var bytes = try Self.readFile(bpeFile)
        if bytes.starts(with: [0x1F, 0x8B]) { bytes = try Gzip.decompress(bytes) }
        self.init(vocabulary: try BPEVocabulary(clipMergesText: bytes))
    }

    /// Tokenizer files larger than this are refused (CLIP's vocab.json is under 1 MB).
    static let maxFileBytes = 64 << 20

    static func readFile(_ url: URL) throws(TextError) -> [UInt8] {
        do {
            return try FileAccess.read(url.path, maxBytes: maxFileBytes)
        } catch {
            throw .access(error)
        }
    }

    public var vocabularySize: Int { vocab.tokens.count }
    public var startToken: Int { Int(vocab.startToken) }
    public var endToken: Int { Int(vocab.endToken) }
    /// Number of ranked merges (48,894 for CLIP).
    public var mergeCount: Int { vocab.pairs.count }

    public func token(for id: Int) -> String? {
        id >= 0 && id < vocab.tokens.count ? vocab.tokens[id] : nil
    }

    /// The id of a vocabulary entry, e.g. `id(for: "cat</w>") == 2368`.
    public func id(for token: String) -> Int? {
        vocab.lookup.find(Array(token.utf8)).map(Int.init)
    }

    /// Forgets the per-word cache (for cold-start measurements).
    public func clearCache() {
        cache.withLock { $0.removeAll() }
    }

    public func encode(_ text: String, contextLength: Int) -> TokenizedText {
        let length = max(2, contextLength)
        var body: [Int32] = []
        let truncated = appendTokens(of: TextCleaner.cleanUTF8(text), into: &body, stopAfter: length - 2)
        var ids = [startToken]
        ids.reserveCapacity(min(body.count, length - 2) + 2)
        for id in body.prefix(length - 2) { ids.append(Int(id)) }
        ids.append(endToken)
        return TokenizedText(text: text, ids: ids, tokens: ids.map { vocab.tokens[$0] }, truncated: truncated)
    }

    /// All ids of the text without SOT/EOT and without truncation (open_clip's `encode`).
    public func encodeAll(_ text: String) -> [Int] {
        var body: [Int32] = []
        _ = appendTokens(of: TextCleaner.cleanUTF8(text), into: &body, stopAfter: nil)
        return body.map(Int.init)
    }

    /// Number of tokens of a text without SOT/EOT (the benchmark's unit of work).
    public func countTokens(_ text: String) -> Int {
        var body: [Int32] = []
        _ = appendTokens(of: TextCleaner.cleanUTF8(text), into: &body, stopAfter: nil)
        return body.count
    }

    /// Appends the BPE ids of cleaned UTF-8 text; with `stopAfter`, stops once more than that many
    /// ids exist and returns true (the text is longer than the limit).
    func appendTokens(of cleaned: [UInt8], into out: inout [Int32], stopAfter limit: Int?) -> Bool {
        var exceeded = false
        let vocab = self.vocab
        cache.withLock { cache in
            cleaned.withUnsafeBufferPointer { s in
                var symbols: [Int32] = []
                PatternSplitter.forEachPiece(in: s) { piece in
                    if let special = piece.special {
                        out.append(special == .start ? vocab.startToken : vocab.endToken)
                    } else {
                        let word = UnsafeBufferPointer(rebasing: s[piece.range])
                        let h = ByteKeyTable.hash(word)
                        if !cache.append(word, hash: h, to: &out) {
                            symbols.removeAll(keepingCapacity: true)
                            for b in word { symbols.append(vocab.byteIds[Int(b)]) }
                            symbols[symbols.count - 1] = vocab.byteEndIds[Int(word[word.count - 1])]
                            BytePairMerger.merge(&symbols, table: vocab.merges)
                            out.append(contentsOf: symbols)
                            cache.insert(word, hash: h, tokens: symbols)
                        }
                    }
                    if let limit, out.count > limit {
                        exceeded = true
                        return false
                    }
                    return true
                }
            }
        }
        return exceeded
    }

    /// Text back from ids: token strings joined, byte symbols turned back into UTF-8 (invalid
    /// sequences become U+FFFD), `</w>` read as a space; SOT/EOT and unknown ids are handled too.
    /// Example: `decode([49406, 320, 2368, 49407])` → `"a cat "`.
    public func decode(_ ids: [Int]) -> String {
        var bytes: [UInt8] = []
        for id in ids {
            if id == startToken || id == endToken { continue }
            guard let token = token(for: id) else {
                bytes.append(contentsOf: [0xEF, 0xBF, 0xBD])
                continue
            }
            for scalar in token.unicodeScalars {
                if let b = ByteLevel.byte(for: scalar) { bytes.append(b) }
            }
        }
        return String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "</w>", with: " ")
    }
}
