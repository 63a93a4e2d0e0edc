/// HTML character references, decoded the way Python's `html.unescape` does (and ftfy's stricter pass).
///
/// Handles named references with and without `;` (longest known prefix wins, as in HTML5),
/// decimal and hex references, the Windows-1252 remapping of `&#128;`…`&#159;`, and the
/// references HTML5 turns into U+FFFD or drops.
/// Example: `"fish &amp;amp; chips"` → `"fish &amp; chips"` → `"fish & chips"`.
public enum HTMLEntities {
    static let html5: [String: [Unicode.Scalar]] = parse(html5Table)
    static let uppercase: [String: [Unicode.Scalar]] = parse(uppercaseTable)

    private static func parse(_ table: String) -> [String: [Unicode.Scalar]] {
        var result: [String: [Unicode.Scalar]] = [:]
        for line in table.split(separator: "\n") {
            let parts = line.split(separator: "\t")
            guard parts.count == 2 else { continue }
            let scalars = parts[1].split(separator: " ").compactMap { UInt32($0, radix: 16).flatMap(Unicode.Scalar.init) }
            result[String(parts[0])] = scalars
        }
        return result
    }

    /// Windows-1252 meaning of bytes 0x80…0x9F (undefined ones keep their C1 code point).
    static let windows1252High: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x192, 0x201E, 0x2026, 0x2020, 0x2021, 0x2C6, 0x2030, 0x160, 0x2039, 0x152, 0x8D, 0x17D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x2DC, 0x2122, 0x161, 0x203A, 0x153, 0x9D, 0x17E, 0x178,
    ]

    /// The scalars a numeric reference stands for, per HTML5 (`html.unescape`).
    static func numeric(_ n: UInt64) -> [Unicode.Scalar] {
        if n == 0 { return ["\u{FFFD}"] }
        if n == 13 { return ["\r"] }
        if n >= 0x80 && n <= 0x9F { return [Unicode.Scalar(windows1252High[Int(n - 0x80)])!] }
        if (n >= 0xD800 && n <= 0xDFFF) || n > 0x10FFFF { return ["\u{FFFD}"] }
        if (n >= 1 && n <= 8) || n == 0x0B || (n >= 0x0E && n <= 0x1F) || (n >= 0x7F && n <= 0x9F)
            || (n >= 0xFDD0 && n <= 0xFDEF) || (n & 0xFFFE) == 0xFFFE {
            return []
        }
        return [Unicode.Scalar(UInt32(n))!]
    }

    @inline(__always) private static func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 48 && c.value <= 57 }
    @inline(__always) private static func isAlphanumeric(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        return (v >= 48 && v <= 57) || (v >= 65 && v <= 90) || (v >= 97 && v <= 122)
    }
    @inline(__always) private static func hexValue(_ c: Unicode.Scalar) -> UInt64? {
        switch c.value {
        case 48...57: return UInt64(c.value - 48)
        case 65...70: return UInt64(c.value - 55)
        case 97...102: return UInt64(c.value - 87)
        default: return nil
        }
    }

    /// Python's `html.unescape` on a scalar array.
    public static func unescape(_ s: [Unicode.Scalar]) -> [Unicode.Scalar] {
        guard s.contains("&") else { return s }
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(s.count)
        var i = 0
        let n = s.count
        while i < n {
            guard s[i] == "&", i + 1 < n else { out.append(s[i]); i += 1; continue }
            if s[i + 1] == "#" {
                // &#[0-9]+;? or &#[xX][0-9a-fA-F]+;?
                var j = i + 2
                var value: UInt64 = 0
                var digits = 0
                let hex = j < n && (s[j] == "x" || s[j] == "X")
                if hex { j += 1 }
                while j < n, let d = hex ? hexValue(s[j]) : (isDigit(s[j]) ? UInt64(s[j].value - 48) : nil) {
                    value = min(value &* (hex ? 16 : 10) &+ d, 0x1_0000_0000)
                    digits += 1
                    j += 1
                }
                if digits == 0 { out.append(s[i]); i += 1; continue }
                if j < n && s[j] == ";" { j += 1 }
                out.append(contentsOf: numeric(value))
                i = j
                continue
            }
            // Named: [^\t\n\f <&#;]{1,32};?
            var j = i + 1
            while j < n && j - (i + 1) < 32 {
                let c = s[j]
                if c == "\t" || c == "\n" || c == "\u{0C}" || c == " " || c == "<" || c == "&" || c == "#" || c == ";" { break }
                j += 1
            }
            if j == i + 1 { out.append(s[i]); i += 1; continue }
            if j < n && s[j] == ";" { j += 1 }
            let name = s[(i + 1)..<j]
            if let value = html5[string(name)] {
                out.append(contentsOf: value)
            } else {
                var matched = false
                var x = name.count - 1
                while x > 1 {
                    if let value = html5[string(name.prefix(x))] {
                        out.append(contentsOf: value)
                        out.append(contentsOf: name.dropFirst(x))
                        matched = true
                        break
                    }
                    x -= 1
                }
                if !matched { out.append("&"); out.append(contentsOf: name) }
            }
            i = j
        }
        return out
    }

    /// ftfy's cautious pass: only `&#?[0-9A-Za-z]{1,24};`, known names (or their all-caps forms).
    public static func unescapeStrict(_ s: [Unicode.Scalar]) -> [Unicode.Scalar] {
        guard s.contains("&") else { return s }
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(s.count)
        var i = 0
        let n = s.count
        while i < n {
            if s[i] == "&" {
                var j = i + 1
                let numeric = j < n && s[j] == "#"
                if numeric { j += 1 }
                let start = j
                while j < n && j - start < 24 && isAlphanumeric(s[j]) { j += 1 }
                if j > start && j < n && s[j] == ";" {
                    let entity = Array(s[i...j])
                    let name = string(s[(i + 1)...j])
                    if let value = html5[name] ?? uppercase[name] {
                        out.append(contentsOf: value)
                        i = j + 1
                        continue
                    }
                    if numeric {
                        let decoded = unescape(entity)
                        if !decoded.contains(";") {
                            out.append(contentsOf: decoded)
                            i = j + 1
                            continue
                        }
                    }
                    out.append(contentsOf: entity)
                    i = j + 1
                    continue
                }
            }
            out.append(s[i])
            i += 1
        }
        return out
    }

    private static func string<C: Collection>(_ scalars: C) -> String where C.Element == Unicode.Scalar {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }
}
