import Foundation

/// The subset of ftfy's `fix_text` that CLIP's cleaning relies on, in ftfy's order.
///
/// Per line: cautious HTML unescape (skipped from the first line containing `<` on), mojibake
/// repair (UTF-8 read as Windows-1252/Latin-1, e.g. `cafÃ©` → `café`), C1 controls read as
/// Windows-1252, Latin ligatures (`ﬁ` → `fi`), full/half-width forms (`ＡＢＣ` → `ABC`),
/// curly quotes (`’` → `'`), line breaks, terminal escapes, unwanted control characters, NFC.
/// Not covered: ftfy's "badness" score (mojibake is fixed wherever a valid UTF-8 sequence is
/// spelled in Windows-1252), `restore_byte_a0` and lossy-sequence repair.
public enum TextFixer {
    /// Fixes text the way `ftfy.fix_text` does for the cases listed above.
    public static func fix(_ scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
        guard needsFix(scalars) else { return scalars }
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(scalars.count)
        var unescape = true
        var start = 0
        while start < scalars.count {
            var end = start
            while end < scalars.count && scalars[end] != "\n" { end += 1 }
            if end < scalars.count { end += 1 }
            var segment = Array(scalars[start..<end])
            if unescape && segment.contains("<") { unescape = false }
            for _ in 0..<4 {
                let before = segment
                if unescape { segment = HTMLEntities.unescapeStrict(segment) }
                segment = fixEncoding(segment)
                segment = fixCharacters(segment)
                segment = normalizeNFC(segment)
                if segment == before { break }
            }
            out.append(contentsOf: segment)
            start = end
        }
        return out
    }

    /// True when some stage could change the text: an `&`, a possible mojibake lead followed by a
    /// non-ASCII scalar, a character `fixCharacters` rewrites, or one NFC may compose.
    static func needsFix(_ s: [Unicode.Scalar]) -> Bool {
        var previousLead = false
        var previous: UInt32 = 0
        for c in s {
            let v = c.value
            defer { previous = v }
            if v < 0x80 {
                if v == 0x26 || (v < 0x20 && v != 0x09 && v != 0x0A && v != 0x0C) || v == 0x7F { return true }
                if v == 0x20 && previous == 0xC3 { return true }  // "Ã " is mojibake for "à"
                previousLead = false
                continue
            }
            if previousLead { return true }
            let info = ScalarTable.info(v)
            if info & (ScalarTable.fixBit | ScalarTable.nfcBit) != 0 { return true }
            previousLead = v >= 0xC2 && v <= 0xF4
        }
        return false
    }

    /// True for the characters `fixCharacters` rewrites or removes.
    static func mayFixCharacter(_ v: UInt32) -> Bool {
        (v >= 0x80 && v <= 0x9F) || isLigature(v) || v == 0x3000 || (v >= 0xFF01 && v <= 0xFFEF)
            || v == 0x2BC || (v >= 0x2018 && v <= 0x201F) || v == 0x0D || v == 0x2028 || v == 0x2029 || v == 0x1B
            || isRemovedControl(v)
    }

    @inline(__always)
    static func isLigature(_ v: UInt32) -> Bool {
        v == 0x132 || v == 0x133 || v == 0x149 || (v >= 0x1C4 && v <= 0x1CC) || (v >= 0x1F1 && v <= 0x1F3)
            || (v >= 0xFB00 && v <= 0xFB06)
    }

