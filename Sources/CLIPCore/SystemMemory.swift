import Foundation

/// How much memory a large allocation (a full-size checkpoint) may use, as far as the OS
/// lets us tell — checked *before* allocating, so a model that does not fit fails with a
/// message instead of the process being killed without one.
///
/// The figure is the smallest of: `MemAvailable` in `/proc/meminfo`; the cgroup's limit
/// minus its usage (v2 `memory.max − memory.current`, v1 `memory.limit_in_bytes −
/// memory.usage_in_bytes`); and `CLIPLAB_MEMORY_LIMIT` when set (`8G`, `512M`, or bytes).
/// Example:
/// ```
/// try SystemMemory.check(needing: 600 << 20, available: SystemMemory.available()) // throws a MemoryShortage
/// ```
public enum SystemMemory {
    /// The environment variable that caps how much memory CLIPLab plans to use.
    public static let limitVariable = "CLIPLAB_MEMORY_LIMIT"

    /// Bytes available for new allocations, or nil when nothing can be read (then no check is made).
    public static func available(environment: [String: String] = ProcessInfo.processInfo.environment,
                                 root: String = "") -> Int? {
        var candidates: [Int] = []
        if let text = readSmall(root + "/proc/meminfo"), let bytes = memAvailable(meminfo: text) { candidates.append(bytes) }
        if let bytes = cgroupRemaining(root: root) { candidates.append(bytes) }
        if let text = environment[limitVariable], let bytes = parseSize(text) { candidates.append(bytes) }
        return candidates.min()
    }

    /// Throws `MemoryShortage` when `needed` bytes exceed `available` (nil: unknown, no check).
    /// - Parameter advice: what to do, ending the message.
    public static func check(needing needed: Int, available: Int?,
                             advice: String = MemoryShortage.modelAdvice) throws(MemoryShortage) {
        guard let available, needed > available else { return }
        throw MemoryShortage(needed: needed, available: available, advice: advice)
    }

    /// `MemAvailable:   23497488 kB` → bytes.
    public static func memAvailable(meminfo: String) -> Int? {
        for line in meminfo.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
            let fields = line.split(separator: " ")
            guard fields.count >= 2, let kB = Int(fields[1]) else { return nil }
            return kB * 1024
        }
        return nil
    }

    /// `limit − usage` from a cgroup's two files' text; nil when unlimited (`max`, or v1's huge number).
    public static func remaining(limit: String, usage: String) -> Int? {
        let l = limit.trimmingWhitespace, u = usage.trimmingWhitespace
        guard l != "max", let limitBytes = Int(l), limitBytes < 1 << 60, let usageBytes = Int(u) else { return nil }
        return max(0, limitBytes - usageBytes)
    }

    /// `8G`, `512M`, `64K`, `1.5G` or a plain byte count → bytes.
    public static func parseSize(_ text: String) -> Int? {
        var t = text.trimmingWhitespace.uppercased()
        if t.hasSuffix("B") { t.removeLast() }
        let scale: Double
        switch t.last {
        case "K": scale = 1024
        case "M": scale = 1_048_576
        case "G": scale = 1_073_741_824
        case "T": scale = 1_099_511_627_776
        default: scale = 1
        }
        if scale > 1 { t.removeLast() }
        guard let value = Double(t), value >= 0, value * scale < 9e18 else { return nil }
        return Int(value * scale)
    }

    /// The process's own cgroup (from `/proc/self/cgroup`), else the root one.
    static func cgroupRemaining(root: String) -> Int? {
        var v2 = "", v1 = ""
        for line in (readSmall(root + "/proc/self/cgroup") ?? "").split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3 else { continue }
            if parts[0] == "0" && parts[1].isEmpty { v2 = String(parts[2]) }
            if parts[1].split(separator: ",").contains("memory") { v1 = String(parts[2]) }
        }
        let base = root + "/sys/fs/cgroup"
        let pairs = [
            (base + v2 + "/memory.max", base + v2 + "/memory.current"),
            (base + "/memory.max", base + "/memory.current"),
            (base + "/memory" + v1 + "/memory.limit_in_bytes", base + "/memory" + v1 + "/memory.usage_in_bytes"),
            (base + "/memory/memory.limit_in_bytes", base + "/memory/memory.usage_in_bytes"),
        ]
        return pairs.compactMap { pair -> Int? in
            guard let limit = readSmall(pair.0), let usage = readSmall(pair.1) else { return nil }
            return remaining(limit: limit, usage: usage)
        }.min()
    }

    static func readSmall(_ path: String) -> String? {
        guard let bytes = try? FileAccess.read(path, maxBytes: 1 << 20), !bytes.isEmpty else {
            // procfs files report size 0: read them through stdio instead.
            guard let stream = fopen(path, "r") else { return nil }
            defer { fclose(stream) }
            var out: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while out.count < 1 << 20 {
                let n = fread(&buffer, 1, buffer.count, stream)
                if n <= 0 { break }
                out.append(contentsOf: buffer[0..<n])
            }
            return out.isEmpty ? nil : String(decoding: out, as: UTF8.self)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// A large allocation that would not fit in the memory the OS says is available.
public struct MemoryShortage: Error, Equatable, Sendable, CustomStringConvertible {
    public let needed: Int
    public let available: Int
    /// What to do, ending the message.
    public let advice: String

    /// The advice for a model's weights.
    public static let modelAdvice = "close other programs or use a smaller model"

    public init(needed: Int, available: Int, advice: String = modelAdvice) {
        self.needed = needed
        self.available = available
        self.advice = advice
    }

    /// `needs 2.3 GB, about 1.1 GB available; close other programs or use a smaller model`.
    public var description: String {
        "needs \(FileAccessError.size(needed)), about \(FileAccessError.size(available)) available; \(advice)"
    }
}

extension String {
    var trimmingWhitespace: String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
