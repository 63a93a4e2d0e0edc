import Foundation
import Testing
@testable import CLIPText

@Suite("Bad input")
struct BadInputTests {
    @Test("Invalid UTF-8 is replaced, never fatal, and strict decoding names the offset")
    func invalidUTF8() throws {
        let tok = try CLIPTokenizer.bundled()
        let bytes: [UInt8] = [0x61, 0x20, 0xFF, 0xC3, 0x28, 0x20, 0x62]
        let t = tok.encode(bytes: bytes)
        #expect(t.ids.first == 49406 && t.ids.last == 49407)
        #expect(t.ids == tok.encode("a \u{FFFD}\u{FFFD}( b").ids)
        #expect(throws: TextError.invalidUTF8(offset: 2)) { try TextInput.decodeUTF8(bytes) }
        #expect(try TextInput.decodeUTF8(Array("ok é".utf8)) == "ok é")
    }

    @Test("Empty and blank texts give just SOT and EOT", arguments: ["", " ", "\n", "\t\r\n", "\u{3000}", "\u{0}\u{1}\u{7F}"])
    func empty(text: String) throws {
        let t = try CLIPTokenizer.bundled().encode(text)
        #expect(t.ids == [49406, 49407])
        #expect(!t.truncated)
    }

    @Test("NUL and control characters are removed like ftfy does")
    func controls() throws {
        let tok = try CLIPTokenizer.bundled()
        #expect(tok.encode("nul\u{0}char").ids == tok.encode("nulchar").ids)
        #expect(tok.encode("bell\u{7}\u{1B}x").ids.count >= 3)
    }

    @Test("A 10 MB line of words finishes and is truncated to 77")
    func tenMegabytesOfWords() throws {
        let tok = try CLIPTokenizer.bundled()
        let line = String(repeating: "a photo of a cat, ", count: 10_000_000 / 18)
        let t = tok.encode(line)
        #expect(t.ids.count == 77 && t.truncated && t.ids.last == 49407)
    }

    @Test("A 10 MB run of one letter is one word and merges in bounded time")
    func tenMegabytesOneWord() throws {
        let tok = try CLIPTokenizer.bundled()
        let line = String(repeating: "a", count: 10_000_000)
        let t = tok.encode(line)
        #expect(t.ids.count == 77 && t.truncated)
        // The BPE of "aaaa…" is a repetition of CLIP's longest all-"a" tokens.
        #expect(Set(t.ids.dropFirst().dropLast()).count <= 3)
    }

    @Test("A long pathological word gives the same ids through the heap as through short words")
    func pathological() throws {
        let tok = try CLIPTokenizer.bundled()
        let word = String(repeating: "ab", count: 5000)
        let ids = tok.encodeAll(word)
        #expect(tok.decode(ids) == word + " ")
    }
}

@Suite("Decoding")
struct DecodeTests {
    @Test("Decoding gives back the cleaned text with a space per word end", arguments: [
        "a photo of a cat", "café crème", "東京タワー", "👨‍👩‍👧‍👦 family", "it's 2024!!",
    ])
    func roundTrip(text: String) throws {
        let tok = try CLIPTokenizer.bundled()
        let decoded = tok.decode(tok.encode(text).ids)
        #expect(decoded.split(separator: " ").joined() == TextCleaner.clean(text).split(separator: " ").joined())
    }

    @Test("Broken byte sequences and unknown ids decode to replacement characters")
    func broken() throws {
        let tok = try CLIPTokenizer.bundled()
        // 0xC3 alone (id of byte 0xC3 without </w>), then a word end.
        let c3 = Int(tok.vocab.byteIds[0xC3])
        #expect(tok.decode([c3, 320]) == "\u{FFFD}a ")
        #expect(tok.decode([-1, 99_999]) == "\u{FFFD}\u{FFFD}")
    }
}
