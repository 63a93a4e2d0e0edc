/// Per-word memo of BPE results: word bytes → final token ids.
///
/// Captions repeat the same few thousand words, so almost every word after the first few
/// texts is a hash lookup. Bounded: cleared when it passes `maxEntries` or `maxBytes`.
struct WordCache: Sendable {
    private var index = ByteKeyTable(capacity: 8192)
    private var start: [Int32] = []
    private var length: [Int32] = []
    private var ids: [Int32] = []
    let maxEntries: Int
    let maxBytes: Int
    /// Words longer than this are not cached (they rarely repeat).
    static let maxWordBytes = 256

    init(maxEntries: Int = 200_000, maxBytes: Int = 16 << 20) {
        self.maxEntries = maxEntries
        self.maxBytes = maxBytes
    }

    var count: Int { index.count }

    /// Appends the cached ids of `word` to `out`; false when the word is not cached.
    @inline(__always)
    func append(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64, to out: inout [Int32]) -> Bool {
        guard let e = index.find(word, hash: hash) else { return false }
        let s = Int(start[Int(e)]), n = Int(length[Int(e)])
        out.append(contentsOf: ids[s..<(s + n)])
        return true
    }

    mutating func insert(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64, tokens: [Int32]) {
        guard word.count <= Self.maxWordBytes else { return }
        if index.count >= maxEntries || index.arenaBytes + ids.count * 4 >= maxBytes { removeAll() }
        index.insert(word, hash: hash, value: Int32(start.count))
        start.append(Int32(ids.count))
        length.append(Int32(tokens.count))
        ids.append(contentsOf: tokens)
    }

    mutating func removeAll() {
        index.removeAll()
        start.removeAll(keepingCapacity: true)
        length.removeAll(keepingCapacity: true)
        ids.removeAll(keepingCapacity: true)
    }
}
