/// Terminal column widths of strings, and padding / eliding that keeps columns aligned.
///
/// A character's width is what a terminal gives it: East Asian wide and fullwidth
/// characters (猫, ｃ) and emoji presentation (🐱) take 2 columns; combining marks,
/// zero-width joiners and variation selectors take 0; ANSI colour sequences
/// (`ESC [ … m`) take 0, so styled text measures like plain text.
///
/// ```
/// DisplayWidth.of("cat")          // 3
/// DisplayWidth.of("猫の写真")      // 8
/// DisplayWidth.pad("猫", to: 4) + "|"           // "猫  |"
/// DisplayWidth.elide("a photo of a cat", to: 8) // "a photo…"
/// ```
public enum DisplayWidth {
    /// How `pad` places text inside the wider field.
    public enum Alignment: Sendable { case left, right, center }

    /// Where `elide` cuts.
    public enum ElisionPosition: Sendable { case end, middle }

    /// The ellipsis used for elided text (one column wide).
    public static let ellipsis = "…"

    /// Columns taken by `text` in a terminal (ANSI escape sequences count 0).
    public static func of(_ text: String) -> Int {
        var total = 0
        var inEscape = false
        var sawBracket = false
        for character in text {
            if inEscape {
                // CSI: ESC '[' params… final byte in @…~ ; bare ESC X is two bytes.
                guard let v = character.unicodeScalars.first?.value else { continue }
                if !sawBracket {
                    if v == 0x5B { sawBracket = true } else { inEscape = false }
                } else if v >= 0x40 && v <= 0x7E {
                    inEscape = false
                }
                continue
            }
            if character.unicodeScalars.first?.value == 0x1B {
                inEscape = true
                sawBracket = false
                continue
            }
            total += of(character)
        }
        return total
    }

    /// Columns taken by one grapheme cluster: 0, 1 or 2.
    public static func of(_ character: Character) -> Int {
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return 0 }
        if scalars.count > 1 {
            var emojiSequence = false
            for s in scalars {
                // VS16 asks for emoji presentation; ZWJ joins emoji; a pair of
                // regional indicators is a flag.
                if s.value == 0xFE0F || s.value == 0x200D || (0x1F1E6...0x1F1FF).contains(s.value) {
                    emojiSequence = true
                }
            }
            if emojiSequence && (first.properties.isEmoji || (0x1F1E6...0x1F1FF).contains(first.value)) {
                return 2
            }
            // A base with combining marks takes the width of its widest scalar.
            var width = 0
            for s in scalars { width = max(width, of(scalar: s)) }
            return width
        }
        return of(scalar: first)
    }

    /// Columns taken by a lone scalar (0, 1 or 2).
    public static func of(scalar s: Unicode.Scalar) -> Int {
        let v = s.value
        if v < 0x20 || (v >= 0x7F && v < 0xA0) { return 0 }
        if v < 0x300 { return 1 }
        switch s.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if (0x1160...0x11FF).contains(v) { return 0 }  // Hangul medial vowels / finals
        if (0xFE00...0xFE0F).contains(v) || (0xE0100...0xE01EF).contains(v) { return 0 }
        if s.properties.isEmojiPresentation { return 2 }
        return isWide(v) ? 2 : 1
    }

    /// East Asian Wide (W) and Fullwidth (F) ranges, collapsed to the blocks that matter.
    private static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F,   // Hangul Jamo initials
             0x231A...0x231B, 0x2329...0x232A,
             0x2E80...0x303E,   // CJK radicals, Kangxi, ideographic description, CJK symbols
             0x3041...0x33FF,   // Hiragana, Katakana, Bopomofo, Hangul compat, Kanbun, CJK compat
             0x3400...0x4DBF,   // CJK extension A
             0x4E00...0x9FFF,   // CJK unified ideographs
             0xA000...0xA4CF,   // Yi
             0xA960...0xA97F,   // Hangul Jamo extended A
             0xAC00...0xD7A3,   // Hangul syllables
             0xF900...0xFAFF,   // CJK compatibility ideographs
             0xFE10...0xFE19, 0xFE30...0xFE6F,  // vertical forms, CJK compat forms, small forms
             0xFF00...0xFF60,   // fullwidth forms
             0xFFE0...0xFFE6,
             0x16FE0...0x16FE4, 0x17000...0x18CFF, 0x1B000...0x1B2FF,  // Tangut, Kana supplement
             0x1F200...0x1F2FF, // enclosed ideographic supplement
             0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// `text` padded with spaces to exactly `width` columns (longer text is returned unchanged;
    /// use `fit` to also elide).
    public static func pad(_ text: String, to width: Int, align: Alignment = .left) -> String {
        let w = of(text)
        guard w < width else { return text }
        let gap = width - w
        switch align {
        case .left: return text + String(repeating: " ", count: gap)
        case .right: return String(repeating: " ", count: gap) + text
        case .center:
            let left = gap / 2
            return String(repeating: " ", count: left) + text + String(repeating: " ", count: gap - left)
        }
    }

    /// `text` cut to at most `width` columns, ending (or, for `.middle`, centred) with `…`.
    ///
    /// Never splits a grapheme cluster; a wide character that would straddle the limit is
    /// dropped, so the result may be one column narrower than `width`.
    /// Plain text only: do not pass strings that already carry ANSI sequences.
    public static func elide(_ text: String, to width: Int, position: ElisionPosition = .end) -> String {
        guard width > 0 else { return "" }
        if of(text) <= width { return text }
        if width == 1 { return ellipsis }
        switch position {
        case .end:
            return prefix(text, width: width - 1) + ellipsis
        case .middle:
            let room = width - 1
            let head = prefix(text, width: (room + 1) / 2)
            let tail = suffix(text, width: room - of(head))
            return head + ellipsis + tail
        }
    }

    /// `text` elided if needed, then padded: always exactly `width` columns.
    public static func fit(_ text: String, to width: Int, align: Alignment = .left,
                           position: ElisionPosition = .end) -> String {
        pad(elide(text, to: width, position: position), to: width, align: align)
    }

    /// The longest prefix of `text` that fits in `width` columns.
    public static func prefix(_ text: String, width: Int) -> String {
        var used = 0
        var end = text.startIndex
        for index in text.indices {
            let w = of(text[index])
            if used + w > width { break }
            used += w
            end = text.index(after: index)
        }
        return String(text[..<end])
    }

    /// The longest suffix of `text` that fits in `width` columns.
    public static func suffix(_ text: String, width: Int) -> String {
        var used = 0
        var start = text.endIndex
        while start > text.startIndex {
            let before = text.index(before: start)
            let w = of(text[before])
            if used + w > width { break }
            used += w
            start = before
        }
        return String(text[start...])
    }
}
