import CLIPCore
import Foundation

/// The `.npy` header (magic, version, dict) and payload; an array that decodes must
/// re-encode and decode to itself.
enum NPYFuzz {
    static func run(_ bytes: [UInt8]) throws(FuzzFinding) -> Bool {
        guard let array = try? NPY.decode(Data(bytes)) else { return false }
        let count = array.shape.reduce(1, *)
        switch array.values {
        case .float32(let v): try expect(v.count == count, "float32 payload of \(v.count) for shape \(array.shape)")
        case .int32(let v): try expect(v.count == count, "int32 payload of \(v.count) for shape \(array.shape)")
        }
        let again = try? NPY.decode(NPY.encode(array))
        try expect(again.map(bits) == bits(array), "encode/decode round trip changed \(array.shape)")
        return true
    }

    /// The payload's bits (so NaNs compare equal to themselves).
    static func bits(_ array: NPYArray) -> [UInt32] {
        switch array.values {
        case .float32(let v): v.map(\.bitPattern)
        case .int32(let v): v.map { UInt32(bitPattern: $0) }
        }
    }
}
