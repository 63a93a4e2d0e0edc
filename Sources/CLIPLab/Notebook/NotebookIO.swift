import Foundation

/// Reading and writing notebook files, with errors that name the path.
public enum NotebookIO {
    public static func read(_ path: String) throws(LabError) -> Notebook {
        guard FileManager.default.fileExists(atPath: path) else {
            throw LabError.file(path: path, reason: "no such file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LabError.file(path: path, reason: "cannot be read (is it a directory or unreadable?)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
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
