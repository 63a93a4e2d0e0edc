import Foundation

/// The tables behind byte-level BPE: token strings, the byte alphabet and the ranked merges.
///
/// CLIP's vocabulary (49,408 ids) is laid out as: 256 byte symbols, the same 256 with `</w>`
/// (end of word), one token per merge in rank order (48,894), then `<|startoftext|>` and
/// `<|endoftext|>`. A Hugging Face folder spells the same table as `vocab.json` + `merges.txt`.
struct BPEVocabulary: Sendable {
    /// Token string of every id, e.g. `tokens[320] == "a</w>"`.
    var tokens: [String]
    /// Ranked merges: `(left, right) → (rank, merged id)`.
    var merges: MergeTable
    /// Merge pairs by rank, for traces: `pairs[rank] == (left id, right id)`.
    var pairs: [(Int32, Int32)]
    /// `byteIds[b]`: id of the symbol for byte `b`; `byteEndIds[b]`: the same with `</w>`.
    var byteIds: [Int32]
    var byteEndIds: [Int32]
    var startToken: Int32
    var endToken: Int32
    /// Token UTF-8 bytes → id.
    var lookup: ByteKeyTable

    static let startText = "<|startoftext|>"
    static let endText = "<|endoftext|>"
    /// CLIP uses the first 48,894 merges of the BPE file (49,152 − 256 − 2).
    static let clipMergeCount = 49152 - 256 - 2

    /// Parses CLIP's `bpe_simple_vocab_16e6.txt` (already inflated): a header line, then `left right` per line.
    init(clipMergesText bytes: [UInt8], mergeCount: Int = clipMergeCount) throws(TextError) {
        var lookup = ByteKeyTable(capacity: 50_000)
        var tokens: [String] = []
        tokens.reserveCapacity(49_408)
        var byteIds = [Int32](repeating: 0, count: 256)
        var byteEndIds = [Int32](repeating: 0, count: 256)
        for (i, b) in ByteLevel.order.enumerated() {
            let symbol = String(ByteLevel.scalar[Int(b)])
            tokens.append(symbol)
            lookup.insert(Array(symbol.utf8), value: Int32(i))
            byteIds[Int(b)] = Int32(i)
        }
        for (i, b) in ByteLevel.order.enumerated() {
            let symbol = String(ByteLevel.scalar[Int(b)]) + "</w>"
            tokens.append(symbol)
            lookup.insert(Array(symbol.utf8), value: Int32(256 + i))
            byteEndIds[Int(b)] = Int32(256 + i)
        }
        var merges = MergeTable(capacity: mergeCount)
        var pairs: [(Int32, Int32)] = []
        pairs.reserveCapacity(mergeCount)
        var joined: [UInt8] = []
        try bytes.withUnsafeBufferPointer { (buf) throws(TextError) in
            var lineStart = 0
            // Skip the header line ("#version: 0.2").
            while lineStart < buf.count && buf[lineStart] != 0x0A { lineStart += 1 }
            lineStart += 1
            var rank = 0
            while rank < mergeCount && lineStart < buf.count {
                var lineEnd = lineStart
                var space = -1
                while lineEnd < buf.count && buf[lineEnd] != 0x0A {
                    if buf[lineEnd] == 0x20 && space < 0 { space = lineEnd }
                    lineEnd += 1
                }
                var end = lineEnd
                if end > lineStart && buf[end - 1] == 0x0D { end -= 1 }
                guard space > lineStart, space < end - 1 else {
                    throw .badVocabulary("merge line \(rank + 2) is not 'left right'")
                }
                let left = UnsafeBufferPointer(rebasing: buf[lineStart..<space])
                let right = UnsafeBufferPointer(rebasing: buf[(space + 1)..<end])
                guard let a = lookup.find(left, hash: ByteKeyTable.hash(left)),
                      let b = lookup.find(right, hash: ByteKeyTable.hash(right)) else {
                    throw .badVocabulary("merge line \(rank + 2) uses a token that no earlier line made")
                }
                joined.removeAll(keepingCapacity: true)
                joined.append(contentsOf: left)
                joined.append(contentsOf: right)
                let id = Int32(512 + rank)
                joined.withUnsafeBufferPointer { j in lookup.insert(j, hash: ByteKeyTable.hash(j), value: id) }
                tokens.append(String(decoding: joined, as: UTF8.self))
                merges.insert(a, b, rank: Int32(rank), merged: id)
                pairs.append((a, b))
                rank += 1
                lineStart = lineEnd + 1
            }
            guard rank == mergeCount else {
                throw .badVocabulary("expected \(mergeCount) merges, found \(rank)")
            }
        }
        let start = Int32(tokens.count)
        tokens.append(Self.startText)
        lookup.insert(Array(Self.startText.utf8), value: start)
        tokens.append(Self.endText)
        lookup.insert(Array(Self.endText.utf8), value: start + 1)
        self.init(tokens: tokens, merges: merges, pairs: pairs, byteIds: byteIds, byteEndIds: byteEndIds,
                  startToken: start, endToken: start + 1, lookup: lookup)
    }