    /// The byte a scalar stands for when text was decoded as Windows-1252 or Latin-1, or nil.
    @inline(__always)
    static func windows1252Byte(_ c: Unicode.Scalar) -> UInt8? {
        let v = c.value
        // Latin-1 reading for C1 code points, Windows-1252 for its printable extras.
        if v <= 0xFF { return UInt8(v) }
        switch v {
        case 0x20AC: return 0x80
        case 0x201A: return 0x82
        case 0x192: return 0x83
        case 0x201E: return 0x84
        case 0x2026: return 0x85
        case 0x2020: return 0x86
        case 0x2021: return 0x87
        case 0x2C6: return 0x88
        case 0x2030: return 0x89
        case 0x160: return 0x8A
        case 0x2039: return 0x8B
        case 0x152: return 0x8C
        case 0x17D: return 0x8E
        case 0x2018: return 0x91
        case 0x2019: return 0x92
        case 0x201C: return 0x93
        case 0x201D: return 0x94
        case 0x2022: return 0x95
        case 0x2013: return 0x96
        case 0x2014: return 0x97
        case 0x2DC: return 0x98
        case 0x2122: return 0x99
        case 0x161: return 0x9A
        case 0x203A: return 0x9B
        case 0x153: return 0x9C
        case 0x17E: return 0x9E
        case 0x178: return 0x9F
        default: return nil
        }
    }

    /// Replaces every run that spells valid multi-byte UTF-8 in Windows-1252 with what it encodes.
    static func fixEncoding(_ s: [Unicode.Scalar]) -> [Unicode.Scalar] {
        // Cheap pre-scan: a lead character directly followed by a continuation stand-in.
        var candidate = false
        for i in 0..<max(0, s.count - 1) where s[i].value >= 0xC2 && s[i].value <= 0xF4 {
            if s[i + 1] == " " || (windows1252Byte(s[i + 1]).map { $0 >= 0x80 && $0 <= 0xBF } ?? false) {
                candidate = true
                break
            }
        }
        guard candidate else { return s }
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(s.count)
        var i = 0
        while i < s.count {
            let lead = s[i].value
            let need = lead >= 0xC2 && lead <= 0xDF ? 1 : lead >= 0xE0 && lead <= 0xEF ? 2 : lead >= 0xF0 && lead <= 0xF4 ? 3 : 0
            // ftfy reads "Ã " as "à " (a no-break space flattened to a space): restore_byte_a0.
            if lead == 0xC3 && i + 1 < s.count && s[i + 1] == " " {
                out.append("\u{E0}")
                i += 1
                continue
            }
            // Two-byte sequences only from the lead characters mojibake is made of (Latin-1 supplement,
            // Latin Extended-A, Greek, Cyrillic, Hebrew, Arabic); others are too often real text.
            let trustedLead = need != 1 || [0xC2, 0xC3, 0xC5, 0xCE, 0xCF, 0xD0, 0xD1, 0xD7, 0xD8, 0xD9].contains(lead)
            if need > 0 && trustedLead && i + need < s.count {
                var bytes: [UInt8] = [UInt8(lead)]
                for k in 1...need {
                    guard let b = windows1252Byte(s[i + k]), b >= 0x80, b <= 0xBF else { break }
                    bytes.append(b)
                }
                if bytes.count == need + 1 {
                    var decoded: [Unicode.Scalar] = []
                    var iterator = bytes.makeIterator()
                    var utf8 = UTF8()
                    if case .scalarValue(let scalar) = utf8.decode(&iterator) { decoded.append(scalar) }
                    if decoded.count == 1 {
                        out.append(decoded[0])
                        i += need + 1
                        continue
                    }
                }
            }
            out.append(s[i])
            i += 1
        }
        return out
    }

    private static let ligatures: [UInt32: String] = [
        0x132: "IJ", 0x133: "ij", 0x149: "\u{2BC}n", 0x1F1: "DZ", 0x1F2: "Dz", 0x1F3: "dz", 0x1C4: "D\u{17D}",
        0x1C5: "D\u{17E}", 0x1C6: "d\u{17E}", 0x1C7: "LJ", 0x1C8: "Lj", 0x1C9: "lj", 0x1CA: "NJ", 0x1CB: "Nj",
        0x1CC: "nj", 0xFB00: "ff", 0xFB01: "fi", 0xFB02: "fl", 0xFB03: "ffi", 0xFB04: "ffl", 0xFB05: "\u{17F}t",
        0xFB06: "st",
    ]

