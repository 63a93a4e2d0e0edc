import Testing
@testable import CLIPText

/// Texts where the cleaning cannot match ftfy's heuristics, with the reason.
let knownExceptions: [String: String] = [:]

@Suite("Parity with open_clip")
struct ParityTests {
    @Test("The committed corpus has several hundred cases covering every class")
    func corpusIsBroad() {
        #expect(Fixtures.corpus.count >= 500)
        let categories = Set(Fixtures.corpus.map(\.category))
        for c in ["prompt", "caption", "punctuation", "contraction", "number", "whitespace", "empty", "html",
                  "accented", "cjk", "rtl", "emoji", "ftfy", "special", "long"] {
            #expect(categories.contains(c), "missing category \(c)")
        }
    }

    @Test("At least 99% of the corpus gets open_clip's ids, and every exception is named")
    func corpusParity() throws {
        let tok = try CLIPTokenizer.bundled()
        var mismatches: [(String, [Int], [Int])] = []
        for c in Fixtures.corpus {
            let got = [tok.startToken] + tok.encodeAll(c.text) + [tok.endToken]
            if got != c.expected { mismatches.append((c.text, c.expected, got)) }
        }
        for (text, want, got) in mismatches where knownExceptions[text] == nil {
            Issue.record("unexpected mismatch for \(text.debugDescription): want \(want) got \(got)")
        }
        let rate = Double(Fixtures.corpus.count - mismatches.count) / Double(max(1, Fixtures.corpus.count))
        #expect(rate >= 0.99, "identical on \(rate * 100)%")
        let stale = knownExceptions.keys.filter { k in !mismatches.contains { $0.0 == k } }
        #expect(stale.isEmpty, "exceptions that now match: \(stale)")
    }

    @Test("Truncation to 77 matches open_clip's rule on every corpus text")
    func truncationParity() throws {
        let tok = try CLIPTokenizer.bundled()
        for c in Fixtures.corpus where knownExceptions[c.text] == nil {
            let want = c.expected.count > 77 ? Array(c.expected.prefix(76)) + [49407] : c.expected
            let got = tok.encode(c.text)
            #expect(got.ids == want, "\(c.text.debugDescription)")
            #expect(got.truncated == (c.expected.count > 77))
        }
    }
}
