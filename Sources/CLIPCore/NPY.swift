import Foundation

/// The contents of a NumPy `.npy` file: a shape and float32 or int32 values in C order.
///
/// Example: `NPYArray(shape: [2], int32: [7, 9]).tensor.data == [7, 9]`.
public struct NPYArray: Equatable, Sendable {
    /// The stored values, in their own element type.
    public enum Values: Equatable, Sendable {
        case float32([Float])
        case int32([Int32])
    }

    /// Dimensions, outermost first; `[]` for a 0-d array.
    public var shape: [Int]
    public var values: Values

    public init(shape: [Int], float32 values: [Float]) {
        precondition(shape.reduce(1, *) == values.count, "shape \(shape) needs \(shape.reduce(1, *)) values")
        self.shape = shape
        self.values = .float32(values)
    }

    public init(shape: [Int], int32 values: [Int32]) {
        precondition(shape.reduce(1, *) == values.count, "shape \(shape) needs \(shape.reduce(1, *)) values")
        self.shape = shape
        self.values = .int32(values)
    }

    /// A float32 array holding `tensor`'s shape and values.
    public init(_ tensor: Tensor) { self.init(shape: tensor.shape, float32: tensor.data) }

    /// NumPy's name for the stored type: `"<f4"` or `"<i4"`.
    public var descr: String {
        switch values {
        case .float32: "<f4"
        case .int32: "<i4"
        }
    }

    /// The values as a Float32 tensor (int32 converted exactly up to 2^24).
    public var tensor: Tensor {
        switch values {
        case .float32(let v): Tensor(shape: shape, data: v)
        case .int32(let v): Tensor(shape: shape, data: v.map { Float($0) })
        }
    }

    /// The values as Int32 when the file stored int32 (token ids, labels), otherwise nil.
    public var int32Values: [Int32]? {
        if case .int32(let v) = values { return v }
        return nil
    }
}

/// Reading and writing NumPy `.npy` files (format 1.0, 2.0 and 3.0; `<f4` and `<i4`, C order).
///
/// Example:
/// ```
/// try NPY.write(Tensor(shape: [2, 2], data: [1, 2, 3, 4]), to: url)
/// let x = try NPY.readTensor(url)          // [2, 2]
/// let ids = try NPY.read(url).int32Values  // nil: stored as float32
/// ```
public enum NPY {
    private static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

    /// What to do when an array does not fit in memory.
    static let arrayAdvice = "close other programs or save a smaller array"

    /// Headers longer than this are refused (numpy itself stops at 10,000 bytes by default).
    public static let maxHeaderBytes = 1 << 20

    /// Reads the `.npy` file at `url`: the header first, then exactly the bytes it announces,
    /// after checking they exist and fit in `availableMemory` (nil: no memory check).
    public static func read(_ url: URL, availableMemory: Int? = SystemMemory.available()) throws -> NPYArray {
        let path = url.path
        let file: FileAccess.OpenFile
        do { file = try FileAccess.open(path) } catch { throw TensorFileError(error) }
        defer { close(file.descriptor) }
        var prefix = [UInt8](repeating: 0, count: min(file.size, maxHeaderBytes + 12))
        let got: Int
        do {
            got = try prefix.withUnsafeMutableBytes { (raw) throws(FileAccessError) -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return try FileAccess.read(file, at: 0, count: raw.count, into: base)
            }
        } catch let error as FileAccessError { throw TensorFileError(error) }
        let layout = try parseLayout(prefix[0..<got], path: path)
        let needed = layout.count * 4
        guard file.size - layout.bodyStart >= needed else {
            throw TensorFileError.truncated(path: path, key: nil,
                detail: "shape \(layout.shape) needs \(needed) data bytes but the file holds \(file.size - layout.bodyStart)")
        }
        do { try SystemMemory.check(needing: needed, available: availableMemory, advice: arrayAdvice) } catch {
            throw TensorFileError.notEnoughMemory(path: path, error)
        }
        func body<T>(_ type: T.Type) throws -> [T] {
            var failure: FileAccessError?
            var arrived = 0
            // 4-byte POD elements: any bytes not read are never exposed (we throw below).
            let values = [T](uninitializedCount: layout.count) { buffer in
                if let base = buffer.baseAddress, needed > 0 {
                    do { arrived = try FileAccess.read(file, at: layout.bodyStart, count: needed, into: base) } catch let error as FileAccessError { failure = error } catch {}
                }
            }
            if let failure { throw TensorFileError(failure) }
            guard arrived == needed else {
                throw TensorFileError.truncated(path: path, key: nil, detail: "the file shrank while being read")
            }
            return values
        }
        if layout.isFloat { return NPYArray(shape: layout.shape, float32: try body(Float.self)) }
        return NPYArray(shape: layout.shape, int32: try body(Int32.self))
    }

