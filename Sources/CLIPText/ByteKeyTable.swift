import CLIPCore

/// Open-addressing hash table from a byte string to an `Int32`, with keys kept in one arena.
///
/// Used for token-string → id lookups while loading merges, and as the index of the per-word
/// cache: hashing raw UTF-8 bytes (FNV-1a) avoids building a `String` per word.
struct ByteKeyTable: Sendable {
    private var slots: [Int32]          // entry index + 1, 0 = empty
    private var hashes: [UInt64] = []
    private var keyStart: [Int32] = []
    private var keyLength: [Int32] = []
    private(set) var values: [Int32] = []
    private(set) var arena: [UInt8] = []
    private var mask: Int

    var count: Int { values.count }
    var arenaBytes: Int { arena.count }

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Int32](repeating: 0, count: size)
        mask = size - 1
    }

    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var fnv = FNV1a()
        fnv.add(bytes)
        let h = fnv.value
        return h ^ (h >> 29)
    }

    /// The value stored for `bytes`, or nil.
    @inline(__always)
    func find(_ bytes: UnsafeBufferPointer<UInt8>, hash h: UInt64) -> Int32? {
        var i = Int(truncatingIfNeeded: h) & mask
        return arena.withUnsafeBufferPointer { arenaBuf in
            while true {
                let e = Int(slots[i]) - 1
                if e < 0 { return nil }
                if hashes[e] == h && Int(keyLength[e]) == bytes.count {
                    let start = Int(keyStart[e])
                    var same = true
                    for j in 0..<bytes.count where arenaBuf[start + j] != bytes[j] { same = false; break }
                    if same { return values[e] }
                }
                i = (i + 1) & mask
            }
        }
    }

    func find(_ bytes: [UInt8]) -> Int32? {
        bytes.withUnsafeBufferPointer { find($0, hash: Self.hash($0)) }
    }

    /// Stores `value` for `bytes` (replacing an earlier value for the same key).
    mutating func insert(_ bytes: UnsafeBufferPointer<UInt8>, hash h: UInt64, value: Int32) {
        if (values.count + 1) * 2 > slots.count { grow() }
        var i = Int(truncatingIfNeeded: h) & mask
        while true {
            let e = Int(slots[i]) - 1
            if e < 0 { break }
            if hashes[e] == h && Int(keyLength[e]) == bytes.count
                && arena[Int(keyStart[e])..<Int(keyStart[e]) + bytes.count].elementsEqual(bytes) {
                values[e] = value
                return
            }
            i = (i + 1) & mask
        }
        slots[i] = Int32(values.count + 1)
        hashes.append(h)
        keyStart.append(Int32(arena.count))
        keyLength.append(Int32(bytes.count))
        arena.append(contentsOf: bytes)
        values.append(value)
    }

    mutating func insert(_ bytes: [UInt8], value: Int32) {
        bytes.withUnsafeBufferPointer { insert($0, hash: Self.hash($0), value: value) }
    }

    /// Forgets every entry, keeping the allocated capacity.
    mutating func removeAll() {
        for i in slots.indices { slots[i] = 0 }
        hashes.removeAll(keepingCapacity: true)
        keyStart.removeAll(keepingCapacity: true)
        keyLength.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
        arena.removeAll(keepingCapacity: true)
    }

    private mutating func grow() {
        let size = slots.count * 2
        slots = [Int32](repeating: 0, count: size)
        mask = size - 1
        for e in 0..<values.count {
            var i = Int(truncatingIfNeeded: hashes[e]) & mask
            while slots[i] != 0 { i = (i + 1) & mask }
            slots[i] = Int32(e + 1)
        }
    }
}
