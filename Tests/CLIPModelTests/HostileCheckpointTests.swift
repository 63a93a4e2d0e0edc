import CLIPCore
import Foundation
import Testing
@testable import CLIPModel

/// Checkpoint folders and files made hostile at test time, and full-size models that do not
/// fit in the memory the OS reports.
@Suite("Hostile checkpoints and short memory give one clear line", .timeLimit(.minutes(3)))
struct HostileCheckpointTests {
    static let tinyFolder = ModelFixtures.hfFolder("tiny-a")

    static func loadError(_ body: () throws -> Void) -> Error? {
        do { try body() } catch { return error }
        return nil
    }

    static func expectOneLine(_ error: Error?, naming path: String, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let error else { Issue.record("no error for \(path)", sourceLocation: sourceLocation); return }
        let text = "\(error)"
        #expect(text.contains(path), "\(text)", sourceLocation: sourceLocation)
        #expect(!text.contains("\n"), sourceLocation: sourceLocation)
        #expect(text.contains(" — ") || text.contains("; "), "says what to do: \(text)", sourceLocation: sourceLocation)
    }

    /// A copy of tiny-a's Hugging Face folder.
    static func tinyCopy() throws -> URL {
        let folder = try ModelFixtures.temporaryFolder()
        for name in ["config.json", "model.safetensors"] {
            try FileManager.default.copyItem(at: tinyFolder.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        return folder
    }

    // MARK: - Memory

    @Test("The memory a checkpoint needs is the sum of its tensors as Float32")
    func neededBytes() throws {
        let store = try SafeTensorsCollection(path: Self.tinyFolder.path)
        let loaded = try CheckpointLoader.load(Self.tinyFolder.path, environment: [:], availableMemory: nil)
        let parameters = loaded.model.namedParameters().reduce(0) { $0 + $1.1.count }
        let bytes = CheckpointLoader.float32Bytes(store)
        #expect(bytes == store.names.reduce(0) { $0 + 4 * (store.info($1)?.count ?? 0) })
        #expect(bytes >= 4 * parameters && bytes < 4 * parameters + 4096)   // plus position ids
    }

    @Test("A checkpoint that does not fit in the available memory is refused before any tensor is read",
          arguments: ["hf", "openai"])
    func notEnoughMemory(kind: String) throws {
        let reference = kind == "hf" ? Self.tinyFolder : ModelFixtures.openAIFile("tiny-b")
        let file = kind == "hf" ? reference.appendingPathComponent("model.safetensors").path : reference.path
        let needed = CheckpointLoader.float32Bytes(try SafeTensorsCollection(path: reference.path))
        let error = Self.loadError { _ = try CheckpointLoader.load(reference.path, environment: [:], availableMemory: needed - 1) }
        #expect(error as? ModelError == .notEnoughMemory(path: file, MemoryShortage(needed: needed, available: needed - 1)))
        #expect("\(error!)".hasSuffix("available; close other programs or use a smaller model"))
        Self.expectOneLine(error, naming: file)
        // Exactly enough, or no figure at all, loads.
        _ = try CheckpointLoader.load(reference.path, environment: [:], availableMemory: needed)
        _ = try CheckpointLoader.load(reference.path, environment: [:], availableMemory: nil)
    }

    @Test("CLIPLAB_MEMORY_LIMIT lowers the memory a load may use")
    func memoryLimitVariable() throws {
        let error = Self.loadError { _ = try CheckpointLoader.load(Self.tinyFolder.path, environment: [SystemMemory.limitVariable: "100K"]) }
        guard case .notEnoughMemory(_, let shortage)? = error as? ModelError else {
            Issue.record("expected .notEnoughMemory, got \(String(describing: error))")
            return
        }
        #expect(shortage.available == 100 << 10)
        #expect("\(error!)".contains("about 102400 bytes available"))
    }

    /// A ViT-B/32 Hugging Face folder whose 605 MB of weights are a sparse hole: the header is
    /// real, the data takes no disk and is never read.
    static func sparseFullSizeFolder() throws -> URL {
        let folder = try ModelFixtures.temporaryFolder()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try encoder.encode(CLIPConfig.vitB32).write(to: folder.appendingPathComponent("config.json"))
        let model = try CLIP(config: .vitB32, parameters: .unfilled)
        var fields: [String] = [], seen = Set<String>(), offset = 0
        for (name, parameter) in model.namedParameters() {
            let source = WeightMap.source(for: name, naming: .huggingFace)
            guard seen.insert(source.key).inserted else { continue }
            let shape = source.storedShape(for: parameter.shape)
            let bytes = 4 * shape.reduce(1, *)
            fields.append("\"\(source.key)\":{\"dtype\":\"F32\",\"shape\":[\(shape.map(String.init).joined(separator: ","))],\"data_offsets\":[\(offset),\(offset + bytes)]}")
            offset += bytes
        }
        var header = Array(("{" + fields.joined(separator: ",") + "}").utf8)
        while header.count % 8 != 0 { header.append(0x20) }
        var data = Data()
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(contentsOf: header)
        let path = folder.appendingPathComponent("model.safetensors").path
        try data.write(to: URL(fileURLWithPath: path))
        #expect(truncate(path, off_t(data.count + offset)) == 0)
        return folder
    }

    @Test("A full-size ViT-B/32 with too little memory fails at once with how much it needs")
    func fullSizeShortOfMemory() throws {
        let folder = try Self.sparseFullSizeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("model.safetensors").path
        let error = Self.loadError { _ = try CheckpointLoader.load(folder.path, environment: [:], availableMemory: 300 << 20) }
        guard case .notEnoughMemory(let path, let shortage)? = error as? ModelError else {
            Issue.record("expected .notEnoughMemory, got \(String(describing: error))")
            return
        }
        #expect(path == file)
        #expect(shortage.needed > 570 << 20 && shortage.needed < 590 << 20)   // 151.3 M Float32 parameters
        #expect("\(error!)" == "\(file): needs \(FileAccessError.size(shortage.needed)), about 300.0 MB available; close other programs or use a smaller model")
        Self.expectOneLine(error, naming: file)
    }

    // MARK: - Hostile paths

    enum Kind: String, CaseIterable { case missing, directory, symlinkLoop, empty, fifo, oversized, cut }

    /// Replaces `name` inside `folder` with the hostile `kind`; returns its path.
    static func spoil(_ name: String, in folder: URL, as kind: Kind) throws -> String {
        let path = folder.appendingPathComponent(name).path
        let original = try? Data(contentsOf: URL(fileURLWithPath: path))
        try? FileManager.default.removeItem(atPath: path)
        switch kind {
        case .missing: break
        case .directory: try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        case .symlinkLoop:
            symlink(path + ".2", path)
            symlink(path, path + ".2")
        case .empty: _ = FileManager.default.createFile(atPath: path, contents: Data())
        case .fifo: mkfifo(path, 0o644)
        case .oversized:
            _ = FileManager.default.createFile(atPath: path, contents: Data("{".utf8))
            #expect(truncate(path, 1 << 30) == 0)
        case .cut: try (original ?? Data()).prefix((original?.count ?? 0) / 2).write(to: URL(fileURLWithPath: path))
        }
        return path
    }

    @Test("A hostile config.json is refused by name", arguments: Kind.allCases)
    func hostileConfig(kind: Kind) throws {
        let folder = try Self.tinyCopy()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try Self.spoil("config.json", in: folder, as: kind)
        let error = Self.loadError { _ = try CheckpointLoader.load(folder.path, environment: [:], availableMemory: nil) }
        switch kind {
        case .missing:   // then the folder holds a lone model.safetensors with Hugging Face names
            #expect("\(error!)".contains("need their config.json beside them"))
        case .directory: #expect(error as? ModelError == .file(.isDirectory(path: path)))
        case .symlinkLoop: #expect(error as? ModelError == .file(.symlinkLoop(path: path)))
        case .fifo: #expect(error as? ModelError == .file(.notRegularFile(path: path, kind: "a FIFO (named pipe)")))
        case .oversized:
            #expect(error as? ModelError == .file(.tooLarge(path: path, bytes: 1 << 30, limit: CheckpointLoader.maxConfigBytes)))
        case .empty, .cut: #expect(error as? ModelError == .checkpoint(path: path, message: "not a valid JSON object — re-download or fix the file"))
        }
        if kind != .missing { Self.expectOneLine(error, naming: path) }
        #expect("\(error!)".contains(kind == .missing ? folder.path : path) && !"\(error!)".contains("\n"))
    }

    @Test("A hostile model.safetensors is refused by name", arguments: Kind.allCases)
    func hostileWeights(kind: Kind) throws {
        let folder = try Self.tinyCopy()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try Self.spoil("model.safetensors", in: folder, as: kind)
        let error = Self.loadError { _ = try CheckpointLoader.load(folder.path, environment: [:], availableMemory: nil) }
        switch kind {
        case .missing: #expect("\(error!)".contains("has config.json but no model.safetensors"))
        case .directory: #expect(error as? TensorFileError == .isDirectory(path: path))
        case .symlinkLoop: #expect(error as? TensorFileError == .access(.symlinkLoop(path: path)))
        case .fifo: #expect(error as? TensorFileError == .access(.notRegularFile(path: path, kind: "a FIFO (named pipe)")))
        case .empty, .cut:
            guard case .truncated? = error as? TensorFileError else {
                Issue.record("expected .truncated, got \(String(describing: error))")
                return
            }
        case .oversized:   // 1 GB of zeros after "{": a 123-byte header of NULs
            guard case .invalidHeader? = error as? TensorFileError else {
                Issue.record("expected .invalidHeader, got \(String(describing: error))")
                return
            }
        }
        Self.expectOneLine(error, naming: kind == .missing ? folder.path : path)
    }

    @Test("A hostile path given to load is refused by name", arguments: Kind.allCases)
    func hostileReference(kind: Kind) throws {
        let folder = try ModelFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try Self.spoil("weights.safetensors", in: folder, as: kind)
        let error = Self.loadError { _ = try CheckpointLoader.load(path, environment: [:], availableMemory: nil) }
        switch kind {
        case .missing: #expect("\(error!)".contains("no such file or folder"))
        case .directory: #expect("\(error!)".contains("no model files"))
        case .symlinkLoop: #expect(error as? ModelError == .file(.symlinkLoop(path: path)))
        case .fifo: #expect(error as? TensorFileError == .access(.notRegularFile(path: path, kind: "a FIFO (named pipe)")))
        case .empty, .cut:
            guard case .truncated? = error as? TensorFileError else {
                Issue.record("expected .truncated, got \(String(describing: error))")
                return
            }
        case .oversized:   // 1 GB of zeros after "{": a 123-byte header of NULs
            guard case .invalidHeader? = error as? TensorFileError else {
                Issue.record("expected .invalidHeader, got \(String(describing: error))")
                return
            }
        }
        Self.expectOneLine(error, naming: path)
    }

    @Test("A hostile open_clip_config.json beside an OpenAI file is refused by name", arguments: [Kind.directory, .symlinkLoop, .fifo, .oversized])
    func hostileOpenCLIPConfig(kind: Kind) throws {
        let folder = try ModelFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let weights = folder.appendingPathComponent("model.safetensors")
        try FileManager.default.copyItem(at: ModelFixtures.openAIFile("tiny-a"), to: weights)
        let path = try Self.spoil(OpenAIArchitecture.openCLIPConfigName, in: folder, as: kind)
        let error = Self.loadError { _ = try CheckpointLoader.loadOpenAI(file: weights, availableMemory: nil) }
        #expect((error as? ModelError).map { if case .file = $0 { true } else { false } } == true, "\(String(describing: error))")
        Self.expectOneLine(error, naming: path)
    }
}
