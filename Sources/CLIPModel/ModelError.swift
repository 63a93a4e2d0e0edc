import CLIPCore
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
    /// A model name or path that is neither a file, a folder, nor in the local Hugging Face cache.
    case modelNotFound(reference: String, searched: [String])
    /// A path that is not a readable regular file (FIFO, symlink loop, no permission, too large).
    case file(FileAccessError)
    /// The checkpoint's tensors, as Float32, need more memory than the OS says is available.
    case notEnoughMemory(path: String, MemoryShortage)
    /// The first of several tensor problems in one checkpoint, and how many more there are.
    indirect case several(ModelError, more: Int)

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
        case let .modelNotFound(reference, searched):
            "'\(reference)' is not a file or folder, nor in the local Hugging Face cache (searched \(searched.joined(separator: ", "))) — "
                + "download it where there is network (`huggingface-cli download \(reference)`) and copy the folder here, or give a path"
        case let .file(error):
            error.description
        case let .notEnoughMemory(path, shortage):
            "\(path): \(shortage)"
        case let .several(first, more):
            "\(first.description) (and \(more) more tensor problem\(more == 1 ? "" : "s"))"
        }
    }
}
