import Foundation
import Testing
@testable import CLIPCore

/// Fixtures written by Tests/Reference/make_core_fixtures.py with Python's safetensors and numpy.
enum CoreFixtures {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/core")

    struct Entry: Decodable {
        var dtype: String
        var shape: [Int]
        var bits: [UInt32]
        var ints: [Int32]?
    }
    struct File: Decodable {
        var metadata: [String: String]
        var tensors: [String: Entry]
    }
    struct Expected: Decodable {
        var safetensors: [String: File]
        var npy: [String: Entry]
    }

    static func expected() throws -> Expected {
        try JSONDecoder().decode(Expected.self, from: Data(contentsOf: folder.appendingPathComponent("expected.json")))
    }

    /// A fresh path in a temporary folder.
    static func temporaryURL(_ name: String) -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cliplab-core-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent(name)
    }

    /// The case name of an error, e.g. "sizeMismatch".
    static func kind(_ error: Error) -> String {
        guard let error = error as? TensorFileError else { return "not a TensorFileError: \(error)" }
        return Mirror(reflecting: error).children.first?.label ?? "\(error)"
    }
}

@Suite("safetensors")
struct SafeTensorsTests {
    @Test("Files written by Python read back bit for bit", arguments: ["mixed.safetensors", "plain_f32.safetensors"])
    func readsPythonFiles(name: String) throws {
        let expected = try #require(try CoreFixtures.expected().safetensors[name])
        let file = try SafeTensorsFile(url: CoreFixtures.folder.appendingPathComponent(name))
        #expect(file.metadata == expected.metadata)
        #expect(Set(file.names) == Set(expected.tensors.keys))
        for (key, entry) in expected.tensors {
            let info = try #require(file.info(key))
            #expect(info.dtype.rawValue == entry.dtype, "\(key)")
            let tensor = try file.tensor(named: key)
            #expect(tensor.shape == entry.shape, "\(key)")
            #expect(tensor.data.map(\.bitPattern) == entry.bits, "\(key)")
            #expect(tensor.name == key)
        }
    }

    @Test("Names follow the order of the bytes in the file")
    func namesInFileOrder() throws {
        let file = try SafeTensorsFile(url: CoreFixtures.folder.appendingPathComponent("plain_f32.safetensors"))
        #expect(file.names == ["a.bias", "b.weight", "c.scale", "d.empty"])
        #expect(file.info("b.weight")?.byteRange == 8..<32)
        #expect(try file.withRawBytes(named: "a.bias") { Array($0) } == [0, 0, 0, 0x3F, 0, 0, 0x80, 0xBE])
    }

    @Test("A sharded checkpoint opens from its folder, its index, and serves every tensor")
    func readsShardedCheckpoint() throws {
        let expected = try #require(try CoreFixtures.expected().safetensors["sharded"])
        let folder = CoreFixtures.folder.appendingPathComponent("sharded")
        for opened in [try SafeTensorsCollection(url: folder),
                       try SafeTensorsCollection(url: folder.appendingPathComponent("model.safetensors.index.json"))] {
            #expect(opened.shards.count == 2)
            #expect(opened.metadata == expected.metadata)
            #expect(opened.names == ["layer0.weight", "layer0.bias", "layer1.weight", "layer1.bias"])
            for (key, entry) in expected.tensors {
                let tensor = try opened.tensor(named: key)
                #expect(tensor.shape == entry.shape, "\(key)")
                #expect(tensor.data.map(\.bitPattern) == entry.bits, "\(key)")
                #expect(opened.info(key)?.dtype.rawValue == entry.dtype)
            }
            #expect(throws: TensorFileError.self) { try opened.tensor(named: "layer2.weight") }
        }
    }

    @Test("A collection also opens a single safetensors file")
    func collectionOfOneFile() throws {
        let store: any SafeTensorsStore = try SafeTensorsCollection(
            url: CoreFixtures.folder.appendingPathComponent("plain_f32.safetensors"))
        #expect(store.names.count == 4)
        #expect(try store.tensor(named: "c.scale").data == [2])
    }

