import CLIPCore
import Foundation

/// Toy runs kept between processes of a test run, so `lesson check`, the Jupyter lessons and the
/// lesson set-ups train each distinct toy once (`make test` sets `CLIPLAB_TRAIN_CACHE`).
///
/// Exact by construction: a seeded toy run is the same bits on any CPU and thread count, and
/// the key holds everything the run and its printout depend on — the binary itself, the words
/// typed after `train`, the settings, the config file's bytes and the output mode. A hit loads
/// the weights and prints the progress lines the first run printed (its durations included).
/// Only piped runs use it: a terminal always trains live. Without the variable nothing is kept.
struct TrainCache {
    let folder: URL
    let key: String

    /// What a finished run leaves: the progress it printed and its result.
    struct Entry {
        var progress: String
        var steps: Int
        var seconds: Double
        var loss: Float?
    }

    /// The cache for this run of `train`, or nil when it does not apply.
    init?(context: Context, args: ParsedArgs, configPath: String?) {
        guard let folder = context.trainCacheFolder ?? ProcessInfo.processInfo.environment["CLIPLAB_TRAIN_CACHE"], !folder.isEmpty,
              !context.console.isTerminal,
              let binary = context.trainCacheProgram.map(TrainCache.identity(of:)) ?? TrainCache.binaryIdentity else { return nil }
        var parts = [binary, args.words.joined(separator: "\u{1F}"), args.json ? "json" : "text",
                     context.settings.entries.map { "\($0.0)=\($0.1)" }.joined(separator: ",")]
        if let configPath {
            guard let bytes = FileManager.default.contents(atPath: configPath) else { return nil }
            parts.append(TrainCache.hash(bytes))
        }
        self.folder = URL(fileURLWithPath: folder)
        key = TrainCache.hash(Data(parts.joined(separator: "\u{1E}").utf8))
    }

    /// The stored run, with the weights copied into `parameters` (in the model's own order).
    func load(into parameters: [Tensor]) -> Entry? {
        guard let meta = FileManager.default.contents(atPath: path("json").path),
              let object = try? JSONSerialization.jsonObject(with: meta) as? [String: Any],
              let progress = object["progress"] as? String, let steps = object["steps"] as? Int,
              let seconds = (object["seconds"] as? NSNumber).map({ Double(bitPattern: $0.uint64Value) }),
              let weights = FileManager.default.contents(atPath: path("f32").path),
              weights.count == parameters.reduce(0, { $0 + $1.count }) * 4 else { return nil }
        weights.withUnsafeBytes { raw in
            var offset = 0
            for tensor in parameters {
                let n = tensor.count
                var values = [Float](repeating: 0, count: n)
                values.withUnsafeMutableBytes { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[offset..<offset + n * 4])) }
                tensor.data = values
                offset += n * 4
            }
        }
        let loss = (object["loss"] as? NSNumber).map { Float(bitPattern: $0.uint32Value) }
        return Entry(progress: progress, steps: steps, seconds: seconds, loss: loss)
    }

    /// Keeps a finished run (an interrupted or diverged one is never kept). Best effort.
    func store(_ entry: Entry, parameters: [Tensor]) {
        var weights = Data()
        for tensor in parameters { tensor.data.withUnsafeBytes { weights.append(contentsOf: $0) } }
        var object: [String: Any] = ["progress": entry.progress, "steps": entry.steps,
                                     // Bit patterns: JSONSerialization's decimal text does not round-trip every Double.
                                     "seconds": entry.seconds.bitPattern]
        if let loss = entry.loss { object["loss"] = loss.bitPattern }
        guard let meta = try? JSONSerialization.data(withJSONObject: object) else { return }
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // Weights first, then the entry that points at them; each written whole, then renamed.
        for (data, ext) in [(weights, "f32"), (meta, "json")] {
            let temporary = folder.appendingPathComponent("\(key).\(ext).\(getpid()).tmp")
            guard (try? data.write(to: temporary)) != nil else { return }
            _ = rename(temporary.path, path(ext).path)
        }
    }

    private func path(_ ext: String) -> URL { folder.appendingPathComponent("\(key).\(ext)") }

    /// The running binary's size and modification time: a rebuild never reads an older run.
    private static let binaryIdentity: String? = {
        guard let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else { return nil }
        return identity(of: exe)
    }()

    /// A program's real path, size and modification time (nil when it cannot be read).
    static func identity(of path: String) -> String? {
        let program = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: program),
              let size = attributes[.size] as? Int, let date = attributes[.modificationDate] as? Date else { return nil }
        return "\(program):\(size):\(date.timeIntervalSince1970)"
    }

    /// Runs `body` holding this run's lock file (`flock`), so a process that asks for a run
    /// another is training waits for it and loads it instead of training it twice (the lesson
    /// check, the Jupyter lessons and the tests run side by side). Cancelling while waiting
    /// runs `body` at once; without a lock file it runs unlocked. Closing the file unlocks it.
    func exclusively<T>(isCancelled: () -> Bool, _ body: () throws -> T) rethrows -> T {
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let fd = open(path("lock").path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return try body() }
        defer { close(fd) }
        while flock(fd, LOCK_EX | LOCK_NB) != 0 && !isCancelled() { usleep(20_000) }
        return try body()
    }

    /// FNV-1a, 64 bits, as hex.
    private static func hash(_ data: Data) -> String {
        var h = FNV1a()
        h.add(data)
        return h.hex
    }
}
