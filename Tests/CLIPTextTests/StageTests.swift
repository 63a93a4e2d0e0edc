import Foundation
import Testing
@testable import CLIPText

@Suite("Byte-level map")
struct ByteLevelTests {
    @Test("Every byte has its own printable stand-in and maps back")
    func bijection() {
        #expect(Set(ByteLevel.scalar).count == 256)
        for b in 0...255 {
            let s = ByteLevel.scalar[b]
            #expect(ByteLevel.byte(for: s) == UInt8(b))
            #expect(!s.properties.isWhitespace && s.properties.generalCategory != .control)
        }
    }

    @Test("Printable bytes stand for themselves; space, newline and 0xAD are shifted past U+00FF",
          arguments: [(UInt8(ascii: "a"), "a"), (0x20, "Ġ"), (0x0A, "Ċ"), (0x00, "Ā"), (0xAD, "Ń"), (0xC3, "Ã"), (0x7F, "ġ")])
    func knownStandIns(byte: UInt8, standIn: String) {
        #expect(String(ByteLevel.scalar[Int(byte)]) == standIn)
    }

    @Test("Vocabulary order lists the printable bytes first, then the remapped ones")
    func order() {
        #expect(ByteLevel.order.first == UInt8(ascii: "!"))
        #expect(ByteLevel.order[187] == 0xFF)
        #expect(ByteLevel.order[188] == 0x00)
        #expect(ByteLevel.vocabularyIndex[Int(UInt8(ascii: "!"))] == 0)
    }

    @Test("Unknown characters have no byte")
    func unknown() {
        #expect(ByteLevel.byte(for: " ") == nil)
        #expect(ByteLevel.byte(for: "\u{1F600}") == nil)
        #expect(ByteLevel.bytes("Ġa") == [0x20, 0x61])
    }
}

@Suite("Pattern split")
struct PatternSplitTests {
    @Test("The split matches CLIP's regex on hand-picked texts", arguments: [
        ("it's 2024!!", ["it", "'s", "2", "0", "2", "4", "!!"]),
        ("''s", ["''", "s"]),
        ("x''t", ["x", "''", "t"]),
        ("rock'n'roll", ["rock", "'", "n", "'", "roll"]),
        ("hello,world", ["hello", ",", "world"]),
        ("we'll've they're i'm he'd", ["we", "'ll", "'ve", "they", "'re", "i", "'m", "he", "'d"]),
        ("😀👍🏽 ok", ["😀👍🏽", "ok"]),
        ("ſtreet 'ſ", ["ſtreet", "'ſ"]),
        ("a<|endoftext|>b", ["a", "<|endoftext|>", "b"]),
        ("!<|endoftext|>", ["!<|", "endoftext", "|>"]),
        ("٣٤ ½", ["٣", "٤", "½"]),
        ("東京タワー", ["東京タワー"]),
        ("\u{345}x", ["x"]),
        ("", []),
    ])
    func splits(text: String, words: [String]) {
        #expect(PatternSplitter.split(text) == words)
    }

    @Test("Letter, number and other classes agree with Python regex on every code point")
    func classesMatchReference() throws {
        let table = Fixtures.patternClasses
        try #require(!table.isEmpty, "pattern_classes.json missing")
        func member(_ ranges: [[UInt32]]) -> (UInt32) -> Bool {
            { v in
                var lo = 0, hi = ranges.count - 1
                while lo <= hi {
                    let mid = (lo + hi) / 2
                    if v < ranges[mid][0] { hi = mid - 1 } else if v > ranges[mid][1] { lo = mid + 1 } else { return true }
                }
                return false
            }
        }
        let letter = member(table["letter"]!), number = member(table["number"]!), other = member(table["other"]!)
        var mismatches: [UInt32] = []
        for v in UInt32(0)...0x10FFFF where !(0xD800...0xDFFF).contains(v) {
            let want: PatternSplitter.ScalarClass = letter(v) ? .letter : number(v) ? .number : other(v) ? .other : .skip
            if PatternSplitter.classify(v) != want { mismatches.append(v) }
        }
        // The `regex` module ships newer Unicode tables than the Swift runtime: characters assigned
        // since (letters there, unassigned here) are the only differences allowed.
        let unexplained = mismatches.filter { Unicode.Scalar($0)!.properties.generalCategory != .unassigned }
        #expect(unexplained.isEmpty, "\(unexplained.count) differ: \(unexplained.prefix(20).map { String($0, radix: 16) })")
    }
}

@Suite("Merge loop")
struct MergeTests {
    @Test("Known words merge to their open_clip tokens", arguments: [
        ("a photo of a cat", [320, 1125, 539, 320, 2368]),
        ("cats", [3989]),
    ])
    func knownWords(text: String, ids: [Int]) throws {
        #expect(try CLIPTokenizer.bundled().encodeAll(text) == ids)
    }

