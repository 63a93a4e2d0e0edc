import Foundation

/// Something that serves named tensors the way a safetensors file does: one file or a
/// sharded checkpoint behind an index.
public protocol SafeTensorsStore: AnyObject, Sendable {
    /// Tensor names (file order; for a collection, shard by shard).
    var names: [String] { get }
    /// String metadata of the file or index.
    var metadata: [String: String] { get }
    /// Stored dtype, shape and byte range of `name`, or nil when absent.
    func info(_ name: String) -> SafeTensorsInfo?
    /// The tensor `name` converted to Float32.
    func tensor(named name: String) throws -> Tensor
}

/// Writing safetensors files; reading is `SafeTensorsFile` / `SafeTensorsCollection`.
public enum SafeTensors {
    /// Writes `tensors` as F32 in the layout the Python `safetensors` library produces.
    ///
    /// Keys are sorted, data is packed back to back in that order, and the JSON header
    /// (`__metadata__` first) is padded with spaces to a multiple of 8 bytes so the data
    /// section starts aligned. The file is written atomically.
    ///
    /// Example: `try SafeTensors.write(["w": Tensor(shape: [2], data: [1, 2])], to: url)`.
    public static func write(_ tensors: [String: Tensor], metadata: [String: String] = [:], to url: URL) throws {
        let bytes = encode(tensors, metadata: metadata)
        do {
            try bytes.write(to: url, options: .atomic)
        } catch {
            throw TensorFileError.writeFailed(path: url.path, reason: (error as NSError).localizedDescription)
        }
    }

    /// The bytes `write` would put in a file.
    public static func encode(_ tensors: [String: Tensor], metadata: [String: String] = [:]) -> Data {
        let ordered = tensors.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        var json = "{"
        var fields: [String] = []
        if !metadata.isEmpty {
            let pairs = metadata.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { "\(quoted($0)):\(quoted(metadata[$0] ?? ""))" }
            fields.append("\"__metadata__\":{" + pairs.joined(separator: ",") + "}")
        }
        var offset = 0
        for (key, tensor) in ordered {
            let end = offset + 4 * tensor.count
            let shape = tensor.shape.map(String.init).joined(separator: ",")
            fields.append("\(quoted(key)):{\"dtype\":\"F32\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(end)]}")
            offset = end
        }
        json += fields.joined(separator: ",") + "}"
        var header = Array(json.utf8)
        while header.count % 8 != 0 { header.append(UInt8(ascii: " ")) }

        var out = Data(capacity: 8 + header.count + offset)
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(contentsOf: header)
        for (_, tensor) in ordered {
            tensor.data.withUnsafeBytes { out.append(contentsOf: $0) }   // host is little-endian
        }
        return out
    }

    /// A JSON string literal, escaped the way serde_json does.
    static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case let c where c.value < 0x20:
                let hex = String(c.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
