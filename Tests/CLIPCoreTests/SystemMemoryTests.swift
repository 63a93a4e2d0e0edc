import Foundation
import Testing
@testable import CLIPCore

@Suite("Available memory is read from the OS and the cgroup before large allocations")
struct SystemMemoryTests {
    /// A fake root holding `files` (relative path → contents).
    func fakeRoot(_ files: [String: String]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("cliplab-mem-\(UUID().uuidString)")
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return root
    }

    static let meminfo = "MemTotal:       32000000 kB\nMemFree:         1000000 kB\nMemAvailable:    4194304 kB\n"

    @Test("MemAvailable is read in bytes")
    func memAvailable() {
        #expect(SystemMemory.memAvailable(meminfo: Self.meminfo) == 4 << 30)
        #expect(SystemMemory.memAvailable(meminfo: "MemTotal: 1 kB\n") == nil)
    }

    @Test("A cgroup's remaining memory is its limit minus its usage; 'max' means no limit", arguments: [
        ("1073741824\n", "268435456\n", 805_306_368 as Int?), ("max\n", "5\n", nil), ("9223372036854771712", "1", nil),
        ("100", "200", 0), ("junk", "1", nil),
    ])
    func remaining(limit: String, usage: String, expected: Int?) {
        #expect(SystemMemory.remaining(limit: limit, usage: usage) == expected)
    }

    @Test("Sizes are read with K, M, G, T suffixes", arguments: [
        ("8G", 8 << 30 as Int?), ("512M", 512 << 20), ("1.5g", 3 << 29), ("64KB", 64 << 10), ("12345", 12345),
        ("2T", 2 << 40), ("", nil), ("-1G", nil), ("lots", nil),
    ])
    func sizes(text: String, expected: Int?) {
        #expect(SystemMemory.parseSize(text) == expected)
    }

    @Test("The smallest of MemAvailable, the cgroup v2 room and CLIPLAB_MEMORY_LIMIT wins")
    func cgroupV2() throws {
        let root = try fakeRoot([
            "proc/meminfo": Self.meminfo, "proc/self/cgroup": "0::/job\n",
            "sys/fs/cgroup/job/memory.max": "3221225472\n", "sys/fs/cgroup/job/memory.current": "1073741824\n",
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(SystemMemory.available(environment: [:], root: root.path) == 2 << 30)
        #expect(SystemMemory.available(environment: [SystemMemory.limitVariable: "1G"], root: root.path) == 1 << 30)
        #expect(SystemMemory.available(environment: [SystemMemory.limitVariable: "100G"], root: root.path) == 2 << 30)
    }

    @Test("A cgroup v1 limit is honoured too")
    func cgroupV1() throws {
        let root = try fakeRoot([
            "proc/meminfo": Self.meminfo, "proc/self/cgroup": "4:memory:/box\n0::/\n",
            "sys/fs/cgroup/memory/box/memory.limit_in_bytes": "1610612736\n",
            "sys/fs/cgroup/memory/box/memory.usage_in_bytes": "536870912\n",
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(SystemMemory.available(environment: [:], root: root.path) == 1 << 30)
    }

    @Test("With nothing to read there is no figure, and no check")
    func unknown() throws {
        let root = try fakeRoot(["empty": ""])
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(SystemMemory.available(environment: [:], root: root.path) == nil)
        #expect(throws: Never.self) { try SystemMemory.check(needing: Int.max, available: nil) }
    }

    @Test("This machine reports a figure")
    func thisMachine() {
        let available = SystemMemory.available(environment: [:])
        #expect(available != nil && available! > 0)
    }

    @Test("The shortage message is one line saying how much is needed, how much there is, and what to do")
    func message() {
        #expect(throws: MemoryShortage(needed: 2 << 30, available: 1 << 30)) {
            try SystemMemory.check(needing: 2 << 30, available: 1 << 30)
        }
        #expect(throws: Never.self) { try SystemMemory.check(needing: 1 << 30, available: 1 << 30) }
        #expect(MemoryShortage(needed: 605 << 20, available: 300 << 20).description
                == "needs 605.0 MB, about 300.0 MB available; close other programs or use a smaller model")
    }
}
