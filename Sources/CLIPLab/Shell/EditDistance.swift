/// Levenshtein distance and nearest-name suggestions for "did you mean".
enum EditDistance {
    /// The number of single-character insertions, deletions or substitutions from `a` to `b`.
    ///
    /// Example: `distance("tokenise", "tokenize")` -> 1.
    static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a.lowercased().unicodeScalars), y = Array(b.lowercased().unicodeScalars)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var previous = Array(0...y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            current[0] = i
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[y.count]
    }

    /// The candidates nearest to `word` (at most `limit`), or none when nothing is close.
    ///
    /// A candidate is close when it is within a third of its length (at least 2 edits),
    /// or when one starts with the other.
    static func suggestions(for word: String, among candidates: [String], limit: Int = 2) -> [String] {
        guard !word.isEmpty, word.unicodeScalars.count <= 64 else { return [] }
        let lowered = word.lowercased()
        var scored: [(name: String, distance: Int)] = []
        for candidate in candidates {
            let d = distance(word, candidate)
            if d <= max(2, candidate.count / 3) || candidate.hasPrefix(lowered) { scored.append((candidate, d)) }
        }
        scored.sort { a, b in a.distance != b.distance ? a.distance < b.distance : a.name < b.name }
        var seen = Set<String>()
        var result: [String] = []
        for entry in scored where result.count < limit && seen.insert(entry.name).inserted { result.append(entry.name) }
        return result
    }
}
