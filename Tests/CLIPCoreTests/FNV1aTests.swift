import Testing
@testable import CLIPCore

@Suite("FNV-1a")
struct FNV1aTests {
    @Test("the published 64-bit FNV-1a values, bytes and little-endian words alike")
    func knownValues() {
        var empty = FNV1a(), a = FNV1a(), foobar = FNV1a()
        a.add(Array("a".utf8))
        foobar.add(Array("foobar".utf8))
        #expect(empty.hex == "cbf29ce484222325" && a.hex == "af63dc4c8601ec8c" && foobar.hex == "85944171f73967e8")
        var word = FNV1a(), bytes = FNV1a()
        word.add(littleEndian: 0x6F6F_6266)   // "fboo"
        bytes.add(Array("fboo".utf8))
        #expect(word.value == bytes.value)
        empty.add(0)
        #expect(empty.hex.count == 16)
    }
}
