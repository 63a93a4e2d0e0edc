#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file reads and writes with POSIX calls, so each failure maps to a precise `ImageError`.
enum FileBytes {
    /// The bytes of the regular file at `path`.
    static func read(_ path: String) throws(ImageError) -> [UInt8] {
        var info = stat()
        if stat(path, &info) != 0 {
            let code = errno
            if code == ENOENT || code == ENOTDIR { throw .missing(path: path) }
            throw .unreadable(path: path, reason: message(code))
        }
        let kind = info.st_mode & S_IFMT
        if kind == S_IFDIR { throw .isDirectory(path: path) }
        if kind != S_IFREG { throw .unreadable(path: path, reason: "not a regular file") }
        let descriptor = open(path, O_RDONLY)
        if descriptor < 0 { throw .unreadable(path: path, reason: message(errno)) }
        defer { close(descriptor) }
        let size = Int(info.st_size)
        if size == 0 { throw .empty(path: path) }
        var bytes = [UInt8](repeating: 0, count: size)
        var done = 0
        var failure: Int32 = 0
        bytes.withUnsafeMutableBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            while done < size {
                let n = posixRead(descriptor, base + done, size - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                if n == 0 { break }
                done += n
            }
        }
        if failure != 0 { throw .unreadable(path: path, reason: message(failure)) }
        if done == 0 { throw .empty(path: path) }
        if done < size { bytes.removeSubrange(done...) }
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

// `read`/`write` are shadowed by the static methods above inside `FileBytes`.
@inline(__always) private func posixRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, buffer, count)
}

@inline(__always) private func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}