    @Test("An index naming a tensor its shard lacks is rejected with the tensor's name")
    func indexWithMissingTensor() throws {
        let folder = CoreFixtures.temporaryURL("ckpt")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try SafeTensors.write(["a": Tensor(shape: [1], data: [1])], to: folder.appendingPathComponent("s1.safetensors"))
        let index = #"{"metadata": {}, "weight_map": {"a": "s1.safetensors", "b": "s1.safetensors"}}"#
        try Data(index.utf8).write(to: folder.appendingPathComponent("model.safetensors.index.json"))
        #expect(throws: TensorFileError.noSuchTensor(path: folder.appendingPathComponent("s1.safetensors").path, key: "b")) {
            try SafeTensorsCollection(url: folder)
        }
        let escaping = #"{"weight_map": {"a": "../s1.safetensors"}}"#
        try Data(escaping.utf8).write(to: folder.appendingPathComponent("model.safetensors.index.json"))
        #expect(performing: { try SafeTensorsCollection(url: folder) },
                throws: { CoreFixtures.kind($0) == "invalidHeader" })
    }

    @Test("Our writer reproduces the Python library's bytes exactly")
    func writerMatchesPython() throws {
        let url = CoreFixtures.folder.appendingPathComponent("plain_f32.safetensors")
        let python = try Data(contentsOf: url)
        let file = try SafeTensorsFile(url: url)
        var tensors: [String: Tensor] = [:]
        for name in file.names { tensors[name] = try file.tensor(named: name) }
        #expect(SafeTensors.encode(tensors, metadata: file.metadata) == python)
    }

    @Test("Written files round-trip, including scalars, empty tensors and escaped names")
    func roundTrip() throws {
        let tensors: [String: Tensor] = [
            "w": Tensor(shape: [3, 4], data: (0..<12).map { Float($0) * 0.37 - 2 }),
            "s": Tensor(scalar: -0.0),
            "e": Tensor(shape: [0], data: []),
            "quote\"back\\slash\nnewline ü": Tensor(shape: [1, 1, 2], data: [.infinity, .leastNonzeroMagnitude]),
        ]
        let url = CoreFixtures.temporaryURL("round.safetensors")
        try SafeTensors.write(tensors, metadata: ["k": "v\t\u{1}"], to: url)
        let file = try SafeTensorsFile(url: url)
        #expect(file.metadata == ["k": "v\t\u{1}"])
        #expect(Set(file.names) == Set(tensors.keys))
        for (name, t) in tensors {
            let back = try file.tensor(named: name)
            #expect(back.shape == t.shape)
            #expect(back.data.map(\.bitPattern) == t.data.map(\.bitPattern))
        }
        let header = Int(try Data(contentsOf: url).prefix(8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) })
        #expect(header % 8 == 0)
    }

    @Test("Half-precision conversion is exact for all 65,536 bit patterns")
    func halfConversionExhaustive() {
        var mismatches = 0
        for bits in 0...UInt16.max {
            let reference = Float(Float16(bitPattern: bits))
            let ours = halfToFloat(bits)
            if reference.isNaN ? !ours.isNaN : ours.bitPattern != reference.bitPattern { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }

    @Test("Missing files, directories and unknown names give precise errors")
    func pathErrors() throws {
        let missing = CoreFixtures.folder.appendingPathComponent("nope.safetensors").path
        #expect(throws: TensorFileError.notFound(path: missing)) { try SafeTensorsFile(path: missing) }
        #expect(throws: TensorFileError.isDirectory(path: CoreFixtures.folder.path)) {
            try SafeTensorsFile(path: CoreFixtures.folder.path)
        }
        let file = try SafeTensorsFile(url: CoreFixtures.folder.appendingPathComponent("mixed.safetensors"))
        #expect(throws: TensorFileError.noSuchTensor(path: file.path, key: "f32.matrx")) { try file.tensor(named: "f32.matrx") }
        let message = TensorFileError.noSuchTensor(path: file.path, key: "f32.matrx").description
        #expect(message.contains(file.path) && message.contains("f32.matrx") && !message.contains("\n"))
    }

    /// A safetensors file from a header string and data bytes, with an optional false length prefix.
    static func craft(_ header: String, data: [UInt8] = [], length: UInt64? = nil) -> [UInt8] {
        let h = Array(header.utf8)
        return withUnsafeBytes(of: (length ?? UInt64(h.count)).littleEndian, Array.init) + h + data
    }

    static func entry(_ name: String, _ dtype: String = "F32", _ shape: String = "[1]", _ offsets: String) -> String {
        "\"\(name)\":{\"dtype\":\"\(dtype)\",\"shape\":\(shape),\"data_offsets\":\(offsets)}"
    }

    static let badFiles: [(String, [UInt8], String)] = [
        ("empty file", [], "truncated"),
        ("shorter than the length prefix", [1, 0, 0], "truncated"),
        ("header length past the end", craft("{}", length: 1_000), "headerBeyondFile"),
        ("header over 100 MB", craft("{}", length: 100_000_001), "headerTooLarge"),
        ("header length near 2^64", craft("{}", length: .max), "headerTooLarge"),
        ("header not UTF-8", withUnsafeBytes(of: UInt64(4).littleEndian, Array.init) + [0x7B, 0xFF, 0xFE, 0x7D], "invalidHeader"),
        ("header not JSON", craft("{\"a\":"), "invalidHeader"),
        ("header a JSON array", craft("[1, 2]"), "invalidHeader"),
        ("entry without dtype", craft("{\"a\":{\"shape\":[1],\"data_offsets\":[0,4]}}", data: [0, 0, 0, 0]), "invalidHeader"),
        ("fractional dimension", craft("{" + entry("a", "F32", "[1.5]", "[0,4]") + "}", data: [0, 0, 0, 0]), "invalidHeader"),
        ("three offsets", craft("{" + entry("a", "F32", "[1]", "[0,4,8]") + "}", data: [0, 0, 0, 0]), "invalidHeader"),
        ("metadata value not a string", craft("{\"__metadata__\":{\"n\":1}}"), "invalidHeader"),
        ("unknown dtype", craft("{" + entry("a", "F17", "[1]", "[0,4]") + "}", data: [0, 0, 0, 0]), "unknownDType"),
        ("negative dimension", craft("{" + entry("a", "F32", "[-1]", "[0,4]") + "}", data: [0, 0, 0, 0]), "invalidShape"),
        ("dimensions overflowing Int", craft("{" + entry("a", "F32", "[4294967296,4294967296]", "[0,4]") + "}", data: [0, 0, 0, 0]), "invalidShape"),
        ("shape × dtype ≠ byte length", craft("{" + entry("a", "F32", "[2]", "[0,4]") + "}", data: [0, 0, 0, 0]), "sizeMismatch"),
        ("F16 size counted as F32", craft("{" + entry("a", "F16", "[2]", "[0,8]") + "}", data: [UInt8](repeating: 0, count: 8)), "sizeMismatch"),
        ("begin after end", craft("{" + entry("a", "F32", "[0]", "[4,0]") + "}", data: [0, 0, 0, 0]), "offsetsOutOfRange"),
        ("negative offset", craft("{" + entry("a", "F32", "[1]", "[-4,0]") + "}", data: [0, 0, 0, 0]), "offsetsOutOfRange"),
        ("data truncated", craft("{" + entry("a", "F32", "[4]", "[0,16]") + "}", data: [0, 0, 0, 0]), "truncated"),
        ("offsets far past the end", craft("{" + entry("a", "F32", "[1]", "[4000,4004]") + "}", data: [0, 0, 0, 0]), "truncated"),
        ("overlapping tensors", craft("{" + entry("a", "F32", "[2]", "[0,8]") + "," + entry("b", "F32", "[1]", "[4,8]") + "}",
                                      data: [UInt8](repeating: 0, count: 8)), "overlapping"),
        ("hole between tensors", craft("{" + entry("a", "F32", "[1]", "[0,4]") + "," + entry("b", "F32", "[1]", "[8,12]") + "}",
                                       data: [UInt8](repeating: 0, count: 12)), "notCovering"),
        ("unused trailing bytes", craft("{" + entry("a", "F32", "[1]", "[0,4]") + "}", data: [UInt8](repeating: 0, count: 8)), "notCovering"),
    ]

    @Test("Bad files are rejected with an error naming the problem", arguments: badFiles)
    func rejectsBadFiles(name: String, bytes: [UInt8], expectedKind: String) throws {
        let url = CoreFixtures.temporaryURL("bad.safetensors")
        try Data(bytes).write(to: url)
        do {
            let file = try SafeTensorsFile(url: url)
            Issue.record("\(name): opened with tensors \(file.names)")
        } catch {
            #expect(CoreFixtures.kind(error) == expectedKind, "\(name): \(error)")
            #expect((error as? TensorFileError)?.path == url.path)
            #expect(!"\(error)".contains("\n"))
        }
    }

    @Test("A valid file with an 8-bit float tensor opens but refuses to convert it")
    func unsupportedDType() throws {
        let url = CoreFixtures.temporaryURL("f8.safetensors")
        try Data(Self.craft("{" + Self.entry("q", "F8_E4M3", "[2]", "[0,2]") + "}", data: [1, 2])).write(to: url)
        let file = try SafeTensorsFile(url: url)
        #expect(throws: TensorFileError.unsupportedDType(path: url.path, key: "q", dtype: "F8_E4M3")) {
            try file.tensor(named: "q")
        }
    }
}
