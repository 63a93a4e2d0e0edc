import CLIPCore
import Foundation

/// The safetensors header (length, JSON, dtypes, shapes, data offsets) and every tensor
/// read through it: a file that opens must yield each tensor with exactly its shape.
enum SafeTensorsFuzz {
    static func run(_ bytes: [UInt8]) throws(FuzzFinding) -> Bool {
        let url = try ScratchFile.write(bytes, suffix: "safetensors")
        defer { ScratchFile.remove(url) }
        guard let file = try? SafeTensorsFile(path: url.path) else { return false }
        for name in file.names {
            guard let info = file.info(name) else { throw FuzzFinding(description: "listed tensor \(name) has no info") }
            try expect(info.byteRange.upperBound <= bytes.count, "\(name) ends past the file")
            guard let tensor = try? file.tensor(named: name) else { continue }
            try expect(tensor.shape == info.shape && tensor.data.count == info.count, "\(name) read with the wrong shape")
        }
        return true
    }
}
