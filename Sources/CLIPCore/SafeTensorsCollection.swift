import Foundation

/// A checkpoint that may be split into shards: a Hugging Face `model.safetensors.index.json`
/// and the files its `weight_map` names, or a single safetensors file, behind one API.
///
/// Every shard is memory-mapped and validated on open, and every name in the index is
/// checked to exist in its shard.
///
/// Example:
/// ```
/// let ckpt = try SafeTensorsCollection(path: "clip-vit-base-patch32")   // folder, index or file
/// let w = try ckpt.tensor(named: "vision_model.embeddings.patch_embedding.weight")
/// ```
public final class SafeTensorsCollection: SafeTensorsStore, @unchecked Sendable {
    /// The standard index file name in a Hugging Face checkpoint folder.
    public static let indexFileName = "model.safetensors.index.json"
    /// The standard single-file name in a Hugging Face checkpoint folder.
    public static let singleFileName = "model.safetensors"

    /// The index (or single file) this collection was opened from.
    public let path: String
    /// Tensor names, shard by shard in file order.
    public let names: [String]
    /// The index's `metadata` (numbers written as text), or the single file's metadata.
    public let metadata: [String: String]
    /// The opened shards, in file-name order.
    public let shards: [SafeTensorsFile]
    private let shardOf: [String: SafeTensorsFile]

    public convenience init(url: URL) throws { try self.init(path: url.path) }

    /// Opens a checkpoint folder (index or `model.safetensors` inside), an index `.json`, or
    /// a single `.safetensors` file.
    public init(path: String) throws {
        let isDirectory: Bool
        do { isDirectory = try FileAccess.isDirectory(path) } catch { throw TensorFileError(error) }
        var target = path
        if isDirectory {
            let folder = URL(fileURLWithPath: path)
            let index = folder.appendingPathComponent(Self.indexFileName).path
            let single = folder.appendingPathComponent(Self.singleFileName).path
            if FileAccess.entryExists(index) {
                target = index
            } else if FileAccess.entryExists(single) {   // even a broken one: then its own error is reported
                target = single
            } else {
                throw TensorFileError.notFound(path: index)
            }
        }
        self.path = target
        guard target.hasSuffix(".json") else {
            let file = try SafeTensorsFile(path: target)
            shards = [file]
            names = file.names
            metadata = file.metadata
            shardOf = Dictionary(uniqueKeysWithValues: file.names.map { ($0, file) })
            return
        }
        let index = try Self.readIndex(target)
        let folder = URL(fileURLWithPath: target).deletingLastPathComponent()
        var opened: [String: SafeTensorsFile] = [:]
        for shardName in Set(index.weight_map.values).sorted() {
            let parts = shardName.split(separator: "/", omittingEmptySubsequences: false)
            guard !shardName.hasPrefix("/"), !parts.contains(".."), !shardName.isEmpty else {
                throw TensorFileError.invalidHeader(path: target, key: nil,
                                                    detail: "shard \"\(shardName)\" is not a file name inside the checkpoint folder")
            }
            opened[shardName] = try SafeTensorsFile(path: folder.appendingPathComponent(shardName).path)
        }
        var shardOf: [String: SafeTensorsFile] = [:]
        for (name, shardName) in index.weight_map {
            guard let shard = opened[shardName], shard.info(name) != nil else {
                throw TensorFileError.noSuchTensor(path: folder.appendingPathComponent(shardName).path, key: name)
            }
            shardOf[name] = shard
        }
        let ordered = opened.sorted { $0.key < $1.key }.map(\.value)
        shards = ordered
        names = ordered.flatMap { shard in shard.names.filter { shardOf[$0] === shard } }
        metadata = index.metadata?.mapValues(\.text) ?? [:]
        self.shardOf = shardOf
    }

    public func info(_ name: String) -> SafeTensorsInfo? { shardOf[name]?.info(name) }

    public func tensor(named name: String) throws -> Tensor {
        guard let shard = shardOf[name] else { throw TensorFileError.noSuchTensor(path: path, key: name) }
        return try shard.tensor(named: name)
    }

    /// The shard holding `name`, for raw access.
    public func shard(holding name: String) -> SafeTensorsFile? { shardOf[name] }

    // MARK: - Index

    private struct Index: Decodable {
        var metadata: [String: Scalar]?
        var weight_map: [String: String]
    }

    /// A JSON scalar kept as text (`total_size` is a number in real indexes).
    private struct Scalar: Decodable {
        var text: String
        init(from decoder: Decoder) throws {
            let value = try decoder.singleValueContainer()
            if let s = try? value.decode(String.self) { text = s }
            else if let i = try? value.decode(Int.self) { text = String(i) }
            else if let d = try? value.decode(Double.self) { text = String(d) }
            else if let b = try? value.decode(Bool.self) { text = String(b) }
            else { text = "null" }
        }
    }

    private static func readIndex(_ path: String) throws -> Index {
        let data: Data
        do { data = Data(try FileAccess.read(path)) } catch { throw TensorFileError(error) }
        do {
            return try JSONDecoder().decode(Index.self, from: data)
        } catch let error as DecodingError {
            throw TensorFileError.invalidHeader(path: path, key: nil, detail: SafeTensorsFile.describe(error))
        } catch {
            throw TensorFileError.invalidHeader(path: path, key: nil, detail: "not valid JSON (\(error))")
        }
    }
}
