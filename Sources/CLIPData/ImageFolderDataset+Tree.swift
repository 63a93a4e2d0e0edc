import CLIPCore
import Foundation

extension ImageFolderDataset {
    /// Every image under `root`, at any depth, as one unlabelled collection (for search).
    ///
    /// Items are the `.png`, `.jpg` and `.jpeg` files in sorted relative-path order, all
    /// with label 0; other files, and folders that cannot be listed, go to `ignoredFiles`.
    /// Hidden files and folders (`.name`) are left out. An empty tree is not an error here:
    /// the caller decides what no images means.
    /// Example: `try ImageFolderDataset(tree: URL(fileURLWithPath: "photos")).items.count`
    public init(tree root: URL) throws {
        let fm = FileManager.default
        let path = root.standardizedFileURL.path
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw DatasetError.notAFolder(path: path)
        }
        var images: [String] = [], ignored: [String] = []
        // Depth-first walk; a sub-folder that cannot be listed is counted, not fatal.
        var pending = [""]
        while let relative = pending.popLast() {
            let folder = relative.isEmpty ? path : path + "/" + relative
            let names: [String]
            do {
                names = try Self.list(folder).filter { !$0.hasPrefix(".") }
            } catch {
                if relative.isEmpty { throw error }
                ignored.append(relative + "/")
                continue
            }
            for name in names {
                let child = relative.isEmpty ? name : relative + "/" + name
                var dir: ObjCBool = false
                guard fm.fileExists(atPath: path + "/" + child, isDirectory: &dir) else { ignored.append(child); continue }
                if dir.boolValue {
                    pending.append(child)
                } else if Self.imageExtensions.contains((name as NSString).pathExtension.lowercased()) {
                    images.append(child)
                } else {
                    ignored.append(child)
                }
            }
        }
        self.init(root: URL(fileURLWithPath: path), folders: [""], classNames: [""],
                  items: images.sorted().map { Item(relativePath: $0, label: 0) }, ignoredFiles: ignored.sorted())
    }

    /// Memberwise, for listings made elsewhere in this module.
    init(root: URL, folders: [String], classNames: [String], items: [Item], ignoredFiles: [String]) {
        self.root = root
        self.folders = folders
        self.classNames = classNames
        self.items = items
        self.ignoredFiles = ignoredFiles
    }
}
