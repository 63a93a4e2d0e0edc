import CLIPCore
import CLIPModel
import Foundation

/// The config a loaded checkpoint was built from — `config.json` of a Hugging Face folder, or
/// the `open_clip_config.json` beside an OpenAI/open_clip-named file — and its keys that the
/// model does not read (`load --verbose`).
///
/// Example: `try ConfigKeyReport.notRead("~/models/clip-vit-base-patch32")?.keys`
/// → `["text_config.attention_dropout = 0.0 (training only: dropout is off at inference)", …]`.
enum ConfigKeyReport {
    /// The config file's name and its keys that are not read; nil when `reference` is not a
    /// checkpoint on disk (toy, presets) or has no config file.
    static func notRead(_ reference: String) throws -> (file: String, keys: [String])? {
        guard !ModelResolver.names.contains(reference.lowercased()),
              let location = try? ModelLocator.locate(reference) else { return nil }
        switch location {
        case let .huggingFaceFolder(folder):
            let url = folder.appendingPathComponent(ModelLocator.configName)
            guard let bytes = try? FileAccess.read(url.path, maxBytes: CheckpointLoader.maxConfigBytes),
                  let config = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else { return nil }
            return (ModelLocator.configName, HuggingFaceConfigKeys.notRead(config))
        case let .openAIFile(file):
            guard let config = try OpenAIArchitecture.openCLIPConfig(besides: file) else { return nil }
            return (OpenAIArchitecture.openCLIPConfigName, OpenCLIPConfigKeys.notRead(config))
        }
    }
}
