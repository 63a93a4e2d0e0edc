import CLIPCore
import CLIPData
import CLIPModel
import CLIPText
import Foundation

/// The pointing game (Zhang et al., 2016, "Top-down Neural Attention by Excitation
/// Backprop"): a relevance map scores a hit when its highest patch falls on the object the
/// caption names.
///
/// Here the maps are `RelevanceMap.gradCAM` over held-out toy pictures of one small shape
/// (`ToyWorld.pointingSet`), the caption is the picture's own ("a red circle"), and a patch
/// is on the object when any of its pixels is. Chance is the share of patches that touch
/// the object, averaged over the pictures: what pointing at a random patch would score.
/// Example: `try PointingGame.run(pipeline: toy).accuracy`.
public struct PointingGame: Sendable, Equatable {
    public let accuracy: Double
    public let count: Int
    public let chance: Double

    public static func run(pipeline: CLIPPipeline, world: ToyWorld = ToyWorld(), count: Int = 200,
                           seed: UInt64 = 3000, isCancelled: () -> Bool = { false }) throws -> PointingGame {
        let pictures = world.pointingSet(count: count, seed: seed)
        let captions = Array(Set(pictures.map(\.sample.caption))).sorted()
        let embedded = try pipeline.textEmbeddings(captions)
        let d = embedded.shape[1]
        let rows = Dictionary(uniqueKeysWithValues: captions.enumerated().map {
            ($1, Array(embedded.data[($0 * d)..<(($0 + 1) * d)]))
        })
        var hits = 0, chance = 0.0
        for picture in pictures {
            if isCancelled() { throw CancellationError() }
            let image = picture.sample.image
            let map = try RelevanceMap.gradCAM(model: pipeline.clip, pixels: ToyImage.batchTensor([image]), caption: rows[picture.sample.caption]!)
            let touched = patchesTouched(picture.mask, width: image.width, height: image.height, grid: map.grid)
            let peak = map.peak
            if touched[peak.row * map.grid + peak.column] { hits += 1 }
            chance += Double(touched.filter { $0 }.count) / Double(touched.count)
        }
        let n = max(pictures.count, 1)
        return PointingGame(accuracy: Double(hits) / Double(n), count: pictures.count, chance: chance / Double(n))
    }

    /// For each patch of a `grid × grid` split of the picture, whether any masked pixel is in it.
    static func patchesTouched(_ mask: [Bool], width: Int, height: Int, grid: Int) -> [Bool] {
        var touched = [Bool](repeating: false, count: grid * grid)
        for y in 0..<height {
            for x in 0..<width where mask[y * width + x] {
                touched[min(grid - 1, y * grid / height) * grid + min(grid - 1, x * grid / width)] = true
            }
        }
        return touched
    }
}
