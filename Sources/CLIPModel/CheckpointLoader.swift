import CLIPCore
import CLIPText
import Foundation

/// A model read from disk, with where it came from.
public struct LoadedCheckpoint {
    public let model: CLIP
    public let location: ModelLocation
    public let naming: CheckpointNaming
    /// Stored element types, e.g. `["F16"]` or `["BF16", "F32"]`.
    public let storedTypes: [String]
    /// `vocab.json` and `merges.txt` beside the weights, when the folder has both.
    public let vocabulary: VocabularyFiles?

    /// The checkpoint's own tokenizer (`vocab.json` + `merges.txt`) when it has one, else
    /// the CLIP vocabulary bundled with the package (the one every OpenAI CLIP uses).
    public func tokenizer() throws -> CLIPTokenizer {
        guard let vocabulary else { return try CLIPTokenizer.bundled() }
        return try CLIPTokenizer(vocabJSON: vocabulary.vocab, merges: vocabulary.merges)
    }
}

/// A Hugging Face tokenizer's two files.
public struct VocabularyFiles: Equatable, Sendable {
    public let vocab: URL
    public let merges: URL
}

/// Loads CLIP checkpoints — Hugging Face folders and OpenAI/open_clip-named files, in
/// F32, F16 or BF16, memory-mapped — and saves models as Hugging Face folders.
///
/// Every parameter the config implies is looked up through `WeightMap`; a missing,
/// unexpected or wrongly shaped tensor is reported by name with both shapes.
/// ```
/// let ckpt = try CheckpointLoader.load("openai/clip-vit-base-patch32")   // local cache only
/// let e = try ckpt.model.encodeImage(pixels)                              // [1, 512]
/// try CheckpointLoader.save(toy, to: URL(fileURLWithPath: "toy-clip"))
/// ```
public enum CheckpointLoader {
    /// Loads a folder, a file, or a hub name found in the local Hugging Face cache, after
    /// checking its weights fit in the memory `SystemMemory` reports (lowered by
    /// `CLIPLAB_MEMORY_LIMIT` in `environment`).
    public static func load(_ reference: String,
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws -> LoadedCheckpoint {
        try load(reference, environment: environment, availableMemory: SystemMemory.available(environment: environment))
    }

    /// Loads `reference` when its Float32 weights fit in `availableMemory` bytes (nil: no check).
    public static func load(_ reference: String, environment: [String: String],
                            availableMemory: Int?) throws -> LoadedCheckpoint {
        try load(ModelLocator.locate(reference, environment: environment), availableMemory: availableMemory)
    }

    /// Loads what `ModelLocator` found.
    public static func load(_ location: ModelLocation,
                            availableMemory: Int? = SystemMemory.available()) throws -> LoadedCheckpoint {
        switch location {
        case let .huggingFaceFolder(folder): try loadHuggingFace(folder: folder, availableMemory: availableMemory)
        case let .openAIFile(file): try loadOpenAI(file: file, availableMemory: availableMemory)
        }
    }

    /// Bytes the checkpoint's tensors take once converted to Float32 (what loading allocates).
    public static func float32Bytes(_ store: SafeTensorsStore) -> Int {
        store.names.reduce(0) { total, name in
            let (sum, overflow) = total.addingReportingOverflow(4 &* (store.info(name)?.count ?? 0))
            return overflow ? Int.max : sum
        }
    }

    /// Refuses a checkpoint whose Float32 weights need more than `available` bytes, before
    /// any of them is read.
    public static func checkMemory(_ store: SafeTensorsStore, available: Int?, file: String) throws {
        do { try SystemMemory.check(needing: float32Bytes(store), available: available) } catch {
            throw ModelError.notEnoughMemory(path: file, error)
        }
    }

    /// Loads a Hugging Face folder: `config.json` + `model.safetensors` or a sharded index.
    public static func loadHuggingFace(folder: URL, availableMemory: Int? = SystemMemory.available()) throws -> LoadedCheckpoint {
        let config = try readConfig(folder.appendingPathComponent(ModelLocator.configName))
        let store = try SafeTensorsCollection(path: folder.path)
        try checkMemory(store, available: availableMemory, file: store.path)
        let model = try build(config, file: folder.appendingPathComponent(ModelLocator.configName).path)
        try fill(model, from: store, naming: .huggingFace, file: store.path)
        return LoadedCheckpoint(model: model, location: .huggingFaceFolder(folder), naming: .huggingFace,
                                storedTypes: storedTypes(store), vocabulary: vocabulary(in: folder))
    }

    /// Loads an OpenAI/open_clip-named file, ViT or ResNet. The architecture is `config`
    /// when given, else read from `open_clip_config.json` beside the file and the tensor
    /// shapes; a ResNet image tower is always sized from its shapes.
    public static func loadOpenAI(file: URL, config: CLIPConfig? = nil,
                                  availableMemory: Int? = SystemMemory.available()) throws -> LoadedCheckpoint {
        let store = try SafeTensorsFile(path: file.path)
        try checkMemory(store, available: availableMemory, file: file.path)
        switch WeightMap.naming(ofKeys: store.names) {
        case .openAI: break
        case .huggingFace:
            throw ModelError.checkpoint(path: file.path, message: "Hugging Face-named weights need their config.json beside them, with the file named model.safetensors")
        case nil:
            throw ModelError.checkpoint(path: file.path, message: "no CLIP tensors (neither visual.* nor vision_model.* keys) — is this a CLIP checkpoint?")
        }
        let openCLIP = try OpenAIArchitecture.openCLIPConfig(besides: file)
        let resolved = try config ?? OpenAIArchitecture.config(
            keys: store.names, shape: { store.info($0)?.shape }, openCLIPConfig: openCLIP, file: file.path)
        let shapes = Dictionary(uniqueKeysWithValues: store.names.compactMap { name in store.info(name).map { (name, $0.shape) } })
        var resnet: ResNetConfig?
        do {
            resnet = ResNetConfig.isResNet(names: store.names)
                ? try OpenAIArchitecture.resNetConfig(shapes: shapes, openCLIPConfig: openCLIP) : nil
        } catch let error as ModelError {
            throw ModelError.checkpoint(path: file.path, message: error.description)
        }
        let model = try build(resolved, resnet: resnet, file: file.path)
        try fill(model, from: store, naming: .openAI, file: file.path)
        return LoadedCheckpoint(model: model, location: .openAIFile(file), naming: .openAI,
                                storedTypes: storedTypes(store), vocabulary: vocabulary(in: file.deletingLastPathComponent()))
    }

    /// `config.json` files larger than this are refused (a real one is a few kilobytes).
    public static let maxConfigBytes = 16 << 20

    /// Decodes a Hugging Face CLIP `config.json` (see `HuggingFaceConfigKeys` for what each key does).
    /// - Throws: `ModelError.checkpoint` naming the file: missing, not JSON, not a CLIP config, a bad
    ///   value, or a setting that is not implemented (named with its value).
    public static func readConfig(_ url: URL) throws -> CLIPConfig {
        let path = url.path
        let data: Data
        do {
            data = Data(try FileAccess.read(path, maxBytes: maxConfigBytes))
        } catch {
            guard case .notFound = error else { throw ModelError.file(error) }
            throw ModelError.checkpoint(path: path, message: "missing — a Hugging Face CLIP folder has config.json beside model.safetensors")
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw ModelError.checkpoint(path: path, message: "not a valid JSON object — re-download or fix the file")
        }
        if let type = object["model_type"] as? String, type != "clip" {
            throw ModelError.checkpoint(path: path, message: "model_type is '\(type)', not 'clip' — this is not a CLIP model")
        }
        for key in ["text_config", "vision_config"] where !(object[key] is [String: Any]) {
            throw ModelError.checkpoint(path: path, message: "no '\(key)' object — not a CLIP model config.json")
        }
        try HuggingFaceConfigKeys.refuseUnsupported(object, file: path)
        // Older exports' text_config_dict / vision_config_dict win, as in transformers.
        let merged = object["text_config_dict"] != nil || object["vision_config_dict"] != nil
            ? (try? JSONSerialization.data(withJSONObject: HuggingFaceConfigKeys.effective(object))) ?? data : data
        do {
            return try JSONDecoder().decode(CLIPConfig.self, from: merged)
        } catch let DecodingError.typeMismatch(type, context), let DecodingError.valueNotFound(type, context) {
            let key = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw ModelError.checkpoint(path: path, message: "'\(key)' should be a \(type) — fix the value")
        } catch {
            throw ModelError.checkpoint(path: path, message: "cannot decode (\(error.localizedDescription))")
        }
    }

    /// Saves `model` as a Hugging Face folder (`config.json` + F32 `model.safetensors`)
    /// that `load` and transformers' `CLIPModel.from_pretrained` both read.
    public static func save(_ model: CLIP, to folder: URL) throws {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(model.config).write(to: folder.appendingPathComponent(ModelLocator.configName), options: .atomic)
        } catch {
            throw ModelError.checkpoint(path: folder.path, message: "cannot write (\(error.localizedDescription)) — check the folder is writable")
        }
        let tensors = Dictionary(model.namedParameters(), uniquingKeysWith: { a, _ in a })
        try SafeTensors.write(tensors, metadata: ["format": "pt"],
                              to: folder.appendingPathComponent(SafeTensorsCollection.singleFileName))
    }

