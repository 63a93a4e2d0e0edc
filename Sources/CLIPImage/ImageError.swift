import CLIPCore

/// Why an image could not be read, written or processed. Each message names the file and
/// says what to do.
public enum ImageError: Error, Equatable, Sendable {
    case missing(path: String)
    case isDirectory(path: String)
    case unreadable(path: String, reason: String)
    case empty(path: String)
    case notAnImage(path: String)
    case unsupportedFormat(path: String, format: String)
    case corrupt(path: String, detail: String)
    case truncated(path: String, detail: String)
    case tooManyPixels(path: String, width: Int, height: Int, limit: Int)
    case unsupported(path: String, detail: String)
    case outOfMemory(path: String, detail: String)
    case encodeFailed(detail: String)
    case writeFailed(path: String, reason: String)
    case invalidArgument(String)
    /// The path is not a readable regular file: a FIFO, a symlink loop, no permission, too large.
    case access(FileAccessError)
}

extension ImageError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .missing(let path):
            return "\(path): no such file; check the path"
        case .isDirectory(let path):
            return "\(path): is a directory, not an image file; name a PNG or JPEG file inside it"
        case .unreadable(let path, let reason):
            return "\(path): cannot be read (\(reason)); check its permissions"
        case .empty(let path):
            return "\(path): the file is empty (0 bytes); re-download or re-export it"
        case .notAnImage(let path):
            return "\(path): not a PNG or JPEG image (unrecognised first bytes); give a .png or .jpg file"
        case .unsupportedFormat(let path, let format):
            return "\(path): \(format) images are not supported; convert it to PNG or JPEG"
        case .corrupt(let path, let detail):
            return "\(path): the image is corrupt (\(detail)); re-download or re-export it"
        case .truncated(let path, let detail):
            return "\(path): the image is truncated (\(detail)); the download or copy was probably cut short"
        case .tooManyPixels(let path, let width, let height, let limit):
            return "\(path): \(width) x \(height) = \(width * height) pixels is over the limit of \(limit) "
                + "(a possible decompression bomb); shrink the image or raise the limit"
        case .unsupported(let path, let detail):
            return "\(path): unsupported image (\(detail)); convert it to an 8-bit PNG or baseline JPEG"
        case .outOfMemory(let path, let detail):
            return "\(path): out of memory while decoding (\(detail)); try a smaller image"
        case .encodeFailed(let detail):
            return "could not encode the image (\(detail))"
        case .writeFailed(let path, let reason):
            return "\(path): cannot write the image (\(reason)); check the folder exists and is writable"
        case .invalidArgument(let detail):
            return detail
        case .access(let error):
            return error.description
        }
    }
}
