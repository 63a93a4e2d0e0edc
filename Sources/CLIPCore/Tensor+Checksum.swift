extension Tensor {
    /// A 64-bit FNV-1a hash of the shapes and exact bit patterns of `tensors`, in order, as 16
    /// hex digits: two runs agree on it only if every value is the same bits (`train --json`
    /// prints it for the trained parameters, so runs on different machines can be compared).
    ///
    /// Example: `Tensor.checksum([Tensor(shape: [2], data: [1, 2])])` is the same string on every machine.
    public static func checksum(_ tensors: [Tensor]) -> String {
        var hash = FNV1a()
        for t in tensors {
            for d in t.shape { hash.add(littleEndian: UInt32(truncatingIfNeeded: d)) }
            t.read { values in for v in values { hash.add(littleEndian: v.bitPattern) } }
        }
        return hash.hex
    }
}
