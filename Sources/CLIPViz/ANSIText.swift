/// Text with its ANSI escape sequences removed: what a drawing says without its colours.
///
/// Removes CSI sequences (`ESC [ … final`, colours and cursor moves), OSC sequences
/// (`ESC ] … BEL` or `ESC ] … ESC \`) and two-character escapes.
/// Example: `ANSIText.plain("\u{1B}[1mcat\u{1B}[0m")` → `"cat"`.
public enum ANSIText {
    public static func plain(_ text: String) -> String {
        guard text.unicodeScalars.contains("\u{1B}") else { return text }
        var out = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            guard c == "\u{1B}", i + 1 < scalars.count else { out.append(c); i += 1; continue }
            let kind = scalars[i + 1]
            i += 2
            if kind == "[" {
                // Parameters and intermediates, then one final byte in @…~.
                while i < scalars.count, !(0x40...0x7E).contains(scalars[i].value) { i += 1 }
                i += 1
            } else if kind == "]" {
                while i < scalars.count {
                    if scalars[i] == "\u{07}" { i += 1; break }
                    if scalars[i] == "\u{1B}", i + 1 < scalars.count, scalars[i + 1] == "\\" { i += 2; break }
                    i += 1
                }
            }
        }
        return String(out)
    }
}
