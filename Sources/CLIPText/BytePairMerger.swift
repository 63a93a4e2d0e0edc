/// The BPE merge loop: repeatedly merge the adjacent pair with the lowest rank.
///
/// Semantics follow CLIP's `bpe()`: find the lowest-ranked pair present, merge *every*
/// occurrence of it left to right (non-overlapping), repeat until no pair has a rank.
/// Example: `[l, o, w</w>]` with merges `(l, o)` rank 10 and `(lo, w</w>)` rank 20 →
/// `[lo, w</w>]` → `[low</w>]`.
///
/// Short words use a direct scan (fast for the usual 2–15 symbols). Long words use a linked
/// list and per-rank buckets of positions, processed in rounds of equal rank, so a pathological
/// word of n bytes costs O(n log n) at worst instead of O(n²).
enum BytePairMerger {
    /// Words up to this many symbols use the direct scan.
    static let directLimit = 48

    /// Merges `symbols` in place.
    static func merge(_ symbols: inout [Int32], table: MergeTable) {
        if symbols.count <= directLimit {
            mergeDirect(&symbols, table: table)
        } else {
            mergeHeap(&symbols, table: table)
        }
    }

    /// Direct scan; also used by traces. `onRound` sees (left, right, rank, symbols after the round).
    static func mergeDirect(_ symbols: inout [Int32], table: MergeTable,
                            onRound: ((Int32, Int32, Int32, ArraySlice<Int32>) -> Void)? = nil) {
        var n = symbols.count
        symbols.withUnsafeMutableBufferPointer { s in
            while n > 1 {
                var best = Int32.max
                var bestAt = -1
                for i in 0..<(n - 1) {
                    let r = table.rank(s[i], s[i + 1])
                    if r < best { best = r; bestAt = i }
                }
                if bestAt < 0 { break }
                let a = s[bestAt], b = s[bestAt + 1]
                let merged = table.lookup(a, b)!.merged
                var write = bestAt
                var i = bestAt
                while i < n {
                    if i + 1 < n && s[i] == a && s[i + 1] == b {
                        s[write] = merged
                        i += 2
                    } else {
                        s[write] = s[i]
                        i += 1
                    }
                    write += 1
                }
                n = write
                if let onRound { onRound(a, b, best, ArraySlice(s[0..<n])) }
            }
        }
        symbols.removeLast(symbols.count - n)
    }

    /// Merging for long words in rounds of equal rank: O(n log n) at worst, near-linear in practice.
    ///
    /// Each rank owns a bucket of positions where a pair of that rank was formed; a min-heap holds
    /// the ranks that have buckets. A round takes the lowest rank and merges its still-valid
    /// positions left to right, exactly like one pass of the direct scan.
    static func mergeHeap(_ symbols: inout [Int32], table: MergeTable) {
        let n = symbols.count
        guard n > 1 else { return }
        var next = [Int32](repeating: -1, count: n)
        var prev = [Int32](repeating: -1, count: n)
        for i in 0..<n {
            next[i] = i + 1 < n ? Int32(i + 1) : -1
            prev[i] = Int32(i - 1)
        }
        var buckets: [Int32: [Int32]] = [:]
        var ranks = MinHeap()
        @inline(__always) func add(_ rank: Int32, _ pos: Int) {
            if rank == Int32.max { return }
            if buckets[rank] == nil { ranks.push(UInt64(rank)) }
            buckets[rank, default: []].append(Int32(pos))
        }
        for i in 0..<(n - 1) { add(table.rank(symbols[i], symbols[i + 1]), i) }
        while let top = ranks.pop() {
            let rank = Int32(truncatingIfNeeded: top)
            guard var positions = buckets.removeValue(forKey: rank) else { continue }
            var sorted = true
            for k in 1..<max(1, positions.count) where positions[k] < positions[k - 1] { sorted = false; break }
            if !sorted { positions.sort() }
            for p in positions {
                let pos = Int(p)
                let nx = Int(next[pos])
                guard symbols[pos] >= 0, nx >= 0, table.rank(symbols[pos], symbols[nx]) == rank else { continue }
                symbols[pos] = table.lookup(symbols[pos], symbols[nx])!.merged
                symbols[nx] = -1
                let after = next[nx]
                next[pos] = after
                if after >= 0 { prev[Int(after)] = Int32(pos) }
                let before = Int(prev[pos])
                // New pairs never have this round's rank, so they can join their buckets at once.
                if before >= 0 { add(table.rank(symbols[before], symbols[pos]), before) }
                if after >= 0 { add(table.rank(symbols[pos], symbols[Int(after)]), pos) }
            }
        }
        var write = 0
        for i in 0..<n where symbols[i] >= 0 {
            symbols[write] = symbols[i]
            write += 1
        }
        symbols.removeLast(n - write)
    }
}

/// A binary min-heap of packed `(rank << 32 | position)` keys.
struct MinHeap {
    private var items: [UInt64] = []

    mutating func reserve(_ n: Int) { items.reserveCapacity(n) }

    var peek: UInt64? { items.first }

    mutating func push(_ value: UInt64) {
        items.append(value)
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            if items[parent] <= value { break }
            items[i] = items[parent]
            i = parent
        }
        items[i] = value
    }

    mutating func pop() -> UInt64? {
        guard let first = items.first else { return nil }
        let last = items.removeLast()
        if items.isEmpty { return first }
        var i = 0
        let n = items.count
        while true {
            let l = 2 * i + 1
            if l >= n { break }
            var c = l
            if l + 1 < n && items[l + 1] < items[l] { c = l + 1 }
            if items[c] >= last { break }
            items[i] = items[c]
            i = c
        }
        items[i] = last
        return first
    }
}
