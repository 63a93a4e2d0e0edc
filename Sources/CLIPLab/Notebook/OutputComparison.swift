/// Compares a recorded cell output with a fresh one, ignoring what may change.
public enum OutputComparison {
    /// What a cell's comparison ignores besides trailing spaces and blank lines.
    public enum Masking: Sendable, Equatable {
        /// Every digit counts.
        case none
        /// Durations (`12.5 s`, `3 ms`) read as `#`: a training cell's numbers are compared, its clock is not.
        case durations
        /// Every run of digits reads as `#` (benchmarks: throughput and ratios as well as times).
        case digits
    }

    /// Trailing spaces and trailing blank lines never count; in a volatile cell every
    /// run of digits reads as `#` (timings, throughput).
    ///
    /// Example: `normalize("took 12.5 ms  \n", volatile: true)` -> `"took #.# ms"`.
    public static func normalize(_ text: String, volatile: Bool) -> String {
        normalize(text, masking: volatile ? .digits : .none)
    }

    /// Example: `normalize("loss 0.712  21.7 s", masking: .durations)` -> `"loss 0.712  # s"`.
    public static func normalize(_ text: String, masking: Masking) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            var s = String(line)
            while s.last == " " || s.last == "\t" || s.last == "\r" { s.removeLast() }
            switch masking {
            case .none: return s
            case .durations: return maskDurations(s)
            case .digits: return maskDigits(s)
            }
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

    /// A number directly followed by a unit of time (`21.7 s`, `3ms`, `0.5 min`) becomes `#`.
    private static func maskDurations(_ line: String) -> String {
        line.replacing(#/[0-9]+(\.[0-9]+)?(?= ?(s|ms|µs|min)\b)/#, with: "#")
    }

    /// nil when equal; otherwise a short description of the first differences.
    public static func difference(expected: String, actual: String, volatile: Bool) -> String? {
        difference(expected: expected, actual: actual, masking: volatile ? .digits : .none)
    }

    public static func difference(expected: String, actual: String, masking: Masking) -> String? {
        let a = normalize(expected, masking: masking).split(separator: "\n", omittingEmptySubsequences: false)
        let b = normalize(actual, masking: masking).split(separator: "\n", omittingEmptySubsequences: false)
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
