/// The 64-bit FNV-1a hash (Fowler, Noll, Vo): for each byte, xor it in, then multiply by the
/// FNV prime. Fast, and the same on every machine — what the checksums of trained parameters
/// and toy pictures, the train cache's keys and the tokenizer's word table need; not
/// cryptographic.
///
/// Example: `var h = FNV1a(); h.add(Array("a".utf8)); h.hex == "af63dc4c8601ec8c"`.
public struct FNV1a: Sendable {
    public private(set) var value: UInt64 = 0xCBF2_9CE4_8422_2325

    public init() {}

    @inline(__always)
    public mutating func add(_ byte: UInt8) { value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }

    @inline(__always)
    public mutating func add<Bytes: Sequence<UInt8>>(_ bytes: Bytes) { for byte in bytes { add(byte) } }

    /// The four bytes of `word`, lowest first.
    @inline(__always)
    public mutating func add(littleEndian word: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { add(UInt8(truncatingIfNeeded: word >> UInt32(shift))) }
    }

    /// The hash as 16 lowercase hex digits.
    public var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
