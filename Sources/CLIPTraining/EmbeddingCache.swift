import CLIPCore
import CLIPData
import CLIPImage
import CLIPModel
import Foundation

/// Image embeddings remembered per model and folder, so a rerun with other prompts only
/// encodes text.
///
/// Two files per (model, folder) under `~/.cache/cliplab/embeddings/`: `KEY.npy`, the
/// float32 matrix `[N, D]` (`numpy.load` reads it), and beside it `KEY.files.json`, a JSON
/// list of `[relative path, mtime, size]` for each row. An entry is used only while the
/// file's modification time and size are unchanged; `prune` forgets files that are gone.
/// Example: `let cache = EmbeddingCache(model: clip, preprocess: pre, folder: url)`.
public final class EmbeddingCache: @unchecked Sendable {
    /// `$XDG_CACHE_HOME/cliplab/embeddings`, else `$HOME/.cache/cliplab/embeddings` (`UserFolders`).
    public static var defaultDirectory: URL {
        URL(fileURLWithPath: UserFolders.cache()).appendingPathComponent("embeddings")
    }

    /// Identifies a file's version: modification time and size.
    public struct Stamp: Equatable, Sendable {
        public let modified: Double
        public let size: Int
    }

    /// The matrix (`.npy`); `listFile` names its rows.
    public let file: URL
    public let listFile: URL
    private var rows: [String: (stamp: Stamp, values: [Float])] = [:]
    private var width = 0
    private var dirty = false

    /// Opens (or starts) the cache of `model` + `preprocess` over `folder`.
    public init(model: CLIP, preprocess: CLIPPreprocess, folder: URL, directory: URL = EmbeddingCache.defaultDirectory) {
        let key = Self.fingerprint(model: model, preprocess: preprocess)
        let folderKey = Self.hex(Self.fnv(Array(folder.standardizedFileURL.path.utf8)))
        file = directory.appendingPathComponent("\(key)-\(folderKey).npy")
        listFile = directory.appendingPathComponent("\(key)-\(folderKey).files.json")
        load()
    }

    /// A stable hash of the model's shapes and a sample of its weights, and the preprocessing.
    public static func fingerprint(model: CLIP, preprocess: CLIPPreprocess) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ bytes: some Sequence<UInt8>) { for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 } }
        mix("\(preprocess.size) \(preprocess.mean) \(preprocess.std)".utf8)
        if preprocess.resizeOrder != .huggingFace { mix(" resize order \(preprocess.resizeOrder.rawValue)".utf8) }
        for (name, t) in model.namedParameters() {
            mix(name.utf8)
            mix("\(t.shape)".utf8)
            // Every value of small tensors, a strided sample of large ones.
            let step = max(1, t.count / 512)
            for i in stride(from: 0, to: t.count, by: step) {
                withUnsafeBytes(of: t.data[i].bitPattern) { mix($0) }
            }
        }
        return hex(h)
    }

    static func fnv(_ bytes: [UInt8]) -> UInt64 {
        bytes.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }

    static func hex(_ v: UInt64) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }

    /// The stamp of the file at `path`, or nil if it cannot be read. One `stat` call
    /// (Foundation's attributes also look up owner names, slow over thousands of files).
    public static func stamp(of path: String) -> Stamp? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        let modified = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
        return Stamp(modified: modified, size: Int(info.st_size))
    }

    /// Number of remembered embeddings.
    public var count: Int { rows.count }

    /// The remembered embedding of `relativePath` if the file is unchanged (`stamp`).
    public func embedding(for relativePath: String, stamp: Stamp) -> [Float]? {
        guard let row = rows[relativePath], row.stamp == stamp else { return nil }
        return row.values
    }

    /// Remembers an embedding (written on `save`).
    public func store(_ values: [Float], for relativePath: String, stamp: Stamp) {
        if width == 0 { width = values.count }
        guard values.count == width else { return }
        rows[relativePath] = (stamp, values)
        dirty = true
    }

    /// Forgets every entry whose path is not in `paths` (files deleted since); returns how many.
    @discardableResult
    public func prune(keeping paths: Set<String>) -> Int {
        let gone = rows.keys.filter { !paths.contains($0) }
        for key in gone { rows[key] = nil }
        if !gone.isEmpty { dirty = true }
        return gone.count
    }

    /// Writes the cache file if anything changed. A cache that cannot be written is not
    /// an error for the evaluation; the reason is returned for a warning.
    @discardableResult
    public func save() -> String? {
        guard dirty, width > 0 || rows.isEmpty else { return nil }
        let keys = rows.keys.sorted()
        var data = [Float]()
        data.reserveCapacity(keys.count * width)
        var entries: [[String]] = []
        for k in keys {
            let row = rows[k]!
            data += row.values
            entries.append([k, String(row.stamp.modified), String(row.stamp.size)])
        }
        do {
            let json = String(decoding: try JSONEncoder().encode(entries), as: UTF8.self)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            // The list last: a matrix without its matching list is read as no cache.
            try NPY.write(Tensor(shape: [keys.count, width], data: data), to: file)
            try Data(json.utf8).write(to: listFile, options: .atomic)
            dirty = false
            return nil
        } catch {
            return "could not write the embedding cache \(file.path): \(error)"
        }
    }

    /// Reads the cache file; a missing or damaged one just means an empty cache.
    private func load() {
        guard FileManager.default.fileExists(atPath: file.path),
              let json = try? Data(contentsOf: listFile),
              let entries = try? JSONDecoder().decode([[String]].self, from: json),
              let tensor = try? NPY.readTensor(file),
              tensor.rank == 2, tensor.shape[0] == entries.count else { return }
        width = tensor.shape[1]
        for (i, e) in entries.enumerated() where e.count == 3 {
            guard let modified = Double(e[1]), let size = Int(e[2]) else { continue }
            rows[e[0]] = (Stamp(modified: modified, size: size), Array(tensor.data[(i * width)..<((i + 1) * width)]))
        }
    }
}
