import Foundation

/// An element type a safetensors header can name, with its size and its conversion to Float32.
///
/// Floats (F16, BF16, F32, F64) and integers convert to `Float`; the 8-bit float formats
/// are recognised but not converted.
/// Example: `SafeTensorsDType(rawValue: "BF16")?.byteSize == 2`.
public enum SafeTensorsDType: String, Sendable, CaseIterable {
    case bool = "BOOL"
    case u8 = "U8", i8 = "I8", u16 = "U16", i16 = "I16"
    case u32 = "U32", i32 = "I32", u64 = "U64", i64 = "I64"
    case f8e5m2 = "F8_E5M2", f8e4m3 = "F8_E4M3"
    case f16 = "F16", bf16 = "BF16", f32 = "F32", f64 = "F64"

    /// Bytes per element.
    public var byteSize: Int {
        switch self {
        case .bool, .u8, .i8, .f8e5m2, .f8e4m3: 1
        case .u16, .i16, .f16, .bf16: 2
        case .u32, .i32, .f32: 4
        case .u64, .i64, .f64: 8
        }
    }

    /// Whether `convert` can turn this dtype into Float32.
    public var convertsToFloat: Bool { self != .f8e5m2 && self != .f8e4m3 }

    /// Converts `count` little-endian elements at `source` (any alignment) into `destination`.
    ///
    /// Returns `false` for the dtypes that `convertsToFloat` rejects. The loops are branch-free
    /// so the release build vectorises them.
    @discardableResult
    func convert(_ source: UnsafeRawPointer, count: Int, into destination: UnsafeMutablePointer<Float>) -> Bool {
        switch self {
        case .f32:
            memcpy(destination, source, count * 4)
        case .f16:
            for i in 0..<count {
                destination[i] = halfToFloat(source.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))
            }
        case .bf16:
            for i in 0..<count {
                let bits = UInt32(source.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)) << 16
                destination[i] = Float(bitPattern: bits)
            }
        case .f64: widen(source, count, destination, Double.self) { Float($0) }
        case .i64: widen(source, count, destination, Int64.self) { Float($0) }
        case .u64: widen(source, count, destination, UInt64.self) { Float($0) }
        case .i32: widen(source, count, destination, Int32.self) { Float($0) }
        case .u32: widen(source, count, destination, UInt32.self) { Float($0) }
        case .i16: widen(source, count, destination, Int16.self) { Float($0) }
        case .u16: widen(source, count, destination, UInt16.self) { Float($0) }
        case .i8: widen(source, count, destination, Int8.self) { Float($0) }
        case .u8: widen(source, count, destination, UInt8.self) { Float($0) }
        case .bool: widen(source, count, destination, UInt8.self) { $0 == 0 ? 0 : 1 }
        case .f8e5m2, .f8e4m3: return false
        }
        return true
    }

    @inline(__always)
    private func widen<T: BitwiseCopyable>(_ source: UnsafeRawPointer, _ count: Int,
                                           _ destination: UnsafeMutablePointer<Float>, _: T.Type,
                                           _ toFloat: (T) -> Float) {
        for i in 0..<count {
            destination[i] = toFloat(source.loadUnaligned(fromByteOffset: MemoryLayout<T>.size * i, as: T.self))
        }
    }
}

/// IEEE half → single by bit manipulation (exact for every input, NaN payloads kept).
///
/// Shift exponent and mantissa into place and rebias; Inf/NaN get the top exponent,
/// subnormals are renormalised by one float subtraction. Example: `0x3C00` → `1.0`.
@inline(__always)
func halfToFloat(_ h: UInt16) -> Float {
    let h32 = UInt32(h)
    let sign = (h32 & 0x8000) << 16
    let shifted = (h32 & 0x7FFF) << 13               // exponent + mantissa in float position
    let exponent = shifted & 0x0F80_0000             // the five half exponent bits
    let normal = shifted &+ ((127 - 15) << 23)       // rebias 15 → 127
    let special = normal &+ ((128 - 16) << 23)       // Inf/NaN: exponent all ones
    // Subnormal: 2^-14 · (1 + m/1024) − 2^-14 = m · 2^-24.
    let subnormal = (Float(bitPattern: normal &+ (1 << 23)) - Float(bitPattern: 113 << 23)).bitPattern
    let magnitude = exponent == 0x0F80_0000 ? special : (exponent == 0 ? subnormal : normal)
    return Float(bitPattern: magnitude | sign)
}
