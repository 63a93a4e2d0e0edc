import CLIPCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file reads and writes with POSIX calls, so each failure maps to a precise `ImageError`.
enum FileBytes {
    /// Image files larger than this are refused before reading (1 GB).
    static let maxFileBytes = 1 << 30

    /// The bytes of the regular file at `path` (never blocks on a FIFO; see `FileAccess`).
    static func read(_ path: String) throws(ImageError) -> [UInt8] {
        let bytes: [UInt8]
        do {
            bytes = try FileAccess.read(path, maxBytes: maxFileBytes)
        } catch {
            switch error {
            case .notFound: throw .missing(path: path)
            case .isDirectory: throw .isDirectory(path: path)
            default: throw .access(error)
            }
        }
        if bytes.isEmpty { throw .empty(path: path) }
        return bytes
    }

    /// Writes `bytes` to `path`, replacing any existing file.
    static func write(_ bytes: [UInt8], to path: String) throws(ImageError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        if descriptor < 0 { throw .writeFailed(path: path, reason: message(errno)) }
        var failure: Int32 = 0
        bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            var done = 0
            while done < buffer.count {
                let n = posixWrite(descriptor, base + done, buffer.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                done += n
            }
        }
        if close(descriptor) != 0 && failure == 0 { failure = errno }
        if failure != 0 { throw .writeFailed(path: path, reason: message(failure)) }
    }

    static func message(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text)
    }
}

// `write` is shadowed by the static methods above inside `FileBytes`.
@inline(__always) private func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}
