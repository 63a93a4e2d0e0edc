import CLIPCore
import Foundation

/// Reading and writing notebook files, with errors that name the path.
public enum NotebookIO {
    /// Notebooks larger than this are refused (the longest lesson is a few kilobytes).
    public static let maxNotebookBytes = 16 << 20

    public static func read(_ path: String) throws(LabError) -> Notebook {
        let bytes: [UInt8]
        do {
            bytes = try FileAccess.read(path, maxBytes: maxNotebookBytes)
        } catch {
            if case .notFound = error { throw LabError.file(path: path, reason: "no such file — check the path ('lessons' lists the lessons)") }
            throw LabError.file(path: path, reason: error.problem)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw LabError.file(path: path, reason: "is not UTF-8 text")
        }
        do {
            return try NotebookParser.parse(text)
        } catch {
            throw LabError.file(path: path, reason: error.description)
        }
    }

    public static func write(_ notebook: Notebook, to path: String) throws(LabError) {
        let text = NotebookRenderer.render(notebook)
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw LabError.file(path: path, reason: "cannot be written (\(error.localizedDescription))")
        }
    }
}
