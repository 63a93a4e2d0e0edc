import CLIPCore

/// The draws the toy world needs on top of CLIPCore's seeded `RNG`.
///
/// Every random choice of the toy world goes through `RNG`, never through the standard
/// library's `random(in:)`, whose algorithm may change between Swift versions: the same
/// seed must give the same pictures byte for byte on every run.
extension RNG {
    /// One element of a non-empty array.
    mutating func pick<T>(_ items: [T]) -> T {
        items[int(below: items.count)]
    }

    /// An index drawn with probability proportional to `weights` (non-negative, not all zero).
    ///
    /// Example: `weighted([0.6, 0.2, 0.2])` returns 0 about 60% of the time.
    mutating func weighted(_ weights: [Float]) -> Int {
        let total = weights.reduce(0, +)
        var x = uniform() * total
        for (i, w) in weights.enumerated() {
            if x < w { return i }
            x -= w
        }
        return weights.lastIndex { $0 > 0 } ?? 0
    }

    /// `k` distinct indices from 0..<n in random order (partial Fisher–Yates).
    mutating func distinct(_ k: Int, of n: Int) -> [Int] {
        precondition(k <= n, "cannot pick \(k) distinct values from \(n)")
        var pool = Array(0..<n)
        for i in 0..<k { pool.swapAt(i, i + int(below: n - i)) }
        return Array(pool.prefix(k))
    }

    /// An independent stream for a named purpose, so that draws in one stream never shift
    /// another (held-out pictures do not depend on how many training pictures were drawn).
    public static func stream(seed: UInt64, purpose: UInt64) -> RNG {
        var mixer = RNG(seed: seed ^ (purpose &* 0xD1B5_4A32_D192_ED03))
        return RNG(seed: mixer.next())
    }
}
