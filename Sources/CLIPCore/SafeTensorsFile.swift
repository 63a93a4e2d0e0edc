import Foundation

/// Where one tensor lives in a safetensors file: its stored dtype, shape and bytes.
public struct SafeTensorsInfo: Equatable, Sendable {
    public var dtype: SafeTensorsDType
    public var shape: [Int]
    /// Byte range inside the data section (the header's `data_offsets`).
    public var byteRange: Range<Int>
    /// Number of elements (`shape` product; 1 for a scalar).
    public var count: Int { shape.reduce(1, *) }
}

/// A safetensors file opened read-only by memory mapping: the header is parsed and checked
/// once, and each tensor is converted to Float32 only when asked for.
///
/// The mapping lives as long as the object, so opening a 600 MB checkpoint copies nothing;
/// every offset is validated up front, so no later read can leave the file.
///
/// Example:
/// ```
/// let file = try SafeTensorsFile(path: "model.safetensors")
/// let w = try file.tensor(named: "text_projection.weight")   // F16 on disk → Float32 [512, 512]
/// ```
public final class SafeTensorsFile: SafeTensorsStore, @unchecked Sendable {
    /// Header lengths above this are refused (the limit the Python library uses).
    public static let maxHeaderBytes: UInt64 = 100_000_000

    public let path: String
    /// Tensor names in the order their bytes appear in the file.
    public let names: [String]
    /// The header's `__metadata__` (string to string), empty when absent.
    public let metadata: [String: String]

    private let entries: [String: SafeTensorsInfo]
    private let mapping: UnsafeMutableRawPointer
    private let mappedBytes: Int
    private let dataStart: Int

    public convenience init(url: URL) throws { try self.init(path: url.path) }

