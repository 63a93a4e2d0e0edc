/// A 5×7 pixel font for printable ASCII, for labels on `Raster` plots.
///
/// Each glyph is 7 rows of 5 bits packed into one integer, top row first, leftmost pixel
/// in the highest bit; `g p q y` are drawn 2 rows lower so their tails descend. A few
/// symbols (`· × → … ᵀ`) have glyphs, some others an ASCII spelling (`“` → `"`), and the
/// rest (CJK included) are drawn as a hollow box.
///
/// ```
/// BitmapFont.rows(for: "1")   // [0b00100, 0b01100, 0b00100, 0b00100, 0b00100, 0b00100, 0b01110]
/// BitmapFont.ascii("“cat” ≈ 0.31")  // "\"cat\" ~ 0.31"
/// ```
public enum BitmapFont {
    public static let glyphWidth = 5
    public static let glyphHeight = 7
    /// Horizontal distance between glyph origins (one blank column).
    public static let advance = 6

    /// Glyphs for U+0020 through U+007E.
    private static let glyphs: [UInt64] = [
        0x000000000, 0x108421004, 0x294000000, 0x295F57D4A, 0x11F4717C4, 0x632222263,
        0x32544564D, 0x108000000, 0x088842082, 0x208210888, 0x009575480, 0x0084F9080,
        0x000003088, 0x0000F8000, 0x00000018C, 0x002222200, 0x3A33AE62E, 0x11842108E,
        0x3A211111F, 0x7C441062E, 0x08CA97C42, 0x7E1E0862E, 0x1910F462E, 0x7C2222108,
        0x3A317462E, 0x3A317844C, 0x018C03180, 0x018C03088, 0x088882082, 0x001F07C00,
        0x208208888, 0x3A2111004, 0x3A216D6AE, 0x3A31FC631, 0x7A31F463E, 0x3A308422E,
        0x72518C65C, 0x7E10F421F, 0x7E10F4210, 0x3A30BC62F, 0x4631FC631, 0x38842108E,
        0x1C4210A4C, 0x4654C5251, 0x42108421F, 0x4775AC631, 0x4639ACE31, 0x3A318C62E,
        0x7A31F4210, 0x3A318D64D, 0x7A31F5251, 0x3E107043E, 0x7C8421084, 0x46318C62E,
        0x46318C544, 0x4631AD6AA, 0x462A22A31, 0x462A21084, 0x7C222221F, 0x39084210E,
        0x020820820, 0x38421084E, 0x115100000, 0x00000001F, 0x208000000, 0x000E0BE2F,
        0x4216CC63E, 0x000E8422E, 0x042D9C62F, 0x000E8FE0E, 0x1928E2108, 0x3E318BC2E,
        0x4216CC631, 0x100C2108E, 0x080610A4C, 0x4212A6292, 0x30842108E, 0x001AAD631,
        0x0016CC631, 0x000E8C62E, 0x7A318FA10, 0x3E318BC21, 0x0016CC210, 0x000E8383E,
        0x211C42126, 0x00118C66D, 0x00118C544, 0x00118D6AA, 0x001151151, 0x46318BC2E,
        0x001F1111F, 0x088441082, 0x108421084, 0x208411088, 0x0008A8800,
    ]

    /// A few non-ASCII symbols the drawings use.
    private static let extras: [Character: UInt64] = [
        "·": 0x000020000,
        "×": 0x022A22A20,
        "→": 0x0082F8880,
        "←": 0x0088FA080,
        "…": 0x000000015,
        "Î": 0x11407108E,
        "ᵀ": 0x7C8400000,
        "‖": 0x294A5294A,
        "°": 0x324C00000,
        "–": 0x0000F8000,
        "—": 0x0000F8000,
    ]

    /// A hollow box for characters without a glyph.
    private static let missing: UInt64 = 0b11111_10001_10001_10001_10001_10001_11111

    private static let spellings: [Character: String] = [
        "’": "'", "‘": "'", "“": "\"", "”": "\"", "µ": "u", "√": "sqrt", "≈": "~",
    ]

    /// `text` with the non-ASCII characters the font can spell rewritten in ASCII.
    public static func ascii(_ text: String) -> String {
        var out = ""
        for c in text {
            if let s = spellings[c] { out += s } else { out.append(c) }
        }
        return out
    }

    /// The 7 rows of the glyph for `c` (5 low bits each, leftmost pixel in bit 4).
    public static func rows(for c: Character) -> [UInt8] {
        var bits = missing
        if let v = c.asciiValue, v >= 32, v < 127 { bits = glyphs[Int(v) - 32] } else if let e = extras[c] { bits = e }
        return (0..<7).map { UInt8((bits >> UInt64(5 * (6 - $0))) & 0x1F) }
    }

    /// Rows a glyph is drawn below the others: `g p q y` hang their tails under the baseline.
    public static func descent(for c: Character) -> Int {
        "gpqy".contains(c) ? 2 : 0
    }

    /// Width in pixels of `text` drawn at `scale`.
    public static func width(of text: String, scale: Int = 1) -> Int {
        let n = ascii(text).count
        return n == 0 ? 0 : (n * advance - 1) * max(scale, 1)
    }
}