    /// Reads the `.npy` file at `url` as a Float32 tensor (int32 values converted).
    public static func readTensor(_ url: URL) throws -> Tensor { try read(url).tensor }

    /// Writes `tensor` as a float32 `.npy` file.
    public static func write(_ tensor: Tensor, to url: URL) throws { try write(NPYArray(tensor), to: url) }

    /// Writes `array` as a `.npy` file, byte for byte as `numpy.save` would.
    public static func write(_ array: NPYArray, to url: URL) throws {
        do {
            try encode(array).write(to: url, options: .atomic)
        } catch {
            throw TensorFileError.writeFailed(path: url.path, reason: (error as NSError).localizedDescription)
        }
    }

    /// The bytes of a `.npy` file holding `array` (format 1.0, or 2.0 for huge headers).
    public static func encode(_ array: NPYArray) -> Data {
        let dims = array.shape.map(String.init)
        let shape = dims.count == 1 ? "(\(dims[0]),)" : "(" + dims.joined(separator: ", ") + ")"
        var header = "{'descr': '\(array.descr)', 'fortran_order': False, 'shape': \(shape), }"
        // numpy leaves room for the first axis to grow in place.
        if let first = dims.first { header += String(repeating: " ", count: max(0, 21 - first.count)) }
        let text = Array(header.utf8)
        func padLength(_ lengthFieldBytes: Int) -> Int { 64 - ((magic.count + 2 + lengthFieldBytes + text.count + 1) % 64) }
        let lengthFieldBytes = text.count + 1 + padLength(2) <= 65_535 ? 2 : 4
        let padding = padLength(lengthFieldBytes)
        let headerLength = text.count + padding + 1

        var out = Data(magic)
        if lengthFieldBytes == 2 {
            out.append(contentsOf: [1, 0])
            withUnsafeBytes(of: UInt16(headerLength).littleEndian) { out.append(contentsOf: $0) }
        } else {
            out.append(contentsOf: [2, 0])
            withUnsafeBytes(of: UInt32(headerLength).littleEndian) { out.append(contentsOf: $0) }
        }
        out.append(contentsOf: text)
        out.append(contentsOf: [UInt8](repeating: UInt8(ascii: " "), count: padding))
        out.append(UInt8(ascii: "\n"))
        switch array.values {   // host is little-endian
        case .float32(let v): v.withUnsafeBytes { out.append(contentsOf: $0) }
        case .int32(let v): v.withUnsafeBytes { out.append(contentsOf: $0) }
        }
        return out
    }

    /// Parses `.npy` bytes; `path` only names the source in errors.
    public static func decode(_ data: Data, path: String = "<memory>") throws -> NPYArray {
        let bytes = [UInt8](data)
        let layout = try parseLayout(bytes[...], path: path)
        let available = bytes.count - layout.bodyStart
        guard available >= layout.count * 4 else {
            throw TensorFileError.truncated(path: path, key: nil,
                detail: "shape \(layout.shape) needs \(layout.count * 4) data bytes but the file holds \(available)")
        }
        let count = layout.count
        return bytes.withUnsafeBytes { raw in
            let body = raw.baseAddress! + layout.bodyStart   // bytes holds at least the 10-byte preamble
            if layout.isFloat {
                let values = [Float](uninitializedCount: count) { memcpy($0.baseAddress!, body, count * 4) }
                return NPYArray(shape: layout.shape, float32: values)
            }
            let values = [Int32](uninitializedCount: count) { memcpy($0.baseAddress!, body, count * 4) }
            return NPYArray(shape: layout.shape, int32: values)
        }
    }

    /// What the header of a `.npy` says: shape, element type, where the data starts.
    private struct Layout {
        var shape: [Int]
        var isFloat: Bool
        var bodyStart: Int
        var count: Int
    }