    @Test("The heap merge gives the same tokens as the direct scan")
    func heapMatchesDirect() throws {
        let tok = try CLIPTokenizer.bundled()
        var rng = SystemRandomNumberGenerator()
        let alphabet = Array("aaabcdeeehilmnoprsttu".utf8) + [0xC3, 0xA9]
        for length in [2, 3, 10, 50, 49, 200, 1000] {
            for _ in 0..<20 {
                let bytes = (0..<length).map { _ in alphabet.randomElement(using: &rng)! }
                var a = bytes.map { tok.vocab.byteIds[Int($0)] }
                a[a.count - 1] = tok.vocab.byteEndIds[Int(bytes.last!)]
                var b = a
                BytePairMerger.mergeDirect(&a, table: tok.vocab.merges)
                BytePairMerger.mergeHeap(&b, table: tok.vocab.merges)
                #expect(a == b, "\(bytes)")
            }
        }
        for word in ["a", "aa", "aaa", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", String(repeating: "ab", count: 300)] {
            let bytes = Array(word.utf8)
            var a = bytes.map { tok.vocab.byteIds[Int($0)] }
            a[a.count - 1] = tok.vocab.byteEndIds[Int(bytes.last!)]
            var b = a
            BytePairMerger.mergeDirect(&a, table: tok.vocab.merges)
            BytePairMerger.mergeHeap(&b, table: tok.vocab.merges)
            #expect(a == b, "\(word.prefix(10))… × \(word.count)")
        }
    }

    @Test("A trace lists each merge with its rank and ends at the encoded tokens")
    func trace() throws {
        let tok = try CLIPTokenizer.bundled()
        let traces = tok.trace("Cats!")
        #expect(traces.map(\.word) == ["cats", "!"])
        let cats = traces[0]
        #expect(cats.symbols == ["c", "a", "t", "s</w>"])
        #expect(cats.tokens == ["cats</w>"])
        #expect(cats.ids == [3989])
        #expect(cats.merges.last?.symbols == ["cats</w>"])
        #expect(cats.merges.map(\.rank) == [15, 520, 3477])
        #expect(cats.merges.map(\.merged) == ["at", "ats</w>", "cats</w>"])
        for step in cats.merges {
            #expect(step.merged == step.left + step.right)
            #expect(tok.id(for: step.merged) == 512 + step.rank)
        }
        let all = traces.flatMap(\.ids)
        #expect(all == tok.encodeAll("Cats!"))
    }

    @Test("Special tokens typed in text trace as themselves")
    func specialTrace() throws {
        let traces = try CLIPTokenizer.bundled().trace("a <|endoftext|>")
        #expect(traces.last?.isSpecial == true)
        #expect(traces.last?.ids == [49407])
    }
}

@Suite("Truncation and batches")
struct TruncationTests {
    @Test("Truncation keeps EOT last for every context length", arguments: [2, 3, 5, 10, 77])
    func keepsEOT(length: Int) throws {
        let tok = try CLIPTokenizer.bundled()
        let text = String(repeating: "a photo of a cat ", count: 30)
        let t = tok.encode(text, contextLength: length)
        #expect(t.ids.count == length)
        #expect(t.ids.first == 49406 && t.ids.last == 49407)
        #expect(t.truncated)
        #expect(Array(t.ids.dropFirst().dropLast()) == Array(tok.encodeAll(text).prefix(length - 2)))
        #expect(t.tokens.count == t.ids.count)
    }

    @Test("A text of exactly the context length is not truncated")
    func exactFit() throws {
        let tok = try CLIPTokenizer.bundled()
        let text = Array(repeating: "cat", count: 75).joined(separator: " ")
        let t = tok.encode(text)
        #expect(t.ids.count == 77 && !t.truncated)
        #expect(tok.encode(text + " cat").truncated)
    }

    @Test("Context lengths below 2 are raised to 2 (SOT, EOT)")
    func tinyContext() throws {
        #expect(try CLIPTokenizer.bundled().encode("cat", contextLength: 0).ids == [49406, 49407])
    }

    @Test("Batches pad with 0 after EOT and report EOT positions")
    func batch() throws {
        let tok = try CLIPTokenizer.bundled()
        let b = tok.batch(["a cat", "", String(repeating: "dog ", count: 100)], contextLength: 8)
        #expect(b.ids[0] == [49406, 320, 2368, 49407, 0, 0, 0, 0])
        #expect(b.ids[1] == [49406, 49407, 0, 0, 0, 0, 0, 0])
        #expect(b.ids[2].last == 49407)
        #expect(b.endPositions == [3, 1, 7])
        #expect(b.truncated == [false, false, true])
        #expect(b.flatIds.count == 24)
    }
}

@Suite("Readable tokens")
struct ReadableTokenTests {
    @Test("Byte stand-ins read back as text, partial characters as hex", arguments: [
        ("Ã©</w>", "é</w>"), ("Ã", "<C3>"), ("cat</w>", "cat</w>"), ("<|endoftext|>", "<|endoftext|>"),
    ])
    func readable(token: String, readable: String) throws {
        let tok = try CLIPTokenizer.bundled()
        let id = try #require(tok.id(for: token))
        #expect(tok.readableToken(for: id) == readable)
    }
}
