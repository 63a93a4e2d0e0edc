import Testing
@testable import CLIPLab

@Suite("Shell-style line splitting")
struct ShellWordsTests {
    @Test("Lines split into words like a POSIX shell", arguments: [
        ("tokenize a cat", ["tokenize", "a", "cat"]),
        ("  spaced   out  ", ["spaced", "out"]),
        ("tokenize \"a photo of a cat\"", ["tokenize", "a photo of a cat"]),
        ("say 'it''s'", ["say", "its"]),
        ("say \"it's\"", ["say", "it's"]),
        ("say 'a \"b\" c'", ["say", "a \"b\" c"]),
        ("say \"a \\\"b\\\" c\"", ["say", "a \"b\" c"]),
        ("say \"back\\\\slash\"", ["say", "back\\slash"]),
        ("say \"keep \\n\"", ["say", "keep \\n"]),
        ("say a\\ b", ["say", "a b"]),
        ("say ''", ["say", ""]),
        ("say \"\"x", ["say", "x"]),
        ("tab\tsep", ["tab", "sep"]),
        ("猫 \"一只猫\"", ["猫", "一只猫"]),
        ("trailing\\", ["trailing\\"]),
        ("", []),
    ])
    func splits(line: String, words: [String]) throws {
        #expect(try ShellWords.split(line) == words)
    }

    @Test("An unterminated quote is a clear error", arguments: ["say \"open", "say 'open", "say \"esc\\\""])
    func unterminated(line: String) {
        #expect(throws: LabError.self) { try ShellWords.split(line) }
        do { _ = try ShellWords.split(line) } catch {
            #expect(error.description.contains("unterminated"))
        }
    }

    @Test("A partial line reports the word being typed and an open quote")
    func partial() {
        #expect(ShellWords.splitPartial("set la") == .init(words: ["set"], current: "la", openQuote: nil))
        #expect(ShellWords.splitPartial("set ") == .init(words: ["set"], current: nil, openQuote: nil))
        #expect(ShellWords.splitPartial("show \"My Ph") == .init(words: ["show"], current: "My Ph", openQuote: "\""))
    }

    @Test("Quoting gives back the same words", arguments: ["plain", "a cat", "it's", "say \"hi\"", "", "back\\slash", "tab\there", "猫"])
    func quoteRoundTrip(word: String) throws {
        #expect(try ShellWords.split("cmd " + ShellWords.quote(word)) == ["cmd", word])
    }

    @Test("A 1 MB line with control characters splits in one piece")
    func hugeLine() throws {
        let big = String(repeating: "ab\u{01}\u{1B}[31m ", count: 1 << 17)
        let words = try ShellWords.split("tokenize " + big)
        #expect(words.count == (1 << 17) + 1)
        #expect(words[1] == "ab\u{01}\u{1B}[31m")
    }
}
