import CLIPCore
import Foundation

/// Why an image-folder dataset cannot be read, with what to do about it.
public enum DatasetError: Error, Equatable, CustomStringConvertible {
    case notAFolder(path: String)
    case noClasses(path: String)
    case emptyClass(path: String, folder: String)
    case tooFewClasses(path: String, found: [String], needed: Int)
    case classesFile(path: String, line: Int, message: String)
    case file(FileAccessError)

    public var description: String {
        switch self {
        case let .notAFolder(path):
            (try? FileManager.default.attributesOfItem(atPath: path)) != nil
                ? "\(path): not a folder; give a dataset folder with one sub-folder per class"
                : "\(path): no such folder; give a dataset folder with one sub-folder per class"
        case let .noClasses(path):
            "\(path): no class sub-folders; put each class's images in its own sub-folder (FOLDER/cat/1.jpg)"
        case let .emptyClass(path, folder):
            "\(path)/\(folder): class folder has no .png/.jpg images; add images or remove the folder"
        case let .tooFewClasses(path, found, needed):
            "\(path): found \(found.count) class folder\(found.count == 1 ? "" : "s") (\(found.joined(separator: ", "))); classification needs at least \(needed)"
        case let .classesFile(path, line, message):
            "\(path)\(line > 0 ? ":\(line)" : ""): \(message)"
        case let .file(error):
            error.description
        }
    }
}
