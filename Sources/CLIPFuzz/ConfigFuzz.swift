import CLIPCore
import CLIPData
import CLIPModel
import CLIPTraining
import Foundation

/// A Hugging Face `config.json` as the loader reads it: decoding, the size limits, and
/// building (and running) every small model that passes them.
enum ConfigFuzz {
    static func run(_ bytes: [UInt8]) throws(FuzzFinding) -> Bool {
        let url = try ScratchFile.write(bytes, suffix: "json")
        defer { ScratchFile.remove(url) }
        guard let config = try? CheckpointLoader.readConfig(url) else { return false }
        guard (try? config.checkLimits()) != nil else { return false }
        guard config.parameterCount < 200_000, config.visionConfig.imageSize <= 64 else { return true }
        guard let model = try? CLIP(config: config, parameters: .random(seed: 1)) else { return false }
        try expect(model.parameterCounts.total == config.parameterCount,
               "parameterCount \(config.parameterCount) but the model has \(model.parameterCounts.total)")
        let s = config.visionConfig.imageSize
        let image = Tensor(shape: [1, 3, s, s], data: [Float](repeating: 0.5, count: 3 * s * s))
        let length = min(config.textConfig.maxPositionEmbeddings, 4)
        let ids = [[Int](repeating: config.textConfig.vocabSize - 1, count: length)]
        _ = try? GradMode.noGrad { try model.encodeImage(image) }
        _ = try? GradMode.noGrad { try model.encodeText(ids) }
        return true
    }
}
