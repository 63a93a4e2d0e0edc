/// Per-scalar facts the cleaner and splitter ask for on every character, precomputed for the BMP.
///
/// Unicode property lookups cost tens of nanoseconds each; a 64K-entry table answers "pattern
/// class, Python whitespace, needs an ftfy fix, may change under NFC, lower-case form" with one
/// load. Built on first use of non-ASCII text (a few milliseconds); astral scalars are computed.
enum ScalarTable {
    // Bit layout of an entry.
    static let classMask: UInt32 = 0b11           // PatternSplitter.ScalarClass raw value
    static let whitespaceBit: UInt32 = 1 << 2     // Python str.isspace()
    static let fixBit: UInt32 = 1 << 3            // TextFixer.fixCharacters may change it
    static let nfcBit: UInt32 = 1 << 4            // NFC may change text containing it
    static let lowerBit: UInt32 = 1 << 5          // changes when lower-cased
    static let lowerComplexBit: UInt32 = 1 << 6   // lower-case form is not one BMP scalar (or is Σ)
    static let lowerShift: UInt32 = 16            // simple lower-case form

    static let bmp: [UInt32] = {
        var table = [UInt32](repeating: 0, count: 0x10000)
        for v in 0..<0x10000 { table[v] = compute(UInt32(v)) }
        return table
    }()

    @inline(__always)
    static func info(_ v: UInt32) -> UInt32 {
        v < 0x10000 ? bmp[Int(v)] : compute(v)
    }

    /// Composing characters with combining class 0 (NFC_Quick_Check = Maybe).
    private static let composingStarters: Set<UInt32> = [
        0x0B3E, 0x0B56, 0x0B57, 0x0BBE, 0x0BD7, 0x0C56, 0x0CC2, 0x0CD5, 0x0CD6, 0x0D3E, 0x0D57, 0x0DCF, 0x0DDF,
        0x102E, 0x1B35, 0x110BA, 0x11127, 0x1133E, 0x11357, 0x114B0, 0x114BA, 0x114BD, 0x115AF, 0x11930,
    ]

    static func compute(_ v: UInt32) -> UInt32 {
        guard let scalar = Unicode.Scalar(v) else { return UInt32(PatternSplitter.ScalarClass.other.rawValue) }
        var entry = UInt32(PatternSplitter.classifySlow(v).rawValue)
        if TextCleaner.isPythonWhitespace(v) { entry |= whitespaceBit }
        if TextFixer.mayFixCharacter(v) { entry |= fixBit }
        let p = scalar.properties
        if p.canonicalCombiningClass != .notReordered || p.isFullCompositionExclusion
            || (0x1100...0x11FF).contains(v) || composingStarters.contains(v) {
            entry |= nfcBit
        }
        if v == 0x3A3 {
            entry |= lowerBit | lowerComplexBit
        } else if p.changesWhenLowercased {
            entry |= lowerBit
            let lower = Array(p.lowercaseMapping.unicodeScalars)
            if lower.count == 1 && lower[0].value < 0x10000 {
                entry |= lower[0].value << lowerShift
            } else {
                entry |= lowerComplexBit
            }
        }
        return entry
    }
}
