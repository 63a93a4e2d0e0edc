import CLIPCore
import CLIPImage
import Foundation

/// An image-folder dataset: one sub-folder per class, images inside.
///
/// ```
/// FOLDER/
///   classes.txt          optional: "folder: readable name" per line (# comments)
///   red_circle/001.png   class "red_circle" (or its classes.txt name)
///   blue_square/a.jpg
/// ```
/// Classes are the sub-folders in sorted order; images are the `.png`, `.jpg` and
/// `.jpeg` files of each (sorted, not recursive). Other files are listed in
/// `ignoredFiles`; a class folder without images is an error, since accuracy over a
/// class that cannot be tested would be silently wrong. Whether each image decodes is
/// only known when it is read (`loadPixels`), where unreadable ones are skipped.
public struct ImageFolderDataset: Sendable {
    /// One image: its path relative to the root (`red_circle/001.png`) and class index.
    public struct Item: Sendable, Equatable, Hashable {
        public let relativePath: String
        public let label: Int
    }

    public static let imageExtensions: Set<String> = ["png", "jpg", "jpeg"]
    public static let classesFileName = "classes.txt"

    public let root: URL
    /// Class sub-folder names, sorted.
    public let folders: [String]
    /// Readable class names (from `classes.txt`, else the folder name with `_` as spaces).
    public let classNames: [String]
    public let items: [Item]
    /// Files inside class folders that are not images by extension (relative paths).
    public let ignoredFiles: [String]

    /// Lists `root`.
    /// - Parameter minimumClasses: zero-shot classification needs at least 2 classes.
    /// - Throws: `EvaluationError` for a missing folder, no class folders, an empty class
    ///   folder, too few classes or a malformed `classes.txt`.
    public init(root: URL, minimumClasses: Int = 2) throws {
        let fm = FileManager.default
        let path = root.standardizedFileURL.path
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw DatasetError.notAFolder(path: path)
        }
        let entries = try Self.list(path).filter { !$0.hasPrefix(".") }.sorted()
        let folders = entries.filter {
            var dir: ObjCBool = false
            return fm.fileExists(atPath: path + "/" + $0, isDirectory: &dir) && dir.boolValue
        }
        guard !folders.isEmpty else { throw DatasetError.noClasses(path: path) }
        guard folders.count >= minimumClasses else {
            throw DatasetError.tooFewClasses(path: path, found: folders, needed: minimumClasses)
        }
        var items: [Item] = [], ignored: [String] = []
        for (label, folder) in folders.enumerated() {
            let files = try Self.list(path + "/" + folder).filter { !$0.hasPrefix(".") }.sorted()
            var count = 0
            for file in files {
                let ext = (file as NSString).pathExtension.lowercased()
                if Self.imageExtensions.contains(ext) {
                    items.append(Item(relativePath: folder + "/" + file, label: label))
                    count += 1
                } else {
                    ignored.append(folder + "/" + file)
                }
            }
            guard count > 0 else { throw DatasetError.emptyClass(path: path, folder: folder) }
        }
        let names = try Self.readClassNames(path + "/" + Self.classesFileName, folders: folders)
        self.root = URL(fileURLWithPath: path)
        self.folders = folders
        self.classNames = names
        self.items = items
        self.ignoredFiles = ignored
    }

    /// The names in folder `path`, or an error saying why it cannot be listed.
    static func list(_ path: String) throws -> [String] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            let code = (error as NSError).code
            throw DatasetError.file(code == NSFileReadNoPermissionError ? .permissionDenied(path: path)
                                  : .unreadable(path: path, reason: "cannot list the folder"))
        }
    }

    /// Class names from `classes.txt` (`folder: name` lines, `#` comments) or the folders.
    static func readClassNames(_ path: String, folders: [String]) throws -> [String] {
        var names = folders.map { $0.replacingOccurrences(of: "_", with: " ") }
        guard FileManager.default.fileExists(atPath: path) else { return names }
        let bytes: [UInt8]
        do { bytes = try FileAccess.read(path, maxBytes: 16 << 20) } catch { throw DatasetError.file(error) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw DatasetError.classesFile(path: path, line: 0, message: "cannot be read as UTF-8 text")
        }
        let index = Dictionary(uniqueKeysWithValues: folders.enumerated().map { ($1, $0) })
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let colon = line.firstIndex(of: ":") else {
                throw DatasetError.classesFile(path: path, line: n + 1, message: "expected 'folder: readable name'")
            }
            let folder = line[..<colon].trimmingCharacters(in: .whitespaces)
            let name = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            guard let i = index[folder] else {
                throw DatasetError.classesFile(path: path, line: n + 1, message: "no class folder named '\(folder)'")
            }
            guard !name.isEmpty else {
                throw DatasetError.classesFile(path: path, line: n + 1, message: "empty name for '\(folder)'")
            }
            names[i] = name
        }
        return names
    }

    /// The absolute path of an item.
    public func path(of item: Item) -> String { root.path + "/" + item.relativePath }

    /// Number of images listed per class.
    public var countsPerClass: [Int] {
        var counts = [Int](repeating: 0, count: folders.count)
        for item in items { counts[item.label] += 1 }
        return counts
    }

    /// Decodes and preprocesses one image: `[3, S, S]`.
    /// - Throws: `ImageError` saying why the file cannot be used.
    public func loadPixels(_ item: Item, preprocess: CLIPPreprocess) throws -> Tensor {
        preprocess(try preprocess.decode(path: path(of: item)))
    }
}
