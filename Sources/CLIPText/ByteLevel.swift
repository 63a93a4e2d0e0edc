/// GPT-2/CLIP's reversible map between the 256 byte values and 256 printable characters.
///
/// Printable bytes (`!`…`~`, `¡`…`¬`, `®`…`ÿ`) map to themselves; the other 68 bytes map to
/// U+0100, U+0101, … in order, so every byte has a visible, non-space stand-in.
/// Example: space (0x20) ↦ `Ġ` (U+0120), `a` ↦ `a`, 0xC3 ↦ `Ã`.
///
/// The byte-level vocabulary order is `printableBytes` followed by the remapped bytes: token id
/// `i < 256` is the single symbol for `order[i]`, and `i + 256` is the same symbol with `</w>`.
public enum ByteLevel {
    /// The 256 bytes in vocabulary order (printable ones first, then the remapped ones).
    public static let order: [UInt8] = {
        var printable = Array(UInt8(ascii: "!")...UInt8(ascii: "~")) + Array(UInt8(0xA1)...0xAC) + Array(UInt8(0xAE)...0xFF)
        let set = Set(printable)
        for b in 0...255 where !set.contains(UInt8(b)) { printable.append(UInt8(b)) }
        return printable
    }()

    /// `scalar[b]`: the printable stand-in character for byte `b`.
    public static let scalar: [Unicode.Scalar] = {
        var table = [Unicode.Scalar](repeating: " ", count: 256)
        var next: UInt32 = 256
        for b in 0...255 {
            let printable = (0x21...0x7E).contains(b) || (0xA1...0xAC).contains(b) || (0xAE...0xFF).contains(b)
            if printable {
                table[b] = Unicode.Scalar(UInt8(b))
            } else {
                table[b] = Unicode.Scalar(next)!
                next += 1
            }
        }
        return table
    }()

    /// `vocabularyIndex[b]`: position of byte `b` in `order` (its token id without `</w>`).
    public static let vocabularyIndex: [Int32] = {
        var index = [Int32](repeating: 0, count: 256)
        for (i, b) in order.enumerated() { index[Int(b)] = Int32(i) }
        return index
    }()

    /// The byte a stand-in character represents, or nil when it is not one of the 256.
    public static func byte(for scalar: Unicode.Scalar) -> UInt8? {
        let v = scalar.value
        if v < 256 {
            let b = Int(v)
            let printable = (0x21...0x7E).contains(b) || (0xA1...0xAC).contains(b) || (0xAE...0xFF).contains(b)
            return printable ? UInt8(b) : nil
        }
        return v < 256 + 68 ? nonPrintable[Int(v - 256)] : nil
    }

    private static let nonPrintable: [UInt8] = Array(order[188...])

    /// The printable form of a byte string, e.g. `[0x20, 0x61]` → `"Ġa"`.
    public static func printable<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        var s = String.UnicodeScalarView()
        for b in bytes { s.append(scalar[Int(b)]) }
        return String(s)
    }

    /// Bytes back from a printable form; characters outside the map are skipped.
    public static func bytes(_ printable: Substring) -> [UInt8] {
        printable.unicodeScalars.compactMap { byte(for: $0) }
    }
}