    /// Half- and full-width forms U+FF01…U+FFEF → their NFKC form; U+3000 → space.
    private static let widthMap: [UInt32: [Unicode.Scalar]] = {
        var map: [UInt32: [Unicode.Scalar]] = [0x3000: [" "]]
        for v in UInt32(0xFF01)..<0xFFF0 {
            guard let scalar = Unicode.Scalar(v) else { continue }
            let original = String(scalar)
            let folded = original.precomposedStringWithCompatibilityMapping
            if folded.unicodeScalars.elementsEqual(original.unicodeScalars) == false {
                map[v] = Array(folded.unicodeScalars)
            }
        }
        return map
    }()

    @inline(__always)
    private static func isRemovedControl(_ v: UInt32) -> Bool {
        (v <= 0x08) || v == 0x0B || (v >= 0x0E && v <= 0x1F) || v == 0x7F || (v >= 0x206A && v <= 0x206F)
            || v == 0xFEFF || (v >= 0xFFF9 && v <= 0xFFFC)
    }

    /// C1 controls, ligatures, width, quotes, line breaks, terminal escapes, control characters.
    static func fixCharacters(_ s: [Unicode.Scalar]) -> [Unicode.Scalar] {
        guard s.contains(where: { $0.value < 0x80 ? mayFixCharacter($0.value) : ScalarTable.info($0.value) & ScalarTable.fixBit != 0 })
        else { return s }
        // fix_c1_controls → fix_latin_ligatures → fix_character_width → uncurl_quotes
        var a: [Unicode.Scalar] = []
        a.reserveCapacity(s.count)
        for c in s {
            var v = c.value
            if v >= 0x80 && v <= 0x9F { v = HTMLEntities.windows1252High[Int(v - 0x80)] }
            if let lig = ligatures[v] { a.append(contentsOf: lig.unicodeScalars); continue }
            if v == 0x3000 || (v >= 0xFF01 && v <= 0xFFEF), let wide = widthMap[v] { a.append(contentsOf: wide); continue }
            if v == 0x2BC || (v >= 0x2018 && v <= 0x201B) { a.append("'"); continue }
            if v >= 0x201C && v <= 0x201F { a.append("\""); continue }
            a.append(Unicode.Scalar(v)!)
        }
        // fix_line_breaks → remove_terminal_escapes → remove_control_chars
        var b: [Unicode.Scalar] = []
        b.reserveCapacity(a.count)
        var i = 0
        while i < a.count {
            let v = a[i].value
            if v == 0x0D {
                b.append("\n")
                i += (i + 1 < a.count && a[i + 1] == "\n") ? 2 : 1
                continue
            }
            if v == 0x2028 || v == 0x2029 || v == 0x85 { b.append("\n"); i += 1; continue }
            b.append(a[i])
            i += 1
        }
        var c: [Unicode.Scalar] = []
        c.reserveCapacity(b.count)
        i = 0
        while i < b.count {
            if b[i] == "\u{1B}", i + 1 < b.count, b[i + 1] == "[" {
                // ESC [ (digits|;)* letter
                var j = i + 2
                while j < b.count, (b[j].value >= 48 && b[j].value <= 57) || b[j] == ";" { j += 1 }
                if j < b.count, b[j].isASCII, b[j].properties.isAlphabetic {
                    i = j + 1
                    continue
                }
            }
            if !isRemovedControl(b[i].value) { c.append(b[i]) }
            i += 1
        }
        return c
    }

    /// Unicode NFC, only paid for when some scalar could change under it.
    static func normalizeNFC(_ s: [Unicode.Scalar]) -> [Unicode.Scalar] {
        guard s.contains(where: { $0.value >= 0x300 && ScalarTable.info($0.value) & ScalarTable.nfcBit != 0 }) else { return s }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: s)
        return Array(String(view).precomposedStringWithCanonicalMapping.unicodeScalars)
    }
}
