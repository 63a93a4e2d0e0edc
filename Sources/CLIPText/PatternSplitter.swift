/// CLIP's pre-tokenizer: splits cleaned text into words, by hand, with the reference regex's semantics.
///
/// The reference pattern (Python `regex`, IGNORECASE), tried in order at each position:
///
///     <|startoftext|> | <|endoftext|> | 's|'t|'re|'ve|'m|'ll|'d | [\p{L}]+ | [\p{N}] | [^\s\p{L}\p{N}]+
///
/// and anything matching none of them (whitespace) is skipped. Numbers split one digit at a time;
/// runs of letters and runs of other symbols stay whole.
/// Example: `"it's 2024!!"` → `it`, `'s`, `2`, `0`, `2`, `4`, `!!`.
public enum PatternSplitter {
    /// What a scalar is to the pattern.
    public enum ScalarClass: UInt8, Sendable {
        case letter, number, other
        /// Whitespace, and U+0345 (which IGNORECASE puts in no class): skipped between words.
        case skip
    }

    /// One word: a byte range of the cleaned UTF-8 text, and the special token id it spells, if any.
    public struct Piece: Equatable, Sendable {
        public var range: Range<Int>
        public var special: Special?
    }

    public enum Special: Equatable, Sendable { case start, end }

    private static let asciiClass: [ScalarClass] = (0..<128).map { v -> ScalarClass in
        let c = UInt8(v)
        if (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) { return .letter }
        if c >= 0x30 && c <= 0x39 { return .number }
        if c == 0x20 || (c >= 0x09 && c <= 0x0D) { return .skip }
        return .other
    }

    /// The class of one scalar, from its Unicode general category (`\p{L}`, `\p{N}`) and White_Space.
    @inline(__always)
    public static func classify(_ value: UInt32) -> ScalarClass {
        if value < 128 { return asciiClass[Int(value)] }
        return ScalarClass(rawValue: UInt8(ScalarTable.info(value) & ScalarTable.classMask)) ?? .other
    }

    static func classifySlow(_ value: UInt32) -> ScalarClass {
        guard let scalar = Unicode.Scalar(value) else { return .other }
        if value == 0x345 { return .skip }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
            return .letter
        case .decimalNumber, .letterNumber, .otherNumber:
            return .number
        default:
            return scalar.properties.isWhitespace ? .skip : .other
        }
    }

    /// Decodes the scalar at `i` of valid UTF-8; returns (value, byte length).
    @inline(__always)
    static func decode(_ s: UnsafeBufferPointer<UInt8>, _ i: Int) -> (UInt32, Int) {
        let b0 = UInt32(s[i])
        if b0 < 0x80 { return (b0, 1) }
        if b0 < 0xE0, i + 1 < s.count { return ((b0 & 0x1F) << 6 | UInt32(s[i + 1] & 0x3F), 2) }
        if b0 < 0xF0, i + 2 < s.count {
            return ((b0 & 0x0F) << 12 | UInt32(s[i + 1] & 0x3F) << 6 | UInt32(s[i + 2] & 0x3F), 3)
        }
        if i + 3 < s.count {
            return ((b0 & 0x07) << 18 | UInt32(s[i + 1] & 0x3F) << 12 | UInt32(s[i + 2] & 0x3F) << 6
                    | UInt32(s[i + 3] & 0x3F), 4)
        }
        return (0xFFFD, 1)
    }

    /// Case-insensitive letter test as IGNORECASE does it (`ſ` folds to `s`).
    @inline(__always)
    private static func letterMatches(_ value: UInt32, _ lower: UInt8) -> Bool {
        if value == UInt32(lower) || value == UInt32(lower - 32) { return true }
        return lower == UInt8(ascii: "s") && value == 0x17F
    }

    /// Length in bytes of the ASCII-spelled pattern `word` at `i` (matched case-insensitively), or 0.
    private static func matchLiteral(_ s: UnsafeBufferPointer<UInt8>, _ i: Int, _ word: StaticString) -> Int {
        var j = i
        let n = word.utf8CodeUnitCount
        return word.withUTF8Buffer { w -> Int in
            for k in 0..<n {
                guard j < s.count else { return 0 }
                let (v, len) = decode(s, j)
                let c = w[k]
                let isLetter = c >= 0x61 && c <= 0x7A
                if isLetter ? !letterMatches(v, c) : v != UInt32(c) { return 0 }
                j += len
            }
            return j - i
        }
    }

    /// Length in bytes of a contraction (`'s 't 're 've 'm 'll 'd`) at `i` (which holds `'`), or 0.
    private static func matchContraction(_ s: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        guard i + 1 < s.count else { return 0 }
        let (v1, l1) = decode(s, i + 1)
        for c in [UInt8(ascii: "s"), UInt8(ascii: "t"), UInt8(ascii: "m"), UInt8(ascii: "d")]
        where letterMatches(v1, c) { return 1 + l1 }
        let two: [(UInt8, UInt8)] = [(0x72, 0x65), (0x76, 0x65), (0x6C, 0x6C)]  // re, ve, ll
        for (a, b) in two where letterMatches(v1, a) {
            guard i + 1 + l1 < s.count else { return 0 }
            let (v2, l2) = decode(s, i + 1 + l1)
            if letterMatches(v2, b) { return 1 + l1 + l2 }
        }
        return 0
    }

    /// Calls `body` for each word of `s` in order; `body` returns false to stop early.
    public static func forEachPiece(in s: UnsafeBufferPointer<UInt8>, _ body: (Piece) -> Bool) {
        var i = 0
        let n = s.count
        while i < n {
            let c = s[i]
            if c == UInt8(ascii: "<") {
                let l1 = matchLiteral(s, i, "<|startoftext|>")
                if l1 > 0 {
                    if !body(Piece(range: i..<(i + l1), special: .start)) { return }
                    i += l1
                    continue
                }
                let l2 = matchLiteral(s, i, "<|endoftext|>")
                if l2 > 0 {
                    if !body(Piece(range: i..<(i + l2), special: .end)) { return }
                    i += l2
                    continue
                }
            } else if c == UInt8(ascii: "'") {
                let l = matchContraction(s, i)
                if l > 0 {
                    if !body(Piece(range: i..<(i + l), special: nil)) { return }
                    i += l
                    continue
                }
            }
            let (v, len) = decode(s, i)
            let cls = classify(v)
            switch cls {
            case .skip:
                i += len
            case .number:
                if !body(Piece(range: i..<(i + len), special: nil)) { return }
                i += len
            case .letter, .other:
                var j = i + len
                while j < n {
                    let (w, l) = decode(s, j)
                    if classify(w) != cls { break }
                    j += l
                }
                if !body(Piece(range: i..<j, special: nil)) { return }
                i = j
            }
        }
    }

    /// The words of `text` as strings (for lessons and tests); `text` should already be cleaned.
    public static func split(_ text: String) -> [String] {
        var bytes = Array(text.utf8)
        var words: [String] = []
        bytes.withUnsafeMutableBufferPointer { buf in
            let s = UnsafeBufferPointer(buf)
            forEachPiece(in: s) { piece in
                words.append(String(decoding: s[piece.range], as: UTF8.self))
                return true
            }
        }
        return words
    }
}