    // MARK: - Filling a model

    /// Builds a model of `config` whose parameters are placeholders for `fill`.
    static func build(_ config: CLIPConfig, resnet: ResNetConfig? = nil, file: String) throws -> CLIP {
        do {
            return try CLIP(config: config, resnet: resnet, parameters: .unfilled)
        } catch let error as ModelError {
            throw ModelError.checkpoint(path: file, message: error.description)
        }
    }

    /// Checks every key and shape, then copies the checkpoint's values into `model`
    /// (several tensors at once).
    static func fill(_ model: CLIP, from store: SafeTensorsStore, naming: CheckpointNaming, file: String) throws {
        var jobs: [(key: String, targets: [(Tensor, WeightSource.Transform)])] = []
        var jobIndex: [String: Int] = [:]
        var problems: [ModelError] = []
        for (name, parameter) in model.namedParameters() {
            let source = WeightMap.source(for: name, naming: naming)
            if let i = jobIndex[source.key] {
                jobs[i].targets.append((parameter, source.transform))
                continue
            }
            jobIndex[source.key] = jobs.count
            jobs.append((source.key, [(parameter, source.transform)]))
            let expected = source.storedShape(for: parameter.shape)
            guard let info = store.info(source.key) else {
                problems.append(.missingTensor(key: source.key, file: file))
                continue
            }
            if info.shape != expected, !(expected.isEmpty && info.shape == [1]) {
                problems.append(.shapeMismatch(key: source.key, expected: expected, got: info.shape, file: file))
            } else if !info.dtype.convertsToFloat {
                problems.append(.checkpoint(path: file, message: "tensor '\(source.key)' is \(info.dtype.rawValue), which cannot be read as Float32"))
            }
        }
        for name in store.names where jobIndex[name] == nil && !WeightMap.isIgnored(name, naming: naming) {
            problems.append(.unexpectedTensor(key: name, file: file))
        }
        if let first = problems.first { throw problems.count == 1 ? first : ModelError.several(first, more: problems.count - 1) }

        let failure = FirstError()
        let work = jobs
        let workers = min(Threads.count, work.count)   // read once: each worker strides by it
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var i = worker
            while i < work.count, !failure.isSet {
                do {
                    if let (parameter, _) = work[i].targets.first, work[i].targets.count == 1, work[i].targets[0].1 == .identity,
                       let values = try readF32(store, key: work[i].key, count: parameter.count) {
                        parameter.data = values
                    } else {
                        let stored = try store.tensor(named: work[i].key)
                        for (parameter, transform) in work[i].targets { copy(stored, into: parameter, transform) }
                    }
                } catch {
                    failure.set(error)
                }
                i += workers
            }
        }
        if let error = failure.error { throw error }
    }

    /// Writes `stored` (already converted to Float32) into `parameter`.
    static func copy(_ stored: Tensor, into parameter: Tensor, _ transform: WeightSource.Transform) {
        switch transform {
        case .identity:
            parameter.data = stored.data
        case .transpose:   // stored [a, b] -> parameter [b, a]
            let (a, b) = (stored.shape[0], stored.shape[1])
            parameter.data = [Float](uninitializedCount: a * b) { out in
                stored.data.withUnsafeBufferPointer { s in
                    for i in 0..<a { for j in 0..<b { out[j * a + i] = s[i * b + j] } }
                }
            }
        case let .rows(part, _):
            let n = parameter.count
            parameter.data = Array(stored.data[(part * n)..<((part + 1) * n)])
        }
    }

    /// An F32 tensor copied straight from the mapping into storage the kernel may back with
    /// huge pages (far fewer page faults for the large matrices); nil for other dtypes.
    static func readF32(_ store: SafeTensorsStore, key: String, count: Int) throws -> [Float]? {
        guard store.info(key)?.dtype == .f32,
              let file = (store as? SafeTensorsCollection)?.shard(holding: key) ?? (store as? SafeTensorsFile) else { return nil }
        return try file.withRawBytes(named: key) { raw in
            guard raw.count == 4 * count else { return nil }
            return [Float](uninitializedCount: count) { buffer in
                if let destination = buffer.baseAddress, let source = raw.baseAddress {
                    adviseHugePages(UnsafeMutableRawPointer(destination), bytes: raw.count)
                    memcpy(destination, source, raw.count)
                }
            }
        }
    }

    /// `madvise(MADV_HUGEPAGE)` on the 2 MB-aligned interior of a large buffer.
    static func adviseHugePages(_ pointer: UnsafeMutableRawPointer, bytes: Int) {
        let huge = 2 << 20
        guard bytes >= 2 * huge else { return }
        let address = UInt(bitPattern: pointer)
        let start = (address + UInt(huge - 1)) & ~UInt(huge - 1), end = (address + UInt(bytes)) & ~UInt(huge - 1)
        guard end > start, let aligned = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(aligned, Int(end - start), 14)   // MADV_HUGEPAGE; a refusal only costs speed
    }

    static func storedTypes(_ store: SafeTensorsStore) -> [String] {
        Set(store.names.compactMap { store.info($0)?.dtype.rawValue }).sorted()
    }

    static func vocabulary(in folder: URL) -> VocabularyFiles? {
        let vocab = folder.appendingPathComponent("vocab.json"), merges = folder.appendingPathComponent("merges.txt")
        let fm = FileManager.default
        guard fm.fileExists(atPath: vocab.path), fm.fileExists(atPath: merges.path) else { return nil }
        return VocabularyFiles(vocab: vocab, merges: merges)
    }
}

/// The first error thrown by any worker.
private final class FirstError: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Error?
    var isSet: Bool { lock.withLock { stored != nil } }
    var error: Error? { lock.withLock { stored } }
    func set(_ error: Error) { lock.withLock { if stored == nil { stored = error } } }
}