    private init(tokens: [String], merges: MergeTable, pairs: [(Int32, Int32)], byteIds: [Int32],
                 byteEndIds: [Int32], startToken: Int32, endToken: Int32, lookup: ByteKeyTable) {
        self.tokens = tokens
        self.merges = merges
        self.pairs = pairs
        self.byteIds = byteIds
        self.byteEndIds = byteEndIds
        self.startToken = startToken
        self.endToken = endToken
        self.lookup = lookup
    }

    /// Reads a Hugging Face `vocab.json` (token → id) and `merges.txt` (ranked `left right` lines).
    init(vocabJSON: [UInt8], mergesText: [UInt8]) throws(TextError) {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(vocabJSON))
        } catch {
            throw .badVocabulary("vocab.json is not valid JSON")
        }
        guard let dict = object as? [String: Any] else {
            throw .badVocabulary("vocab.json is not an object of token → id")
        }
        var lookup = ByteKeyTable(capacity: dict.count)
        var maxId = -1
        var entries: [(String, Int)] = []
        entries.reserveCapacity(dict.count)
        for (token, value) in dict {
            guard let id = (value as? NSNumber)?.intValue, id >= 0, id < 10_000_000 else {
                throw .badVocabulary("vocab.json maps \(token) to a non-integer or negative id")
            }
            entries.append((token, id))
            maxId = max(maxId, id)
        }
        guard maxId < 2 * dict.count + 1024 else {
            throw .badVocabulary("vocab.json has \(dict.count) tokens but ids up to \(maxId); ids must be dense")
        }
        var tokens = [String](repeating: "", count: maxId + 1)
        for (token, id) in entries {
            tokens[id] = token
            lookup.insert(Array(token.utf8), value: Int32(id))
        }
        func id(_ token: String) throws(TextError) -> Int32 {
            guard let v = lookup.find(Array(token.utf8)) else {
                throw .badVocabulary("vocab.json has no entry for \(token)")
            }
            return v
        }
        var byteIds = [Int32](repeating: 0, count: 256)
        var byteEndIds = [Int32](repeating: 0, count: 256)
        for b in 0..<256 {
            let symbol = String(ByteLevel.scalar[b])
            byteIds[b] = try id(symbol)
            byteEndIds[b] = try id(symbol + "</w>")
        }
        let text = String(decoding: mergesText, as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        if let first = lines.first, first.hasPrefix("#version") { lines.removeFirst() }
        var merges = MergeTable(capacity: lines.count)
        var pairs: [(Int32, Int32)] = []
        pairs.reserveCapacity(lines.count)
        for (rank, raw) in lines.enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            let parts = line.split(separator: " ", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw .badVocabulary("merges.txt line \(rank + 2) is not 'left right'")
            }
            let a = try id(String(parts[0])), b = try id(String(parts[1]))
            let merged = try id(String(parts[0]) + String(parts[1]))
            merges.insert(a, b, rank: Int32(rank), merged: merged)
            pairs.append((a, b))
        }
        self.init(tokens: tokens, merges: merges, pairs: pairs, byteIds: byteIds, byteEndIds: byteEndIds,
                  startToken: try id(Self.startText), endToken: try id(Self.endText), lookup: lookup)
    }
}
