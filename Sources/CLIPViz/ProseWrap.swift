/// Re-wraps running text to a terminal width by display columns, for English, 中文 and
/// the two mixed.
///
/// A line breaks only at a space, or between two characters where one is CJK — never
/// inside a word, a number, an `inline code` span or a quoted 'command' (a piece wider
/// than the line stands alone on its line rather than being cut). Chinese line-breaking rules (禁则) hold: no
/// line starts with a closing mark (`，。、；：！？）」` …), none ends with an opening one
/// (`（「` …). ANSI styling counts zero columns and never starts a line of its own.
///
/// ```
/// ProseWrap.wrap("The toy model trains in seconds.", width: 12)
/// // ["The toy", "model trains", "in seconds."]
/// ProseWrap.wrap("模型把图片和文字放进同一个空间。", width: 10)
/// // ["模型把图片", "和文字放进", "同一个空间。"] — never a lone "。"
/// ```
public enum ProseWrap {
    /// Marks that may not start a line.
    public static let closing: Set<Character> = Set("，。、；：！？）」』》〉】〕〗”’…·—～%‰,.;:!?)]}") .union(["・"])
    /// Marks that may not end a line.
    public static let opening: Set<Character> = Set("（「『《〈【〔〖“‘([{")

    /// Whether `character` is East Asian text a line may break around (ideographs, kana,
    /// hangul, fullwidth forms and CJK punctuation). Quotes, `…` and `—` are shared with
    /// Latin text and are not: they stick to their neighbours by the rules above.
    public static func isCJK(_ character: Character) -> Bool {
        guard let v = character.unicodeScalars.first?.value else { return false }
        return (0x2E80...0x9FFF).contains(v) || (0xAC00...0xD7AF).contains(v) || (0xF900...0xFAFF).contains(v)
            || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFFEF).contains(v) || (0x20000...0x3FFFF).contains(v)
    }

    /// Source lines of one paragraph joined as Markdown reads them: a space between
    /// words, nothing between two CJK characters.
    public static func join(_ lines: [String]) -> String {
        var out = ""
        for raw in lines {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            if let last = out.last, let first = line.first, !(isCJK(last) && isCJK(first)) { out += " " }
            out += line
        }
        return out
    }

    /// One unbreakable piece: a word, a code span, one CJK character (with what sticks to it).
    private struct Piece {
        var text = ""
        var width = 0
        /// A space came before it in the source (a break there drops the space).
        var spaceBefore = false
    }

    /// `text` (one paragraph, newlines read as spaces) in lines of at most `width` columns.
    public static func wrap(_ text: String, width: Int) -> [String] {
        let width = max(width, 1)
        if !text.contains("\n"), DisplayWidth.of(text) <= width { return [text] }
        let groups = glue(pieces(text))
        var lines: [String] = []
        var line = ""
        var used = 0
        for group in groups {
            let gap = line.isEmpty ? 0 : (group.spaceBefore ? 1 : 0)
            if line.isEmpty || used + gap + group.width <= width {
                line += (gap == 1 ? " " : "") + group.text
                used += gap + group.width
            } else {
                lines.append(line)
                line = group.text
                used = group.width
            }
        }
        if !line.isEmpty || lines.isEmpty { lines.append(line) }
        return lines
    }

    /// Splits text into pieces; a break is possible only between two pieces.
    private static func pieces(_ text: String) -> [Piece] {
        var pieces: [Piece] = []
        var current = Piece()
        var pendingSpace = false
        var inCode = false
        var inEscape = false
        func flush() {
            if !current.text.isEmpty { pieces.append(current) }
            current = Piece()
        }
        func start() {
            if current.text.isEmpty { current.spaceBefore = pendingSpace; pendingSpace = false }
        }
        let characters = Array(text)
        var quoteEnd = -1      // index of the closing ' of a quoted command ('load toy --previous')
        for (index, character) in characters.enumerated() {
            if index <= quoteEnd {
                current.text.append(character)
                current.width += DisplayWidth.of(character)
                continue
            }
            if character == "'", current.text.isEmpty, let close = quoteClose(characters, from: index) {
                start()
                quoteEnd = close
                current.text.append(character)
                current.width += 1
                continue
            }
            if inEscape {
                current.text.append(character)
                if let v = character.unicodeScalars.first?.value, v >= 0x40 && v <= 0x7E, v != 0x5B { inEscape = false }
                continue
            }
            if character.unicodeScalars.first?.value == 0x1B {
                // Styling sticks to the text it opens or closes (see `glue`).
                start()
                current.text.append(character)
                inEscape = true
                continue
            }
            if inCode {
                current.text.append(character)
                current.width += DisplayWidth.of(character)
                if character == "`" { inCode = false }
                continue
            }
            if character == " " || character == "\n" || character == "\t" {
                flush()
                pendingSpace = true
                continue
            }
            if character == "`" {
                if let last = current.text.last, isCJK(last) { flush() }
                start()
                current.text.append(character)
                current.width += 1
                inCode = true
                continue
            }
            if isCJK(character) {
                // A CJK character stands alone; styling codes right before it come along.
                if !current.text.isEmpty && DisplayWidth.of(current.text) > 0 { flush() }
                start()
                current.text.append(character)
                current.width += DisplayWidth.of(character)
                flush()
                continue
            }
            // A Latin letter, digit or mark right after a CJK piece begins a new piece.
            start()
            current.text.append(character)
            current.width += DisplayWidth.of(character)
        }
        flush()
        return pieces
    }

    /// The index of the `'` closing a quoted span that opens at `start` (a quote at a word's
    /// start, closed within 60 characters by a `'` not followed by a letter), or nil.
    private static func quoteClose(_ characters: [Character], from start: Int) -> Int? {
        var i = start + 1
        while i < characters.count && i - start <= 60 {
            if characters[i] == "'" && i > start + 1 {
                let next = i + 1 < characters.count ? characters[i + 1] : " "
                if !next.isLetter { return i }
            }
            if characters[i] == "\n" { return nil }
            i += 1
        }
        return nil
    }

    /// Joins pieces that must not be broken apart: a closing mark to what precedes it, an
    /// opening mark to what follows, and trailing styling codes to their text.
    private static func glue(_ pieces: [Piece]) -> [Piece] {
        var groups: [Piece] = []
        for piece in pieces {
            guard var last = groups.last else { groups.append(piece); continue }
            let first = visibleFirst(piece.text)
            let end = visibleLast(last.text)
            let sticks = piece.width == 0
                || (first.map { closing.contains($0) } ?? false)
                || (end.map { opening.contains($0) } ?? false)
            if sticks {
                last.text += (piece.spaceBefore ? " " : "") + piece.text
                last.width += (piece.spaceBefore ? 1 : 0) + piece.width
                groups[groups.count - 1] = last
            } else {
                groups.append(piece)
            }
        }
        return groups
    }

    /// The first character of `text` that is not part of an ANSI escape.
    static func visibleFirst(_ text: String) -> Character? { ANSIText.plain(text).first }
    static func visibleLast(_ text: String) -> Character? { ANSIText.plain(text).last }

    /// A line that must not be re-wrapped (a table row, code) cut to `width` columns with
    /// a `…` marker when it is wider.
    public static func cut(_ line: String, width: Int) -> String {
        guard DisplayWidth.of(line) > width else { return line }
        let plain = ANSIText.plain(line)
        return DisplayWidth.prefix(plain, width: max(width - 1, 0)) + DisplayWidth.ellipsis
    }
}
