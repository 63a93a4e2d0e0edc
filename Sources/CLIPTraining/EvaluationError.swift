import Foundation

/// Why an evaluation cannot run (a dataset folder's own problems are `DatasetError`), with what to do about it.
public enum EvaluationError: Error, Equatable, CustomStringConvertible {
    case unknownTemplateSet(String)
    case templateFile(path: String, message: String)
    /// Every image was unreadable (`skipped` of them).
    case noReadableImages(path: String, skipped: Int, firstReason: String)
    case badSplit(String)
    /// A folder tree without a single PNG or JPEG.
    case noImages(path: String, otherFiles: Int)
    /// A method that does not apply to this model, with what would.
    case notApplicable(String)

    public var description: String {
        switch self {
        case let .unknownTemplateSet(name):
            "unknown template set '\(name)'; use imagenet, simple, or a text file with one template per line ({} marks the class name)"
        case let .templateFile(path, message):
            "\(path): \(message)"
        case let .noReadableImages(path, skipped, firstReason):
            "\(path): none of the \(skipped) images could be read (first: \(firstReason))"
        case let .badSplit(message):
            message
        case let .noImages(path, otherFiles):
            "\(path): no PNG or JPEG pictures in it or its sub-folders (\(otherFiles) other files); give a folder of pictures"
        case let .notApplicable(message):
            message
        }
    }
}
