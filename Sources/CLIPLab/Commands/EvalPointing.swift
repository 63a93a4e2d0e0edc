import CLIPData
import CLIPTraining
import CLIPViz
import Foundation

extension Command {
    static let evalPointing = Command(
        name: "pointing", group: .training,
        summary: "The pointing game: does explain's map peak on the object the caption names?",
        help: """
        Draws held-out toy pictures of one small shape each, explains each picture's own
        caption with Grad-CAM (see 'help explain') and counts a hit when the map's highest
        patch touches the object — the pointing game of Zhang et al. (2016). Chance is the
        share of patches the object touches: what pointing at a random patch would score.

        Example: train --seed 1
                 eval pointing --json
        """,
        options: [.evalPointingSeed,
                  .count],
        json: true
    ) { context, args in
        let model = try context.currentModel()
        guard model.isToy, model.clip.config.visionConfig.numChannels == 3 else {
            throw LabError.missing("eval pointing measures a toy-world model — run 'train' or 'load toy' first")
        }
        let seed = try args.int(.evalPointingSeed, default: 3000)
        let count = try args.int(.count, default: 200)
        context.console.transient("explaining \(count) held-out pictures…")
        let world = ToyWorld(width: model.imageSize, height: model.imageSize)
        let game: PointingGame
        do {
            game = try PointingGame.run(pipeline: model, world: world, count: count,
                                        seed: UInt64(seed), isCancelled: context.isCancelled)
        } catch is CancellationError {
            context.console.clearTransient()
            throw LabError.interrupted
        }
        context.console.clearTransient()
        if args.json {
            return .json(.object([("pointing_accuracy", .double(game.accuracy)), ("n", .int(game.count)),
                                  ("chance", .double(game.chance))]))
        }
        let pct = { (x: Double) in ValueFormat.percent(1).string(x) }
        return Output("pointing accuracy \(pct(game.accuracy)) on \(game.count) held-out pictures (chance \(pct(game.chance)): the share of patches the object touches)")
    }
}

/// The options of this file's commands, read by name (`args.value(.x)`): a misspelt one does not compile.
extension Option {
    static let count: Option = .integer("count", "N", in: 1...100_000, help: "how many pictures (default 200)")
    static let evalPointingSeed: Option = .integer("seed", "S", in: 0...Int.max, help: "which held-out pictures to draw (default 3000)")
}
