import Foundation
import Testing
@testable import CLIPCore

/// A path that is not the file a loader expects.
enum HostilePath: String, CaseIterable, Sendable {
    case missing, directory, symlinkLoop, empty, fifo

    /// Makes the case inside `folder` and returns its path.
    func make(in folder: URL, name: String) throws -> String {
        let path = folder.appendingPathComponent(name).path
        switch self {
        case .missing: break
        case .directory: try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        case .symlinkLoop:
            symlink(path + ".other", path)
            symlink(path, path + ".other")
        case .empty: _ = FileManager.default.createFile(atPath: path, contents: Data())
        case .fifo: mkfifo(path, 0o644)
        }
        return path
    }
}

/// Every tensor file reader treats its input as hostile: each case ends in one clear line.
@Suite("Hostile tensor files give one clear error, never a crash or a hang", .timeLimit(.minutes(2)))
struct HostileFileTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")
    /// A real checkpoint (a tiny CLIP in F32, 0.9 MB).
    static let checkpoint = fixtures.appendingPathComponent("model/tiny-a/hf/model.safetensors")
    static let pixels = fixtures.appendingPathComponent("model/tiny-a/pixels.npy")

    enum Loader: String, CaseIterable, Sendable {
        case safetensorsFile, safetensorsCollection, npy

        func load(_ path: String) throws {
            switch self {
            case .safetensorsFile: _ = try SafeTensorsFile(path: path)
            case .safetensorsCollection: _ = try SafeTensorsCollection(path: path)
            case .npy: _ = try NPY.read(URL(fileURLWithPath: path))
            }
        }
    }

    func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cliplab-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The error `body` throws, or nil.
    func failure(_ body: () throws -> Void) -> TensorFileError? {
        do { try body() } catch let error as TensorFileError { return error } catch {
            Issue.record("expected a TensorFileError, got \(error)")
        }
        return nil
    }

    func expectOneLine(_ error: TensorFileError?, about path: String, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let error else { Issue.record("no error for \(path)", sourceLocation: sourceLocation); return }
        #expect(error.description.hasPrefix(path), sourceLocation: sourceLocation)
        #expect(!error.description.contains("\n"), sourceLocation: sourceLocation)
        #expect(error.description.contains(" — ") || error.description.contains("; "), "says what to do: \(error)",
                sourceLocation: sourceLocation)
    }

    @Test("Each tensor loader refuses a missing path, a directory, a symlink loop, an empty file and a FIFO",
          arguments: Loader.allCases, HostilePath.allCases)
    func hostilePaths(loader: Loader, kind: HostilePath) throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try kind.make(in: folder, name: "weights")
        let error = failure { try loader.load(path) }
        switch (kind, loader) {
        case (.missing, _): #expect(error == .notFound(path: path))
        case (.directory, .safetensorsCollection):   // a folder is searched for the checkpoint files
            #expect(error == .notFound(path: path + "/" + SafeTensorsCollection.indexFileName))
        case (.directory, _): #expect(error == .isDirectory(path: path))
        case (.symlinkLoop, _): #expect(error == .access(.symlinkLoop(path: path)))
        case (.fifo, _): #expect(error == .access(.notRegularFile(path: path, kind: "a FIFO (named pipe)")))
        case (.empty, .npy): #expect(error == .badMagic(path: path, detail: "the file is empty"))
        case (.empty, _):
            #expect(error == .truncated(path: path, key: nil, detail: "0 bytes, fewer than the 8-byte header length"))
        }
        expectOneLine(error, about: kind == .directory && loader == .safetensorsCollection ? path + "/" : path)
    }

    @Test("A file without read permission is refused by name", .enabled(if: getuid() != 0),
          arguments: Loader.allCases)
    func noPermission(loader: Loader) throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("locked").path
        try Data(contentsOf: Self.checkpoint).write(to: URL(fileURLWithPath: path))
        chmod(path, 0)
        #expect(failure { try loader.load(path) } == .access(.permissionDenied(path: path)))
    }

    /// A safetensors file: the 8-byte header length, then `header` as given.
    func safetensors(length: UInt64, header: String, dataBytes: Int = 0) -> Data {
        var out = Data()
        withUnsafeBytes(of: length.littleEndian) { out.append(contentsOf: $0) }
        out.append(contentsOf: Array(header.utf8))
        out.append(Data(count: dataBytes))
        return out
    }

    @Test("A header claiming 1 TB is refused at once, before anything is allocated", arguments: [
        ("header length 1 TB", UInt64(1) << 40, "{}", "headerTooLarge"),
        ("data_offsets to 1 TB", 0, #"{"w":{"dtype":"F32","shape":[274877906944],"data_offsets":[0,1099511627776]}}"#, "truncated"),
        ("begin at 1 TB", 0, #"{"w":{"dtype":"F32","shape":[1],"data_offsets":[1099511627776,1099511627780]}}"#, "truncated"),
        ("shape of 2^80 elements", 0, #"{"w":{"dtype":"F32","shape":[1099511627776,1099511627776],"data_offsets":[0,4]}}"#, "invalidShape"),
        ("offsets past Int64", 0, #"{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,99999999999999999999]}}"#, "invalidHeader"),
    ])
    func terabyteHeader(name: String, length: UInt64, header: String, expected: String) throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("huge.safetensors").path
        try safetensors(length: length == 0 ? UInt64(header.utf8.count) : length, header: header, dataBytes: 8)
            .write(to: URL(fileURLWithPath: path))
        let error = failure { _ = try SafeTensorsFile(path: path) }
        #expect(error.map(Self.caseName) == expected, "\(name): \(String(describing: error))")
        expectOneLine(error, about: path)
    }

    static func caseName(_ error: TensorFileError) -> String {
        Mirror(reflecting: error).children.first?.label ?? ""
    }

    @Test("A real 1 TB sparse checkpoint opens without reading it, and converting it fails on memory")
    func sparseTerabyte() throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("sparse.safetensors").path
        let header = #"{"w":{"dtype":"F32","shape":[274877906944],"data_offsets":[0,1099511627776]}}"#
        try safetensors(length: UInt64(header.utf8.count), header: header).write(to: URL(fileURLWithPath: path))
        guard truncate(path, off_t(8 + header.utf8.count) + (1 << 40)) == 0 else {
            Issue.record("this file system cannot hold a 1 TB sparse file (\(String(cString: strerror(errno))))")
            return
        }
        let file = try SafeTensorsFile(path: path)
        #expect(file.info("w")?.byteRange.count == 1 << 40)
        let error = failure { _ = try file.tensor(named: "w") }
        guard case .notEnoughMemory(let p, let shortage)? = error else {
            Issue.record("expected .notEnoughMemory, got \(String(describing: error))")
            return
        }
        #expect(p == path && shortage.needed == 1 << 40)
        #expect(error?.description.contains("needs 1024.0 GB, about ") == true)
        expectOneLine(error, about: path)
    }

    @Test("A safetensors checkpoint truncated at every 10% point is refused", arguments: Array(0..<10))
    func truncatedCheckpoint(tenth: Int) throws {
        let bytes = try Data(contentsOf: Self.checkpoint)
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("cut.safetensors").path
        try bytes.prefix(bytes.count * tenth / 10).write(to: URL(fileURLWithPath: path))
        let error = failure { _ = try SafeTensorsCollection(path: path) }
        switch error {
        case .truncated?, .headerBeyondFile?: break
        default: Issue.record("cut at \(tenth * 10)%: expected a truncation error, got \(String(describing: error))")
        }
        #expect(error?.description.contains("truncated") == true)
        expectOneLine(error, about: path)
        // The tensor named is the first one, in file order, that the cut reaches.
        if case .truncated(_, let key?, _)? = error {
            let original = try SafeTensorsFile(url: Self.checkpoint)
            let headerLength = bytes.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
            let dataBytes = bytes.count * tenth / 10 - 8 - headerLength
            #expect(key == original.names.first { original.info($0)!.byteRange.upperBound > dataBytes })
        }
    }

    @Test("A sharded index that is oversized or names a bad shard is refused", arguments: HostilePath.allCases)
    func hostileShard(kind: HostilePath) throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let shard = try kind.make(in: folder, name: "model-00001-of-00001.safetensors")
        let index = #"{"metadata":{"total_size":4},"weight_map":{"w":"model-00001-of-00001.safetensors"}}"#
        try Data(index.utf8).write(to: folder.appendingPathComponent(SafeTensorsCollection.indexFileName))
        let error = failure { _ = try SafeTensorsCollection(path: folder.path) }
        #expect(error != nil)
        #expect(error?.path == shard, "\(String(describing: error))")
        expectOneLine(error, about: shard)
    }

    @Test("An index .json larger than any real one is refused without reading it")
    func hugeIndex() throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent(SafeTensorsCollection.indexFileName).path
        _ = FileManager.default.createFile(atPath: path, contents: Data("{".utf8))
        #expect(truncate(path, 1 << 30) == 0)
        let error = failure { _ = try SafeTensorsCollection(path: folder.path) }
        #expect(error == .access(.tooLarge(path: path, bytes: 1 << 30, limit: FileAccess.smallFileLimit)))
        #expect(error?.description == "\(path): 1.0 GB, over the 256.0 MB this kind of file may have — is it the right file?")
    }

    /// A `.npy` whose header says `shape` (float32) followed by `body` bytes.
    func npy(shape: String, headerLength: Int? = nil, body: Int = 0) -> Data {
        var header = Array("{'descr': '<f4', 'fortran_order': False, 'shape': \(shape), }".utf8)
        while (10 + header.count + 1) % 64 != 0 { header.append(0x20) }
        header.append(0x0A)
        var out = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        let length = UInt16(min(headerLength ?? header.count, 65535))
        withUnsafeBytes(of: length.littleEndian) { out.append(contentsOf: $0) }
        out.append(contentsOf: header)
        out.append(Data(count: body))
        return out
    }

    @Test(".npy headers claiming 1 TB are refused before allocating", arguments: [
        ("(274877906944,)", "needs 1099511627776 data bytes but the file holds 16"),
        ("(65536, 65536, 65536)", "needs 1125899906842624 data bytes but the file holds 16"),
        ("(4294967296, 4294967296, 4294967296)", "is not a valid shape"),
    ])
    func terabyteNPY(shape: String, detail: String) throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("huge.npy").path
        try npy(shape: shape, body: 16).write(to: URL(fileURLWithPath: path))
        let error = failure { _ = try NPY.read(URL(fileURLWithPath: path)) }
        #expect(error?.description.contains(detail) == true, "\(String(describing: error))")
        expectOneLine(error, about: path)
    }

    @Test("A sparse .npy of 1 TB is refused by the memory check, not by the kernel")
    func sparseNPY() throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("sparse.npy")
        let head = npy(shape: "(274877906944,)")
        try head.write(to: url)
        #expect(truncate(url.path, off_t(head.count) + (1 << 40)) == 0)
        let error = failure { _ = try NPY.read(url, availableMemory: 8 << 30) }
        #expect(error == .notEnoughMemory(path: url.path, MemoryShortage(needed: 1 << 40, available: 8 << 30, advice: NPY.arrayAdvice)))
        #expect(error?.description == "\(url.path): needs 1024.0 GB, about 8.0 GB available; close other programs or save a smaller array")
    }

    @Test("A .npy truncated at every 10% point is refused", arguments: Array(0..<10))
    func truncatedNPY(tenth: Int) throws {
        let bytes = try Data(contentsOf: Self.pixels)
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("cut.npy").path
        try bytes.prefix(bytes.count * tenth / 10).write(to: URL(fileURLWithPath: path))
        let error = failure { _ = try NPY.read(URL(fileURLWithPath: path)) }
        switch error {
        case .truncated?, .badMagic?: break
        default: Issue.record("cut at \(tenth * 10)%: got \(String(describing: error))")
        }
        expectOneLine(error, about: path)
    }

    @Test("A .npy header longer than 1 MB is refused")
    func hugeNPYHeader() throws {
        var bytes = Data([0x93] + Array("NUMPY".utf8) + [2, 0])
        withUnsafeBytes(of: UInt32(3 << 30).littleEndian) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: Array("{'descr': '<f4'".utf8))
        let error = failure { _ = try NPY.decode(bytes, path: "big.npy") }
        #expect(error == .invalidHeader(path: "big.npy", key: nil, detail: "header claims 3221225472 bytes, over the 1048576-byte limit"))
    }
}
