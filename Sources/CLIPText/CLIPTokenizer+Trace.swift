/// One merge round of a word's BPE, for teaching: which pair, its rank, and the symbols after it.
public struct MergeStep: Equatable, Sendable, Codable {
    public var left: String
    public var right: String
    public var merged: String
    /// Position of the merge in the merges file (lower merges first).
    public var rank: Int
    /// How many occurrences of the pair this round merged.
    public var count: Int
    /// The word's symbols after the round.
    public var symbols: [String]
}

/// How one word became tokens: bytes → byte-level symbols → merges by rank → tokens and ids.
///
/// Example for `"cats"`: symbols `["c", "a", "t", "s</w>"]`; merges `(a, t)` rank 15 → `["c", "at", "s</w>"]`,
/// `(at, s</w>)` rank 520 → `["c", "ats</w>"]`, `(c, ats</w>)` rank 3477 → `["cats</w>"]`; ids `[3989]`.
public struct WordTrace: Equatable, Sendable, Codable {
    /// The word as it came out of the splitter (cleaned text).
    public var word: String
    /// Its UTF-8 bytes.
    public var bytes: [UInt8]
    /// One symbol per byte (printable stand-ins), the last one marked `</w>`.
    public var symbols: [String]
    /// Merge rounds in order; empty for special tokens and single bytes.
    public var merges: [MergeStep]
    /// True when the word was too long to record every round (tokens and ids are still exact).
    public var mergesOmitted: Bool
    public var tokens: [String]
    public var ids: [Int]
    /// True for a typed `<|startoftext|>` / `<|endoftext|>`.
    public var isSpecial: Bool
}

extension CLIPTokenizer {
    /// Words longer than this many bytes are traced without their merge rounds.
    public static let traceMergeLimit = 1024

    /// The cleaned text, exactly what the splitter sees: `"A  Cat&amp;Dog"` → `"a cat&dog"`.
    public func cleaned(_ text: String) -> String {
        TextCleaner.clean(text)
    }

    /// The words of a text after cleaning and CLIP's split, e.g. `"it's 20!"` → `["it", "'s", "2", "0", "!"]`.
    public func words(_ text: String) -> [String] {
        PatternSplitter.split(TextCleaner.clean(text))
    }

    /// A vocabulary entry as readable text: byte stand-ins turned back into UTF-8, bytes that are
    /// only part of a character shown as `<XX>`, and `</w>` kept. Nil for an unknown id.
    /// Example: id 1468 (`"Ã©</w>"`) → `"é</w>"`; the byte 0xC3 alone (`"Ã"`) → `"<C3>"`.
    public func readableToken(for id: Int) -> String? {
        guard let token = token(for: id) else { return nil }
        if id == startToken || id == endToken { return token }
        var body = Substring(token)
        let end = body.hasSuffix("</w>")
        if end { body = body.dropLast(4) }
        let bytes = ByteLevel.bytes(body)
        var text = ""
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            let need = b < 0x80 ? 1 : b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3 : b >= 0xF0 && b <= 0xF4 ? 4 : 0
            if need > 0, i + need <= bytes.count, let s = String(validating: bytes[i..<(i + need)], as: UTF8.self) {
                text += s
                i += need
            } else {
                text += "<" + String(b, radix: 16, uppercase: true) + ">"
                i += 1
            }
        }
        return end ? text + "</w>" : text
    }

    /// Per-word trace of the whole pipeline (no SOT/EOT, no truncation).
    public func trace(_ text: String) -> [WordTrace] {
        var traces: [WordTrace] = []
        var cleaned = TextCleaner.cleanUTF8(text)
        cleaned.withUnsafeMutableBufferPointer { buffer in
            let s = UnsafeBufferPointer(buffer)
            PatternSplitter.forEachPiece(in: s) { piece in
                let bytes = Array(s[piece.range])
                let word = String(decoding: bytes, as: UTF8.self)
                if let special = piece.special {
                    let id = Int(special == .start ? vocab.startToken : vocab.endToken)
                    traces.append(WordTrace(word: word, bytes: bytes, symbols: [vocab.tokens[id]], merges: [],
                                            mergesOmitted: false, tokens: [vocab.tokens[id]], ids: [id], isSpecial: true))
                } else {
                    traces.append(traceWord(bytes))
                }
                return true
            }
        }
        return traces
    }

    /// Trace of one word given as UTF-8 bytes (already cleaned and split).
    func traceWord(_ bytes: [UInt8]) -> WordTrace {
        let vocab = self.vocab
        var symbols = bytes.map { vocab.byteIds[Int($0)] }
        if let last = bytes.last { symbols[symbols.count - 1] = vocab.byteEndIds[Int(last)] }
        let initial = symbols.map { vocab.tokens[Int($0)] }
        var steps: [MergeStep] = []
        let omitted = bytes.count > Self.traceMergeLimit
        if omitted {
            BytePairMerger.merge(&symbols, table: vocab.merges)
        } else {
            var before = symbols.count
            BytePairMerger.mergeDirect(&symbols, table: vocab.merges) { a, b, rank, after in
                let merged = vocab.merges.lookup(a, b)?.merged ?? a
                steps.append(MergeStep(left: vocab.tokens[Int(a)], right: vocab.tokens[Int(b)],
                                       merged: vocab.tokens[Int(merged)], rank: Int(rank),
                                       count: before - after.count, symbols: after.map { vocab.tokens[Int($0)] }))
                before = after.count
            }
        }
        return WordTrace(word: String(decoding: bytes, as: UTF8.self), bytes: bytes, symbols: initial, merges: steps,
                         mergesOmitted: omitted, tokens: symbols.map { vocab.tokens[Int($0)] },
                         ids: symbols.map(Int.init), isSpecial: false)
    }
}
