import CLIPCore
import CLIPData
import CLIPModel
import CLIPText
import CLIPTraining
import Foundation

/// Turns what follows `load` into a model: `toy`, a preset name, a folder or file, or a
/// hub name found in the local Hugging Face cache.
public enum ModelResolver {
    /// The names `load` knows besides paths: `toy`, `toy:new` and the presets.
    public static let names = ["toy", "toy:new"] + CLIPConfig.presets.map(\.name)

    /// A fresh toy model (random weights from `seed`) with the toy-world word tokenizer.
    public static func freshToy(seed: Int) throws -> CLIPPipeline { try CLIPPipeline.freshToy(seed: seed) }

    /// Loads `reference`; `trained` is the session's trained toy model, preferred for `toy`.
    /// Drawing a preset's random weights takes seconds: `isCancelled` (Ctrl-C) stops it.
    /// Every model also reads `toy:` pictures, so toy pictures can be shown to a real CLIP.
    public static func load(_ reference: String, seed: Int, trained: CLIPPipeline?,
                            isCancelled: @escaping @Sendable () -> Bool = { false }) throws -> CLIPPipeline {
        let key = reference.lowercased()
        if key == "toy" { return try trained ?? freshToy(seed: seed) }
        if key == "toy:new" || key == "toy-new" { return try freshToy(seed: seed) }
        if let preset = try CLIPPipeline.preset(key, seed: seed, pictureSources: [.toyWorld], isCancelled: isCancelled) {
            return preset
        }
        if !reference.contains("/"), !FileManager.default.fileExists(atPath: reference),
           let near = EditDistance.suggestions(for: key, among: names, limit: 1).first {
            throw LabError.missing("no model or file '\(LabError.printable(reference))' — did you mean \(near)? ('help load' lists the names)")
        }
        return try CLIPPipeline.load(reference, pictureSources: [.toyWorld])
    }
}
