import Foundation

/// What went wrong building, loading or running a model, and what to do about it.
public enum ModelError: Error, Equatable, CustomStringConvertible {
    /// A config value the model cannot use (`key`, what is wrong).
    case badConfig(key: String, message: String)
    /// A checkpoint lacks a tensor the architecture needs.
    case missingTensor(key: String, file: String)
    /// A checkpoint has a tensor the architecture does not use.
    case unexpectedTensor(key: String, file: String)
    /// A tensor's shape differs from what the config implies.
    case shapeMismatch(key: String, expected: [Int], got: [Int], file: String)
    /// An input (pixels, token ids) that does not fit the model.
    case badInput(String)
    /// Anything else about a checkpoint folder or file.
    case checkpoint(path: String, message: String)

    public var description: String {
        switch self {
        case let .badConfig(key, message):
            "config '\(key)': \(message)"
        case let .missingTensor(key, file):
            "\(file): missing tensor '\(key)' — the checkpoint does not match its config.json (wrong or incomplete file?)"
        case let .unexpectedTensor(key, file):
            "\(file): unexpected tensor '\(key)' — this is not a CLIP checkpoint of the configured shape"
        case let .shapeMismatch(key, expected, got, file):
            "\(file): tensor '\(key)' has shape \(got), expected \(expected) — config.json and weights disagree"
        case let .badInput(message):
            message
        case let .checkpoint(path, message):
            "\(path): \(message)"
        }
    }
}
