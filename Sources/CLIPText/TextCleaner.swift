/// CLIP's text cleaning before tokenization: `whitespace_clean(basic_clean(text)).lower()`.
///
/// Stages, in order: ftfy-style fixes (`TextFixer`), HTML unescape twice, whitespace runs
/// collapsed to one space and trimmed (Python's `str.split()` notion of whitespace), lower-cased
/// (Python's full lower-casing, including final sigma).
/// Example: `"  A Caf&eacute;\tPHOTO  "` → `"a café photo"`.
public enum TextCleaner {
    /// The cleaned text.
    public static func clean(_ text: String) -> String {
        String(decoding: cleanUTF8(text), as: UTF8.self)
    }

    /// The cleaned text as UTF-8, the tokenizer's input.
    static func cleanUTF8(_ text: String) -> [UInt8] {
        if let fast = cleanASCII(text) { return fast }
        var scalars = TextFixer.fix(Array(text.unicodeScalars))
        if scalars.contains("&") { scalars = HTMLEntities.unescape(HTMLEntities.unescape(scalars)) }
        return collapseAndLowercaseUTF8(scalars)
    }

    /// Whitespace collapse, trim and lower-case in one pass, written straight to UTF-8.
    static func collapseAndLowercaseUTF8(_ s: [Unicode.Scalar]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(s.count * 2)
        var pendingSpace = false
        @inline(__always) func put(_ v: UInt32) {
            if v < 0x80 {
                out.append(UInt8(v))
            } else if v < 0x800 {
                out.append(UInt8(0xC0 | (v >> 6)))
                out.append(UInt8(0x80 | (v & 0x3F)))
            } else if v < 0x10000 {
                out.append(UInt8(0xE0 | (v >> 12)))
                out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
                out.append(UInt8(0x80 | (v & 0x3F)))
            } else {
                out.append(UInt8(0xF0 | (v >> 18)))
                out.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
                out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
                out.append(UInt8(0x80 | (v & 0x3F)))
            }
        }
        for i in s.indices {
            let v = s[i].value
            if v < 0x80 {
                if v == 0x20 || (v >= 0x09 && v <= 0x0D) || (v >= 0x1C && v <= 0x1F) { pendingSpace = true; continue }
                if pendingSpace && !out.isEmpty { out.append(0x20) }
                pendingSpace = false
                out.append(v >= 0x41 && v <= 0x5A ? UInt8(v + 32) : UInt8(v))
                continue
            }
            let info = ScalarTable.info(v)
            if info & ScalarTable.whitespaceBit != 0 { pendingSpace = true; continue }
            if pendingSpace && !out.isEmpty { out.append(0x20) }
            pendingSpace = false
            if info & ScalarTable.lowerBit == 0 {
                put(v)
            } else if info & ScalarTable.lowerComplexBit == 0 {
                put(info >> ScalarTable.lowerShift)
            } else if v == 0x3A3 {
                put(isFinalSigma(s, at: i) ? 0x3C2 : 0x3C3)
            } else {
                for l in s[i].properties.lowercaseMapping.unicodeScalars { put(l.value) }
            }
        }
        return out
    }

    /// Plain printable ASCII (no `&`, no controls other than tab/newline/form feed/return):
    /// every other stage is a no-op, so collapse and lower-case bytes directly.
    static func cleanASCII(_ text: String) -> [UInt8]? {
        var text = text
        return text.withUTF8 { bytes -> [UInt8]? in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var pendingSpace = false
            for b in bytes {
                if b >= 0x21 && b <= 0x7E {
                    if b == UInt8(ascii: "&") { return nil }
                    if pendingSpace && !out.isEmpty { out.append(0x20) }
                    pendingSpace = false
                    out.append(b >= 0x41 && b <= 0x5A ? b + 32 : b)
                } else if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0C || b == 0x0D {
                    pendingSpace = true
                } else {
                    return nil
                }
            }
            return out
        }
    }

    /// Python's `str.isspace()` for one scalar.
    @inline(__always)
    public static func isPythonWhitespace(_ v: UInt32) -> Bool {
        switch v {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }

    /// `" ".join(text.split())`: runs of whitespace become one space, ends trimmed.
    public static func collapseWhitespace(_ s: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(s.count)
        var pendingSpace = false
        for c in s {
            if isPythonWhitespace(c.value) {
                pendingSpace = true
            } else {
                if pendingSpace && !out.isEmpty { out.append(" ") }
                pendingSpace = false
                out.append(c)
            }
        }
        return out
    }

    /// Python's `str.lower()`: full Unicode lower-case mapping, `Σ` → `ς` at the end of a word.
    public static func lowercase(_ s: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(s.count)
        for (i, c) in s.enumerated() {
            let v = c.value
            if v < 0x80 {
                out.append(v >= 0x41 && v <= 0x5A ? Unicode.Scalar(v + 32)! : c)
            } else if v == 0x3A3 {
                out.append(isFinalSigma(s, at: i) ? "\u{3C2}" : "\u{3C3}")
            } else if c.properties.changesWhenLowercased {
                out.append(contentsOf: c.properties.lowercaseMapping.unicodeScalars)
            } else {
                out.append(c)
            }
        }
        return out
    }

    /// Final-sigma context as CPython computes it: a cased letter before (skipping
    /// case-ignorables) and none after.
    static func isFinalSigma(_ s: [Unicode.Scalar], at i: Int) -> Bool {
        var j = i - 1
        while j >= 0 && s[j].properties.isCaseIgnorable { j -= 1 }
        guard j >= 0 && s[j].properties.isCased else { return false }
        j = i + 1
        while j < s.count && s[j].properties.isCaseIgnorable { j += 1 }
        return j == s.count || !s[j].properties.isCased
    }
}
