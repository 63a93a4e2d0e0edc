import CLIPModel
import Foundation

/// The `open_clip_config.json` beside a loaded checkpoint file (or in a loaded folder), and
/// its keys that the model does not read.
enum OpenCLIPConfigReport {
    static func notRead(_ reference: String) throws -> [String] {
        var isFolder: ObjCBool = false
        let path = (reference as NSString).expandingTildeInPath
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return [] }
        // openCLIPConfig(besides:) looks in the file's folder; for a folder, name a file inside it.
        let anchor = isFolder.boolValue ? URL(fileURLWithPath: path).appendingPathComponent("model.safetensors")
                                        : URL(fileURLWithPath: path)
        guard let config = try OpenAIArchitecture.openCLIPConfig(besides: anchor) else { return [] }
        return OpenCLIPConfigKeys.notRead(config)
    }
}