    /// Parses the preamble and header at the start of `bytes` (the body need not be there).
    private static func parseLayout(_ bytes: ArraySlice<UInt8>, path: String) throws -> Layout {
        let bytes = Array(bytes)
        if bytes.isEmpty { throw TensorFileError.badMagic(path: path, detail: "the file is empty") }
        guard bytes.count >= 10, Array(bytes[0..<6]) == magic else {
            throw TensorFileError.badMagic(path: path, detail: "missing the \\x93NUMPY signature")
        }
        let major = bytes[6], minor = bytes[7]
        let lengthFieldBytes: Int
        switch (major, minor) {
        case (1, 0): lengthFieldBytes = 2
        case (2, 0), (3, 0): lengthFieldBytes = 4
        default: throw TensorFileError.badMagic(path: path, detail: "unknown format version \(major).\(minor)")
        }
        guard bytes.count >= 8 + lengthFieldBytes else {
            throw TensorFileError.truncated(path: path, key: nil, detail: "the file ends inside the header length")
        }
        var headerLength = 0
        for i in (0..<lengthFieldBytes).reversed() { headerLength = headerLength << 8 | Int(bytes[8 + i]) }
        guard headerLength <= maxHeaderBytes else {
            throw TensorFileError.invalidHeader(path: path, key: nil,
                detail: "header claims \(headerLength) bytes, over the \(maxHeaderBytes)-byte limit")
        }
        let headerStart = 8 + lengthFieldBytes
        guard headerStart + headerLength <= bytes.count else {
            throw TensorFileError.truncated(path: path, key: nil,
                detail: "header claims \(headerLength) bytes but only \(bytes.count - headerStart) follow")
        }
        var parser = HeaderParser(bytes: bytes[headerStart..<headerStart + headerLength], path: path)
        let header = try parser.parseHeader()
        if header.fortranOrder { throw TensorFileError.fortranOrder(path: path) }
        let elementSize = 4
        var count = 1
        for dim in header.shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: dim)
            guard dim >= 0, !overflow, product <= Int.max / elementSize else {
                throw TensorFileError.invalidHeader(path: path, key: nil, detail: "shape \(header.shape) is not a valid shape")
            }
            count = product
        }
        guard header.descr == "<f4" || header.descr == "<i4" else {
            throw TensorFileError.unsupportedDType(path: path, key: nil, dtype: header.descr)
        }
        return Layout(shape: header.shape, isFloat: header.descr == "<f4", bodyStart: headerStart + headerLength, count: count)
    }
}

/// Reads the Python dict literal of a `.npy` header:
/// `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }`.
private struct HeaderParser {
    var bytes: ArraySlice<UInt8>
    var index: Int
    let path: String

    init(bytes: ArraySlice<UInt8>, path: String) {
        self.bytes = bytes
        self.index = bytes.startIndex
        self.path = path
    }

    mutating func parseHeader() throws -> (descr: String, fortranOrder: Bool, shape: [Int]) {
        var descr: String?, fortran: Bool?, shape: [Int]?
        try expect("{")
        while peek() != UInt8(ascii: "}") {
            let key = try string()
            try expect(":")
            switch key {
            case "descr":
                guard peek() == UInt8(ascii: "'") || peek() == UInt8(ascii: "\"") else {
                    throw fail("descr is not a simple dtype (structured arrays are not supported)")
                }
                descr = try string()
            case "fortran_order": fortran = try boolean()
            case "shape": shape = try tuple()
            default: throw fail("unexpected key '\(key)'")
            }
            if peek() == UInt8(ascii: ",") { index += 1 } else if peek() != UInt8(ascii: "}") { throw fail("expected ',' or '}'") }
        }
        guard let descr, let fortran, let shape else { throw fail("needs 'descr', 'fortran_order' and 'shape'") }
        return (descr, fortran, shape)
    }

    private func fail(_ detail: String) -> TensorFileError {
        TensorFileError.invalidHeader(path: path, key: nil, detail: detail)
    }

    private mutating func peek() -> UInt8? {
        while index < bytes.endIndex, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) { index += 1 }
        return index < bytes.endIndex ? bytes[index] : nil
    }

    private mutating func expect(_ c: Character) throws {
        guard let ascii = c.asciiValue, peek() == ascii else { throw fail("expected '\(c)'") }
        index += 1
    }

    private mutating func string() throws -> String {
        guard let quote = peek(), quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\"") else {
            throw fail("expected a quoted string")
        }
        index += 1
        let start = index
        while index < bytes.endIndex, bytes[index] != quote { index += 1 }
        guard index < bytes.endIndex else { throw fail("unterminated string") }
        defer { index += 1 }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private mutating func boolean() throws -> Bool {
        _ = peek()
        for (word, value) in [("True", true), ("False", false)] {
            let w = Array(word.utf8)
            if bytes[index...].starts(with: w) { index += w.count; return value }
        }
        throw fail("fortran_order must be True or False")
    }

    private mutating func tuple() throws -> [Int] {
        try expect("(")
        var dims: [Int] = []
        while peek() != UInt8(ascii: ")") {
            let start = index
            while index < bytes.endIndex, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            guard index > start, index - start <= 18,
                  let dim = Int(String(decoding: bytes[start..<index], as: UTF8.self)) else {
                throw fail("shape must be a tuple of non-negative integers")
            }
            dims.append(dim)
            if peek() == UInt8(ascii: "L") { index += 1 }   // Python 2 long suffix
            if peek() == UInt8(ascii: ",") { index += 1 } else if peek() != UInt8(ascii: ")") { throw fail("expected ',' or ')' in shape") }
        }
        index += 1
        return dims
    }
}
