import Foundation

/// Paths into Tests/Fixtures/image and a tiny .npy reader for the uint8 / float32 fixtures.
enum Fixtures {
    static let root: String = {
        let here = URL(fileURLWithPath: #filePath)          // …/Tests/CLIPImageTests/Fixtures.swift
        return here.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/image").path
    }()

    static func path(_ parts: String...) -> String {
        ([root] + parts).joined(separator: "/")
    }

    struct Manifest: Decodable {
        struct Decode: Decodable { let file: String; let expected: String; let note: String }
        struct Parity: Decodable {
            let file: String; let size: Int; let crop: String; let tensor: String?
            let source_size: [Int]
        }
        struct Order: Decodable {
            let file: String; let mode: String; let size: Int; let openai: String
            let differs_from_hf_order: Bool
        }
        let decode: [Decode]
        let parity: [Parity]
        let order: [Order]
        let bad: [String]
    }

    static let manifest: Manifest = {
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path("manifest.json")))
            return try JSONDecoder().decode(Manifest.self, from: data)
        } catch {
            fatalError("cannot read \(path("manifest.json")): \(error)")  // test data, not user input
        }
    }()

    /// A NumPy array of dtype `|u1` or `<f4`, C order.
    struct Array {
        var shape: [Int]
        var bytes: [UInt8]
        var floats: [Float]
    }

    enum NpyError: Error { case bad(String) }

    static func npy(_ name: String, in folder: String) throws -> Array {
        let data = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path(folder, name))))
        guard data.count > 10, data[0] == 0x93, Swift.Array(data[1...5]) == Swift.Array("NUMPY".utf8) else {
            throw NpyError.bad("\(name): not .npy")
        }
        let major = data[6]
        let headerLength = major == 1 ? Int(data[8]) | Int(data[9]) << 8
            : Int(data[8]) | Int(data[9]) << 8 | Int(data[10]) << 16 | Int(data[11]) << 24
        let start = major == 1 ? 10 : 12
        let header = String(decoding: data[start..<start + headerLength], as: UTF8.self)
        guard header.contains("'fortran_order': False"),
              let open = header.range(of: "'shape': ("), let close = header[open.upperBound...].firstIndex(of: ")")
        else { throw NpyError.bad("\(name): header \(header)") }
        let shape = header[open.upperBound..<close].split(separator: ",")
            .compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let body = Swift.Array(data[(start + headerLength)...])
        let count = shape.reduce(1, *)
        if header.contains("'|u1'") {
            guard body.count == count else { throw NpyError.bad("\(name): short body") }
            return Array(shape: shape, bytes: body, floats: [])
        }
        if header.contains("'<f4'") {
            guard body.count == count * 4 else { throw NpyError.bad("\(name): short body") }
            var floats = [Float](repeating: 0, count: count)
            for i in 0..<count {
                let bits = UInt32(body[4 * i]) | UInt32(body[4 * i + 1]) << 8
                    | UInt32(body[4 * i + 2]) << 16 | UInt32(body[4 * i + 3]) << 24
                floats[i] = Float(bitPattern: bits)
            }
            return Array(shape: shape, bytes: [], floats: floats)
        }
        throw NpyError.bad("\(name): unsupported dtype in \(header)")
    }

    /// A fresh empty directory for files a test creates.
    static func scratchDirectory() throws -> String {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("cliplab-image-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }
}
