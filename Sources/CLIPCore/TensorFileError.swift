import Foundation

/// What went wrong reading or writing a tensor file (safetensors or `.npy`).
///
/// Every case carries the file path and, where it applies, the tensor key; `description`
/// is one line saying what is wrong and what to do, e.g.
/// `weights.safetensors: tensor "fc.weight": shape [2, 3] in F32 needs 24 bytes but data_offsets span 20 — re-export the file`.
public enum TensorFileError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    /// Nothing exists at the path.
    case notFound(path: String)
    /// The path is a directory, not a file.
    case isDirectory(path: String)
    /// The file exists but cannot be opened or mapped (`reason` comes from the system).
    case unreadable(path: String, reason: String)
    /// The file ends before the bytes it announces (`detail` says which ones).
    case truncated(path: String, key: String?, detail: String)
    /// The safetensors header length exceeds the 100 MB limit (a corrupt or hostile file).
    case headerTooLarge(path: String, bytes: UInt64)
    /// The safetensors header length points past the end of the file.
    case headerBeyondFile(path: String, headerBytes: UInt64, fileBytes: Int)
    /// The header is not valid UTF-8 / JSON, or a field has the wrong type.
    case invalidHeader(path: String, key: String?, detail: String)
    /// A dtype string the format does not define.
    case unknownDType(path: String, key: String, dtype: String)
    /// A dtype the format defines but this reader cannot turn into Float32.
    case unsupportedDType(path: String, key: String?, dtype: String)
    /// A shape with a negative dimension (or one too large to count).
    case invalidShape(path: String, key: String, shape: [Int])
    /// shape × dtype size differs from the byte length given by the offsets.
    case sizeMismatch(path: String, key: String, expected: Int, actual: Int)
    /// `data_offsets` are malformed (begin > end, negative) or beyond the data section.
    case offsetsOutOfRange(path: String, key: String, begin: Int, end: Int, dataBytes: Int)
    /// Two tensors share bytes.
    case overlapping(path: String, key: String, other: String)
    /// The tensors leave a hole or unused bytes in the data section.
    case notCovering(path: String, detail: String)
    /// No tensor of that name in the file (or collection).
    case noSuchTensor(path: String, key: String)
    /// A `.npy` file that does not start with `\x93NUMPY` or has an unknown version.
    case badMagic(path: String, detail: String)
    /// A `.npy` array stored in Fortran (column-major) order.
    case fortranOrder(path: String)
    /// Writing the file failed.
    case writeFailed(path: String, reason: String)
    /// The path is not a readable regular file (a FIFO, a symlink loop, no permission, too large).
    case access(FileAccessError)
    /// The file's tensors, as Float32, need more memory than the OS says is available.
    case notEnoughMemory(path: String, MemoryShortage)

    /// The file the error is about.
    public var path: String {
        switch self {
        case .notFound(let p), .isDirectory(let p), .fortranOrder(let p), .notEnoughMemory(let p, _): p
        case .access(let error): error.path
        case .unreadable(let p, _), .truncated(let p, _, _), .headerTooLarge(let p, _),
             .headerBeyondFile(let p, _, _), .invalidHeader(let p, _, _), .unknownDType(let p, _, _),
             .unsupportedDType(let p, _, _), .invalidShape(let p, _, _), .sizeMismatch(let p, _, _, _),
             .offsetsOutOfRange(let p, _, _, _, _), .overlapping(let p, _, _), .notCovering(let p, _),
             .noSuchTensor(let p, _), .badMagic(let p, _), .writeFailed(let p, _): p
        }
    }

    public var description: String {
        func tensor(_ key: String?) -> String { key.map { " tensor \"\($0)\":" } ?? "" }
        switch self {
        case .notFound(let p):
            return "\(p): no such file — check the path (or download the checkpoint first)"
        case .isDirectory(let p):
            return "\(p): is a directory — give the path of a file inside it"
        case .unreadable(let p, let reason):
            return "\(p): cannot read (\(reason)) — check the file's permissions"
        case .truncated(let p, let key, let detail):
            return "\(p):\(tensor(key)) file is truncated: \(detail) — download or export it again"
        case .headerTooLarge(let p, let bytes):
            return "\(p): header claims \(bytes) bytes, over the 100 MB limit — the file is corrupt or not safetensors"
        case .headerBeyondFile(let p, let header, let file):
            return "\(p): header claims \(header) bytes but the file holds \(file) — the file is truncated or not safetensors"
        case .invalidHeader(let p, let key, let detail):
            return "\(p):\(tensor(key)) bad header: \(detail) — the file is corrupt or not in this format"
        case .unknownDType(let p, let key, let dtype):
            return "\(p): tensor \"\(key)\": unknown dtype \"\(dtype)\" — the file is corrupt or from a newer format"
        case .unsupportedDType(let p, let key, let dtype):
            return "\(p):\(tensor(key)) dtype \(dtype) cannot be read as Float32 — convert it to float32 (or int32 for .npy) first"
        case .invalidShape(let p, let key, let shape):
            return "\(p): tensor \"\(key)\": invalid shape \(shape) — dimensions must be non-negative and their product must fit in memory"
        case .sizeMismatch(let p, let key, let expected, let actual):
            return "\(p): tensor \"\(key)\": shape and dtype need \(expected) bytes but data_offsets span \(actual) — re-export the file"
        case .offsetsOutOfRange(let p, let key, let begin, let end, let dataBytes):
            return "\(p): tensor \"\(key)\": data_offsets [\(begin), \(end)] lie outside the \(dataBytes)-byte data section — the file is corrupt"
        case .overlapping(let p, let key, let other):
            return "\(p): tensors \"\(other)\" and \"\(key)\" overlap — the file is corrupt"
        case .notCovering(let p, let detail):
            return "\(p): \(detail) — the file is corrupt"
        case .noSuchTensor(let p, let key):
            return "\(p): no tensor named \"\(key)\" — list the names to see what the file holds"
        case .badMagic(let p, let detail):
            return "\(p): not a .npy file (\(detail)) — save it with numpy.save"
        case .fortranOrder(let p):
            return "\(p): array is in Fortran order — save it with numpy.save(path, numpy.ascontiguousarray(a))"
        case .writeFailed(let p, let reason):
            return "\(p): cannot write (\(reason)) — check the folder exists and is writable"
        case .access(let error):
            return error.description
        case .notEnoughMemory(let p, let shortage):
            return "\(p): \(shortage)"
        }
    }

    public var errorDescription: String? { description }

    /// The tensor-file error for a failed open or read: missing and directory keep their own cases.
    public init(_ error: FileAccessError) {
        switch error {
        case .notFound(let p): self = .notFound(path: p)
        case .isDirectory(let p): self = .isDirectory(path: p)
        default: self = .access(error)
        }
    }
}
