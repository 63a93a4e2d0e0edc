/// Open-addressing hash table from a symbol pair `(left, right)` to its merge `(rank, merged id)`.
///
/// The BPE loop asks "is this adjacent pair a merge, and how early?" millions of times a second,
/// so pairs are packed into one `UInt64` key and probed linearly in flat arrays.
/// Example: CLIP's first merge is `("i", "n")`: rank 0, merged id 512 (`"in"`).
struct MergeTable: Sendable {
    private var keys: [UInt64]
    private var ranks: [Int32]
    private var results: [Int32]
    private let mask: Int
    private(set) var count = 0

    private static let empty = UInt64.max

    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 + 1 { size <<= 1 }
        keys = [UInt64](repeating: Self.empty, count: size)
        ranks = [Int32](repeating: 0, count: size)
        results = [Int32](repeating: 0, count: size)
        mask = size - 1
    }

    @inline(__always)
    private static func key(_ a: Int32, _ b: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: a)) << 32 | UInt64(UInt32(bitPattern: b))
    }

    @inline(__always)
    private func slot(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
    }

    /// Inserts a merge. A repeated pair takes the later rank, as Python's `dict(zip(merges, ranks))`
    /// does. Returns false when the pair was already present.
    @discardableResult
    mutating func insert(_ a: Int32, _ b: Int32, rank: Int32, merged: Int32) -> Bool {
        let k = Self.key(a, b)
        var i = slot(k)
        while keys[i] != Self.empty {
            if keys[i] == k {
                ranks[i] = rank
                results[i] = merged
                return false
            }
            i = (i + 1) & mask
        }
        keys[i] = k
        ranks[i] = rank
        results[i] = merged
        count += 1
        return true
    }

    /// The rank of the pair, or `Int32.max` when the pair never merges.
    @inline(__always)
    func rank(_ a: Int32, _ b: Int32) -> Int32 {
        let k = Self.key(a, b)
        return keys.withUnsafeBufferPointer { ks in
            var i = slot(k)
            while true {
                let stored = ks[i]
                if stored == k { return ranks.withUnsafeBufferPointer { $0[i] } }
                if stored == Self.empty { return Int32.max }
                i = (i + 1) & mask
            }
        }
    }

    /// The rank and merged id of the pair, or nil when the pair never merges.
    @inline(__always)
    func lookup(_ a: Int32, _ b: Int32) -> (rank: Int32, merged: Int32)? {
        let k = Self.key(a, b)
        var i = slot(k)
        while true {
            let stored = keys[i]
            if stored == k { return (ranks[i], results[i]) }
            if stored == Self.empty { return nil }
            i = (i + 1) & mask
        }
    }
}