    /// Opens, maps and validates the file at `path`.
    /// - Throws: `TensorFileError` naming the first problem found.
    public init(path: String) throws {
        self.path = path
        let file: FileAccess.OpenFile
        do { file = try FileAccess.open(path) } catch { throw TensorFileError(error) }
        let fd = file.descriptor
        defer { close(fd) }
        let size = file.size
        guard size >= 8 else {
            throw TensorFileError.truncated(path: path, key: nil,
                                            detail: "\(size) bytes, fewer than the 8-byte header length")
        }
        guard let map = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0),
              map != UnsafeMutableRawPointer(bitPattern: -1) else {
            throw TensorFileError.unreadable(path: path, reason: "mmap: " + String(cString: strerror(errno)))
        }
        do {
            let parsed = try Self.parse(UnsafeRawBufferPointer(start: map, count: size), path: path)
            (names, metadata, entries, dataStart) = parsed
        } catch {
            munmap(map, size)
            throw error
        }
        mapping = map
        mappedBytes = size
    }

    deinit { munmap(mapping, mappedBytes) }

    /// Stored dtype, shape and byte range of `name`, or nil when the file has no such tensor.
    public func info(_ name: String) -> SafeTensorsInfo? { entries[name] }

    /// Tensors with at least this many elements (256 MB as Float32) are checked against the
    /// memory the OS says is available before they are converted.
    static let memoryCheckElements = 64 << 20

    /// The tensor `name` converted to Float32 (F32, F16, BF16, F64 and integer types).
    /// - Throws: `.noSuchTensor`, `.unsupportedDType` for 8-bit floats, `.notEnoughMemory`.
    public func tensor(named name: String) throws -> Tensor {
        guard let info = entries[name] else { throw TensorFileError.noSuchTensor(path: path, key: name) }
        guard info.dtype.convertsToFloat else {
            throw TensorFileError.unsupportedDType(path: path, key: name, dtype: info.dtype.rawValue)
        }
        let count = info.count
        if count >= Self.memoryCheckElements {
            do { try SystemMemory.check(needing: 4 * count, available: SystemMemory.available()) } catch {
                throw TensorFileError.notEnoughMemory(path: path, error)
            }
        }
        let source = UnsafeRawPointer(mapping) + dataStart + info.byteRange.lowerBound
        let values = [Float](uninitializedCount: count) { buffer in
            info.dtype.convert(source, count: count, into: buffer.baseAddress!)
        }
        return Tensor(shape: info.shape, data: values, name: name)
    }

    /// Calls `body` with the stored bytes of `name`, without copying (valid only inside `body`).
    public func withRawBytes<R>(named name: String, _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        guard let info = entries[name] else { throw TensorFileError.noSuchTensor(path: path, key: name) }
        let start = UnsafeRawPointer(mapping) + dataStart + info.byteRange.lowerBound
        return try body(UnsafeRawBufferPointer(start: start, count: info.byteRange.count))
    }

    // MARK: - Header

    private struct RawEntry: Decodable {
        var dtype: String
        var shape: [Int]
        var data_offsets: [Int]
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    private struct RawHeader: Decodable {
        var entries: [(String, RawEntry)] = []
        var metadata: [String: String] = [:]
        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: AnyKey.self)
            for key in container.allKeys {
                if key.stringValue == "__metadata__" {
                    metadata = try container.decode([String: String].self, forKey: key)
                } else {
                    entries.append((key.stringValue, try container.decode(RawEntry.self, forKey: key)))
                }
            }
        }
    }

    /// Reads the length prefix and JSON header and checks every entry against the data section.
    private static func parse(_ file: UnsafeRawBufferPointer, path: String) throws
        -> ([String], [String: String], [String: SafeTensorsInfo], Int) {
        let headerLength = UInt64(littleEndian: file.loadUnaligned(as: UInt64.self))
        guard headerLength <= maxHeaderBytes else {
            throw TensorFileError.headerTooLarge(path: path, bytes: headerLength)
        }
        guard 8 + Int(headerLength) <= file.count else {
            throw TensorFileError.headerBeyondFile(path: path, headerBytes: headerLength, fileBytes: file.count)
        }
        let dataStart = 8 + Int(headerLength)
        let headerBytes = UnsafeRawBufferPointer(rebasing: file[8..<dataStart])
        guard String(validating: headerBytes, as: UTF8.self) != nil else {
            throw TensorFileError.invalidHeader(path: path, key: nil, detail: "header is not valid UTF-8")
        }
        let header: RawHeader
        do {
            header = try JSONDecoder().decode(RawHeader.self, from: Data(headerBytes))
        } catch let error as DecodingError {
            throw TensorFileError.invalidHeader(path: path, key: nil, detail: Self.describe(error))
        } catch {
            throw TensorFileError.invalidHeader(path: path, key: nil, detail: "not valid JSON (\(error))")
        }
        let dataBytes = file.count - dataStart
        var entries: [String: SafeTensorsInfo] = [:]
        var spans: [(name: String, range: Range<Int>)] = []
        for (name, raw) in header.entries {
            guard let dtype = SafeTensorsDType(rawValue: raw.dtype) else {
                throw TensorFileError.unknownDType(path: path, key: name, dtype: raw.dtype)
            }
            var bytes = dtype.byteSize
            for dim in raw.shape {
                let (product, overflow) = bytes.multipliedReportingOverflow(by: dim)
                guard dim >= 0, !overflow else {
                    throw TensorFileError.invalidShape(path: path, key: name, shape: raw.shape)
                }
                bytes = product
            }
            guard raw.data_offsets.count == 2 else {
                throw TensorFileError.invalidHeader(path: path, key: name,
                                                    detail: "data_offsets must be [begin, end], got \(raw.data_offsets)")
            }
            let (begin, end) = (raw.data_offsets[0], raw.data_offsets[1])
            guard begin >= 0, begin <= end else {
                throw TensorFileError.offsetsOutOfRange(path: path, key: name, begin: begin, end: end, dataBytes: dataBytes)
            }
            guard end - begin == bytes else {
                throw TensorFileError.sizeMismatch(path: path, key: name, expected: bytes, actual: end - begin)
            }
            entries[name] = SafeTensorsInfo(dtype: dtype, shape: raw.shape, byteRange: begin..<end)
            spans.append((name, begin..<end))
        }
        spans.sort { ($0.range.lowerBound, $0.range.upperBound, $0.name) < ($1.range.lowerBound, $1.range.upperBound, $1.name) }
        // The first tensor (in file order) that runs past the end names the truncation.
        if let cut = spans.first(where: { $0.range.upperBound > dataBytes }) {
            throw TensorFileError.truncated(path: path, key: cut.name,
                detail: "data ends at byte \(cut.range.upperBound) of the data section, which holds only \(dataBytes)")
        }
        var cursor = 0
        var previous = ""
        for span in spans {
            if span.range.lowerBound < cursor {
                throw TensorFileError.overlapping(path: path, key: span.name, other: previous)
            }
            if span.range.lowerBound > cursor {
                throw TensorFileError.notCovering(path: path,
                    detail: "data bytes \(cursor)..<\(span.range.lowerBound) before tensor \"\(span.name)\" belong to no tensor")
            }
            cursor = span.range.upperBound
            previous = span.name
        }
        if cursor != dataBytes {
            throw TensorFileError.notCovering(path: path,
                detail: "the last \(dataBytes - cursor) of \(dataBytes) data bytes belong to no tensor")
        }
        return (spans.map(\.name), header.metadata, entries, dataStart)
    }

    /// One line from a JSON decoding error: where, and what.
    static func describe(_ error: DecodingError) -> String {
        func at(_ path: [CodingKey]) -> String {
            path.isEmpty ? "" : " at " + path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .dataCorrupted(let context):
            let reason = context.debugDescription.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
            return "not valid JSON\(at(context.codingPath)) (\(reason))"
        case .keyNotFound(let key, let context):
            return "missing \"\(key.stringValue)\"\(at(context.codingPath))"
        case .typeMismatch(let type, let context):
            let name = type is String.Type ? "a string" : type is Int.Type ? "an integer"
                : "\(type)".hasPrefix("Array") ? "a list" : "\(type)".hasPrefix("Dictionary") ? "an object" : "\(type)"
            return "expected \(name)\(at(context.codingPath))"
        case .valueNotFound(let type, let context):
            return "null where \(type) belongs\(at(context.codingPath))"
        @unknown default:
            return "cannot decode the header"
        }
    }
}
