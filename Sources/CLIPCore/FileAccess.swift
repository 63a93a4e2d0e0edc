#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Opening and reading files that may be hostile: a directory, a FIFO, a symlink loop, a
/// file without read permission, or one far larger than it should be.
///
/// Files are opened with `O_NONBLOCK`, so a FIFO (or a device) is recognised by `fstat`
/// instead of blocking forever in `open`, and only regular files are read. Example:
/// ```
/// let bytes = try FileAccess.read("config.json", maxBytes: FileAccess.smallFileLimit)
/// let file = try FileAccess.open("model.safetensors")   // file.descriptor, file.size
/// defer { close(file.descriptor) }
/// ```
public enum FileAccess {
    /// The largest JSON or text side file (config, index, vocabulary, notebook) read whole: 256 MB.
    public static let smallFileLimit = 256 << 20

    /// An open regular file: its descriptor (the caller closes it) and its size in bytes.
    public struct OpenFile: Sendable {
        public let path: String
        public let descriptor: Int32
        public let size: Int
    }

    /// Opens the regular file at `path` read-only, never blocking.
    /// - Throws: `FileAccessError` saying what the path is instead and what to do.
    public static func open(_ path: String) throws(FileAccessError) -> OpenFile {
        let fd = systemOpen(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw error(errno, path: path) }
        var status = stat()
        guard fstat(fd, &status) == 0 else {
            let code = errno
            close(fd)
            throw error(code, path: path)
        }
        let kind = status.st_mode & S_IFMT
        guard kind == S_IFREG else {
            close(fd)
            if kind == S_IFDIR { throw .isDirectory(path: path) }
            throw .notRegularFile(path: path, kind: describe(kind))
        }
        return OpenFile(path: path, descriptor: fd, size: Int(status.st_size))
    }

    /// The whole regular file at `path`.
    /// - Parameter maxBytes: files larger than this are refused before anything is allocated.
    public static func read(_ path: String, maxBytes: Int = smallFileLimit) throws(FileAccessError) -> [UInt8] {
        let file = try open(path)
        defer { close(file.descriptor) }
        guard file.size <= maxBytes else { throw .tooLarge(path: path, bytes: file.size, limit: maxBytes) }
        var bytes = [UInt8](repeating: 0, count: file.size)
        var done = 0
        var failure: Int32 = 0
        bytes.withUnsafeMutableBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            while done < file.size {
                let n = systemRead(file.descriptor, base + done, file.size - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                if n == 0 { break }   // the file shrank while being read
                done += n
            }
        }
        if failure != 0 { throw error(failure, path: path) }
        if done < file.size { bytes.removeSubrange(done...) }
        return bytes
    }

    /// Whether `path` is a directory (true) or something else that exists (false).
    /// - Throws: `.notFound`, `.symlinkLoop`, `.permissionDenied`… when `stat` fails.
    public static func isDirectory(_ path: String) throws(FileAccessError) -> Bool {
        var status = stat()
        guard stat(path, &status) == 0 else { throw error(errno, path: path) }
        return status.st_mode & S_IFMT == S_IFDIR
    }

    /// Whether anything — a file, a folder, a FIFO, even a broken or looping link — is at `path`.
    public static func entryExists(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0
    }

    /// Reads up to `count` bytes at `offset` of an open file into `destination`; returns how many arrived.
    public static func read(_ file: OpenFile, at offset: Int, count: Int,
                            into destination: UnsafeMutableRawPointer) throws(FileAccessError) -> Int {
        var done = 0
        while done < count {
            let n = pread(file.descriptor, destination + done, count - done, off_t(offset + done))
            if n < 0 {
                if errno == EINTR { continue }
                throw .unreadable(path: file.path, reason: String(cString: strerror(errno)))
            }
            if n == 0 { break }
            done += n
        }
        return done
    }

    /// The error for an `open`/`fstat`/`read` failure with `errno` `code`.
    public static func error(_ code: Int32, path: String) -> FileAccessError {
        switch code {
        case ENOENT, ENOTDIR: .notFound(path: path)
        case EISDIR: .isDirectory(path: path)
        case EACCES, EPERM: .permissionDenied(path: path)
        case ELOOP: .symlinkLoop(path: path)
        default: .unreadable(path: path, reason: String(cString: strerror(code)))
        }
    }

    static func describe(_ kind: mode_t) -> String {
        switch kind {
        case S_IFIFO: "a FIFO (named pipe)"
        case S_IFSOCK: "a socket"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        default: "not a regular file"
        }
    }
}

/// Why a path could not be opened or read as a regular file; `description` is one line
/// saying what is wrong and what to do.
public enum FileAccessError: Error, Equatable, Sendable, CustomStringConvertible {
    case notFound(path: String)
    case isDirectory(path: String)
    /// A FIFO, socket or device (`kind` names it), which could block or never end.
    case notRegularFile(path: String, kind: String)
    case permissionDenied(path: String)
    case symlinkLoop(path: String)
    /// Larger than the reader accepts for this kind of file.
    case tooLarge(path: String, bytes: Int, limit: Int)
    /// Any other system error (`reason` from `strerror`).
    case unreadable(path: String, reason: String)

    public var path: String {
        switch self {
        case .notFound(let p), .isDirectory(let p), .notRegularFile(let p, _), .permissionDenied(let p),
             .symlinkLoop(let p), .tooLarge(let p, _, _), .unreadable(let p, _): p
        }
    }

    public var description: String { "\(path): \(problem)" }

    /// What is wrong and what to do, without the path: `permission denied — make the file readable…`.
    public var problem: String {
        switch self {
        case .notFound:
            "no such file — check the path"
        case .isDirectory:
            "is a directory — give the path of a file inside it"
        case .notRegularFile(_, let kind):
            "is \(kind), not a regular file — give the path of a file"
        case .permissionDenied:
            "permission denied — make it readable (chmod a+r) or run as its owner"
        case .symlinkLoop:
            "symbolic link loop — fix or remove the link"
        case .tooLarge(_, let bytes, let limit):
            "\(FileAccessError.size(bytes)), over the \(FileAccessError.size(limit)) this kind of file may have — is it the right file?"
        case .unreadable(_, let reason):
            "cannot read (\(reason)) — check the disk and the path"
        }
    }

    /// A byte count for messages: `1.5 GB`, `12.0 MB`, `300 bytes`.
    public static func size(_ bytes: Int) -> String {
        if bytes >= 1 << 30 { return String(format1: Double(bytes) / Double(1 << 30)) + " GB" }
        if bytes >= 1 << 20 { return String(format1: Double(bytes) / Double(1 << 20)) + " MB" }
        return "\(bytes) bytes"
    }
}

extension String {
    /// `x` with one decimal, without Foundation: `1.5`, `12.0`.
    init(format1 x: Double) {
        let tenths = Int((x * 10).rounded())
        self = "\(tenths / 10).\(tenths % 10)"
    }
}

// `open`/`read` are shadowed by the static methods inside `FileAccess`.
@inline(__always) private func systemOpen(_ path: String, _ flags: Int32) -> Int32 { open(path, flags) }
@inline(__always) private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, buffer, count)
}
