import Testing
@testable import CLIPText

@Suite("Cleaning")
struct CleanerTests {
    // Expected values are the output of open_clip's `_clean_lower` (ftfy 6.3.1).
    @Test("Cleaning matches CLIP's ftfy + html + whitespace + lower-case pipeline", arguments: [
        ("cafÃ©", "café"),
        ("donâ€™t", "don't"),
        ("voilÃ le", "voilà le"),
        ("&amp;amp;", "&"),
        ("&amp;amp;amp;", "&"),
        ("&lt;b&gt;", "<b>"),
        ("<b>&amp;amp;</b>", "<b>&</b>"),
        ("&notit;", "¬it;"),
        ("&#128;", "€"),
        ("&EACUTE;", "é"),
        ("&#0;x", "\u{FFFD}x"),
        ("&#xD800;", "\u{FFFD}"),
        ("ﬁne ﬂower", "fine flower"),
        ("ＡＢＣ", "abc"),
        ("ﾊﾝｶｸ", "ハンカク"),
        ("it’s", "it's"),
        ("  A\tB  ", "a b"),
        ("a\u{2028}b", "a b"),
        ("next\u{85}line", "next…line"),
        ("\u{1B}[31mred\u{1B}[0m", "red"),
        ("nul\u{0}char", "nulchar"),
        ("ΟΔΟΣ ΟΔΟΣΑ", "οδος οδοσα"),
        ("İstanbul", "i\u{307}stanbul"),
        ("ẞ", "ß"),
        ("ǅ", "dž"),
        ("e\u{301}", "é"),
        ("", ""),
        (" \t\n ", ""),
    ])
    func cleans(input: String, expected: String) {
        #expect(TextCleaner.clean(input) == expected)
        #expect(Array(TextCleaner.clean(input).unicodeScalars) == Array(expected.unicodeScalars))
    }

    @Test("The ASCII fast path and the general path agree")
    func fastPathAgrees() {
        for text in ["A Photo  of\ta CAT.", "x\ny\r\nz", "(brackets) [and] {braces}!", "   "] {
            let fast = TextCleaner.cleanASCII(text)
            #expect(fast != nil)
            var scalars = TextFixer.fix(Array(text.unicodeScalars))
            scalars = TextCleaner.lowercase(TextCleaner.collapseWhitespace(HTMLEntities.unescape(HTMLEntities.unescape(scalars))))
            #expect(fast.map { String(decoding: $0, as: UTF8.self) } == String(String.UnicodeScalarView(scalars)))
        }
        #expect(TextCleaner.cleanASCII("fish &amp; chips") == nil)
        #expect(TextCleaner.cleanASCII("v\u{0B}tab") == nil)
    }

    @Test("html.unescape handles names without semicolons, longest prefixes and numbers", arguments: [
        ("&amp", "&"), ("&lt3", "<3"), ("AT&T", "AT&T"), ("&notanentity;", "¬anentity;"), ("&#x1F600;", "😀"),
        ("&#1114112;", "\u{FFFD}"), ("&#150;", "–"), ("&#9;", "\t"), ("&#1;", ""), ("&;", "&;"), ("&#;", "&#;"),
        ("&#99999999999999999999999;", "\u{FFFD}"),
    ])
    func unescape(input: String, expected: String) {
        let out = HTMLEntities.unescape(Array(input.unicodeScalars))
        #expect(String(String.UnicodeScalarView(out)) == expected)
    }
}

@Suite("Windows-1252")
struct Windows1252Tests {
    @Test("Reading a Windows-1252 character back gives its byte")
    func inverse() {
        for (i, v) in HTMLEntities.windows1252High.enumerated() {
            #expect(TextFixer.windows1252Byte(Unicode.Scalar(v)!) == UInt8(0x80 + i))
        }
        #expect(TextFixer.windows1252Byte("é") == 0xE9)
        #expect(TextFixer.windows1252Byte("東") == nil)
    }
}
