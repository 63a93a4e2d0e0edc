/// Compares a recorded cell output with a fresh one, ignoring what may change.
public enum OutputComparison {
    /// Trailing spaces and trailing blank lines never count; in a volatile cell every
    /// run of digits reads as `#` (timings, throughput).
    ///
    /// Example: `normalize("took 12.5 ms  \n", volatile: true)` -> `"took #.# ms"`.
    public static func normalize(_ text: String, volatile: Bool) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            var s = String(line)
            while s.last == " " || s.last == "\t" || s.last == "\r" { s.removeLast() }
            return volatile ? maskDigits(s) : s
        }
        while lines.last == "" { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    private static func maskDigits(_ line: String) -> String {
        var out = ""
        var inDigits = false
        for ch in line {
            if ch.isASCII && ch.isNumber {
                if !inDigits { out.append("#") }
                inDigits = true
            } else {
                inDigits = false
                out.append(ch)
            }
        }
        return out
    }

    /// nil when equal; otherwise a short description of the first differences.
    public static func difference(expected: String, actual: String, volatile: Bool) -> String? {
        let a = normalize(expected, volatile: volatile).split(separator: "\n", omittingEmptySubsequences: false)
        let b = normalize(actual, volatile: volatile).split(separator: "\n", omittingEmptySubsequences: false)
        if a == b { return nil }
        var notes: [String] = []
        for i in 0..<max(a.count, b.count) where notes.count < 3 {
            let x = i < a.count ? String(a[i]) : nil, y = i < b.count ? String(b[i]) : nil
            if x != y {
                notes.append("line \(i + 1): expected \(quoted(x)), got \(quoted(y))")
            }
        }
        return notes.joined(separator: "; ")
    }

    private static func quoted(_ s: String?) -> String {
        guard let s else { return "(nothing)" }
        return "\"" + LabError.printable(s, limit: 60) + "\""
    }
}
