/// Splits a command line into words the way a POSIX shell does, without expansion.
///
/// - `'…'` keeps everything literally; `"…"` keeps everything except `\"` and `\\`;
///   outside quotes a backslash makes the next character literal.
/// - Space, tab, CR and LF separate words; `""` is an empty word.
///
/// Example: `tokenize "a photo" of\ a 'cat'` -> `["tokenize", "a photo", "of a", "cat"]`.
/// Linear in the length of the line, so a pasted 1 MB line is fine.
public enum ShellWords {
    /// The words of a complete line; an unterminated quote is an error.
    public static func split(_ line: String) throws(LabError) -> [String] {
        let partial = splitPartial(line)
        if let quote = partial.openQuote {
            throw LabError.syntax("unterminated \(quote == "'" ? "single" : "double") quote — close it with \(quote)")
        }
        return partial.words + (partial.current.map { [$0] } ?? [])
    }

    /// The state of a line that is still being typed (used by completion).
    public struct Partial: Equatable, Sendable {
        /// The finished words before the cursor.
        public var words: [String]
        /// The word being typed, or nil when the line ends with a separator.
        public var current: String?
        /// The quote character still open at the end of the line, if any.
        public var openQuote: Character?
    }

    /// Splits as far as possible, reporting the word in progress and any open quote.
    public static func splitPartial(_ line: String) -> Partial {
        var words: [String] = []
        var word = String.UnicodeScalarView()
        var inWord = false
        var quote: Unicode.Scalar? = nil
        var iterator = line.unicodeScalars.makeIterator()
        while let c = iterator.next() {
            if let q = quote {
                if c == q {
                    quote = nil
                } else if q == "\"" && c == "\\" {
                    guard let next = iterator.next() else { word.append(c); break }
                    if next != "\"" && next != "\\" { word.append(c) }
                    word.append(next)
                } else {
                    word.append(c)
                }
                continue
            }
            switch c {
            case " ", "\t", "\n", "\r":
                if inWord { words.append(String(word)); word = String.UnicodeScalarView(); inWord = false }
            case "'", "\"":
                quote = c; inWord = true
            case "\\":
                inWord = true
                if let next = iterator.next() { word.append(next) } else { word.append(c) }
            default:
                inWord = true; word.append(c)
            }
        }
        return Partial(words: words, current: inWord ? String(word) : nil,
                       openQuote: quote.map { Character($0) })
    }

    /// Quotes a word so that `split` gives it back unchanged.
    ///
    /// Example: `quote("a cat")` -> `"'a cat'"`, `quote("it's")` -> `"\"it's\""`.
    public static func quote(_ word: String) -> String {
        if word.isEmpty { return "''" }
        let plain = word.unicodeScalars.allSatisfy { c in
            c.properties.isAlphabetic || c.properties.numericType != nil || "-_./:=,+%@^{}[]".unicodeScalars.contains(c)
        }
        if plain { return word }
        if !word.contains("'") { return "'\(word)'" }
        var out = "\""
        for ch in word {
            if ch == "\"" || ch == "\\" { out.append("\\") }
            out.append(ch)
        }
        return out + "\""
    }

    /// Joins words into a line that splits back into the same words.
    public static func join(_ words: [String]) -> String {
        words.map(quote).joined(separator: " ")
    }
}
