extension Tensor {
    /// A 64-bit FNV-1a hash of the shapes and exact bit patterns of `tensors`, in order, as 16
    /// hex digits: two runs agree on it only if every value is the same bits (`train --json`
    /// prints it for the trained parameters, so runs on different machines can be compared).
    ///
    /// Example: `Tensor.checksum([Tensor(shape: [2], data: [1, 2])])` is the same string on every machine.
    public static func checksum(_ tensors: [Tensor]) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        func mix(_ word: UInt32) {
            for shift in stride(from: 0, to: 32, by: 8) {
                hash = (hash ^ UInt64((word >> UInt32(shift)) & 0xFF)) &* 0x0000_0100_0000_01B3
            }
        }
        for t in tensors {
            for d in t.shape { mix(UInt32(truncatingIfNeeded: d)) }
            t.read { values in for v in values { mix(v.bitPattern) } }
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
