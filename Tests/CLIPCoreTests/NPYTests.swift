import Foundation
import Testing
@testable import CLIPCore

@Suite("npy")
struct NPYTests {
    static let fixtures = ["f32_2x3.npy", "f32_scalar.npy", "f32_empty.npy", "f32_4d.npy", "i32_vector.npy",
                           "i32_2x2x3.npy", "f32_v2.npy", "i32_v3.npy"]

    @Test("Files written by numpy read back exactly (both dtypes, every rank, 1.0/2.0/3.0 headers)", arguments: fixtures)
    func readsNumpyFiles(name: String) throws {
        let expected = try #require(try CoreFixtures.expected().npy[name])
        let array = try NPY.read(CoreFixtures.folder.appendingPathComponent(name))
        #expect(array.shape == expected.shape)
        #expect(array.descr == expected.dtype)
        #expect(array.int32Values == expected.ints)
        let tensor = array.tensor
        #expect(tensor.shape == expected.shape)
        #expect(tensor.data.map(\.bitPattern) == expected.bits)
    }

    @Test("Our encoding matches numpy.save byte for byte", arguments: fixtures.filter { !$0.contains("_v") })
    func writerMatchesNumpy(name: String) throws {
        let url = CoreFixtures.folder.appendingPathComponent(name)
        let numpy = try Data(contentsOf: url)
        #expect(NPY.encode(try NPY.read(url)) == numpy)
    }

    @Test("Written arrays round-trip", arguments: [[], [0], [5], [2, 3], [1, 2, 3, 4], [2, 0, 3]])
    func roundTrip(shape: [Int]) throws {
        let count = shape.reduce(1, *)
        let floats = NPYArray(shape: shape, float32: (0..<count).map { Float($0) * -1.25 + 0.1 })
        let ints = NPYArray(shape: shape, int32: (0..<count).map { Int32($0) * 1_000_003 - 7 })
        for array in [floats, ints] {
            let url = CoreFixtures.temporaryURL("a.npy")
            try NPY.write(array, to: url)
            #expect(try NPY.read(url) == array)
            #expect((try Data(contentsOf: url).count - count * 4) % 64 == 0)
        }
        let url = CoreFixtures.temporaryURL("t.npy")
        try NPY.write(floats.tensor, to: url)
        #expect(try NPY.readTensor(url).data == floats.tensor.data)
    }

    @Test("Headers too long for format 1.0 are written as 2.0 and read back")
    func longHeaderUsesVersion2() throws {
        let array = NPYArray(shape: [Int](repeating: 1, count: 25_000), float32: [3])
        let bytes = NPY.encode(array)
        #expect(bytes[6] == 2)
        #expect(try NPY.decode(bytes) == array)
    }

    /// A `.npy` file from a header dict literal and a body, with a chosen version and length field.
    static func craft(_ header: String, body: [UInt8] = [], version: UInt8 = 1, length: Int? = nil) -> [UInt8] {
        let h = Array(header.utf8)
        let n = length ?? h.count
        let field: [UInt8] = version == 1 ? [UInt8(n & 0xFF), UInt8(n >> 8 & 0xFF)]
            : [UInt8(n & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n >> 16 & 0xFF), UInt8(n >> 24 & 0xFF)]
        return [0x93] + Array("NUMPY".utf8) + [version, 0] + field + h + body
    }

    static let good = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }\n"

    static let badFiles: [(String, [UInt8], String)] = [
        ("empty file", [], "badMagic"),
        ("wrong magic", Array("PK\u{3}\u{4}NUMPY.....".utf8), "badMagic"),
        ("unknown version", craft(good, body: [UInt8](repeating: 0, count: 8), version: 9), "badMagic"),
        ("header length past the end", craft(good, length: 4_000), "truncated"),
        ("short body", craft(good, body: [0, 0, 0, 0]), "truncated"),
        ("no body at all", craft("{'descr': '<i4', 'fortran_order': False, 'shape': (3, 2), }"), "truncated"),
        ("Fortran order", craft("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", body: [UInt8](repeating: 0, count: 16)), "fortranOrder"),
        ("float64", craft("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", body: [UInt8](repeating: 0, count: 8)), "unsupportedDType"),
        ("big-endian float32", craft("{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }", body: [0, 0, 0, 0]), "unsupportedDType"),
        ("uint8", craft("{'descr': '|u1', 'fortran_order': False, 'shape': (4,), }", body: [0, 0, 0, 0]), "unsupportedDType"),
        ("structured dtype", craft("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }", body: [0, 0, 0, 0]), "invalidHeader"),
        ("negative dimension", craft("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }"), "invalidHeader"),
        ("huge dimensions", craft("{'descr': '<f4', 'fortran_order': False, 'shape': (999999999999, 999999999999), }"), "invalidHeader"),
        ("missing shape", craft("{'descr': '<f4', 'fortran_order': False, }"), "invalidHeader"),
        ("not a dict", craft("hello"), "invalidHeader"),
        ("unterminated string", craft("{'descr': '<f4"), "invalidHeader"),
        ("fortran_order not a bool", craft("{'descr': '<f4', 'fortran_order': 0, 'shape': (1,), }", body: [0, 0, 0, 0]), "invalidHeader"),
    ]

    @Test("Bad .npy files are rejected with an error naming the problem", arguments: badFiles)
    func rejectsBadFiles(name: String, bytes: [UInt8], expectedKind: String) throws {
        let url = CoreFixtures.temporaryURL("bad.npy")
        try Data(bytes).write(to: url)
        do {
            let array = try NPY.read(url)
            Issue.record("\(name): read an array of shape \(array.shape)")
        } catch {
            #expect(CoreFixtures.kind(error) == expectedKind, "\(name): \(error)")
            #expect((error as? TensorFileError)?.path == url.path)
        }
    }

    @Test("Missing files and directories give precise errors")
    func pathErrors() {
        let missing = CoreFixtures.folder.appendingPathComponent("missing.npy")
        #expect(throws: TensorFileError.notFound(path: missing.path)) { try NPY.read(missing) }
        #expect(throws: TensorFileError.isDirectory(path: CoreFixtures.folder.path)) { try NPY.read(CoreFixtures.folder) }
    }
}
