/// How drawings are coloured: off (plain text), xterm 256 colours, or 24-bit truecolor.
///
/// With colour off every helper returns its text unchanged, so plain output carries no
/// escape sequences; drawings then rely on shade glyphs (` ░▒▓█`), brackets and numbers.
/// The caller decides the mode (e.g. `color: .off` when `NO_COLOR` is set or stdout is
/// not a terminal).
///
/// ```
/// Style.plain.bold("0.31")               // "0.31"
/// Style.truecolor.fg("0.31", RGB(255, 0, 0)) // "\u{1B}[38;2;255;0;0m0.31\u{1B}[0m"
/// Style.shade(0.8)                       // "▓"
/// ```
public struct Style: Sendable, Hashable {
    public enum ColorMode: String, Sendable, Hashable, CaseIterable {
        case off, ansi256, truecolor
    }

    public var color: ColorMode
    public var theme: Theme

    public init(color: ColorMode = .off, theme: Theme = .default) {
        self.color = color
        self.theme = theme
    }

    public static let plain = Style(color: .off)
    public static let ansi256 = Style(color: .ansi256)
    public static let truecolor = Style(color: .truecolor)

    /// True when escape sequences are emitted.
    public var isColored: Bool { color != .off }

    static let reset = "\u{1B}[0m"

    private func code(_ c: RGB, background: Bool) -> String {
        switch color {
        case .off: return ""
        case .ansi256: return "\u{1B}[\(background ? 48 : 38);5;\(c.ansi256Index)m"
        case .truecolor: return "\u{1B}[\(background ? 48 : 38);2;\(c.r);\(c.g);\(c.b)m"
        }
    }

    /// `text` in foreground colour `c`.
    public func fg(_ text: String, _ c: RGB) -> String {
        guard isColored, !text.isEmpty else { return text }
        return code(c, background: false) + text + Style.reset
    }

    /// `text` on background `c`, in `foreground` (default: black or white, whichever reads).
    public func bg(_ text: String, _ c: RGB, foreground: RGB? = nil) -> String {
        guard isColored, !text.isEmpty else { return text }
        let f = foreground ?? (c.luminance > 0.5 ? RGB(20, 20, 20) : RGB(245, 245, 245))
        return code(c, background: true) + code(f, background: false) + text + Style.reset
    }

    /// Bold text (plain when colour is off).
    public func bold(_ text: String) -> String {
        guard isColored, !text.isEmpty else { return text }
        return "\u{1B}[1m" + text + Style.reset
    }

    /// Bold text in colour `c`.
    public func bold(_ text: String, _ c: RGB) -> String {
        guard isColored, !text.isEmpty else { return text }
        return "\u{1B}[1m" + code(c, background: false) + text + Style.reset
    }

    /// Text in the theme's muted grey (axes, legends, captions).
    public func muted(_ text: String) -> String { fg(text, theme.muted) }

    /// Text in the theme's highlight colour, bold.
    public func accent(_ text: String) -> String { bold(text, theme.accent) }

    /// The five shade glyphs from empty to full.
    public static let shades: [Character] = [" ", "░", "▒", "▓", "█"]

    /// The shade glyph for `t` in [0, 1] (clamped; NaN gives `×`).
    public static func shade(_ t: Double) -> Character {
        if t.isNaN { return "×" }
        let i = Int((min(max(t, 0), 1) * 4).rounded())
        return shades[i]
    }
}
