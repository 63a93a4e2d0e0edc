import CLIPData
import CLIPTraining
import CLIPViz
import Foundation

extension Command {
    static let evalShift = Command(
        name: "shift", group: .training,
        summary: "Zero-shot on toy pictures drawn another way (small, three objects, crimson): the cost of a shift",
        help: """
        Classifies fresh toy pictures of the training classes zero-shot over the 30
        colour×shape classes twice: drawn without WHAT and drawn with it — small or large
        shapes only, two or three shapes in a picture (the classes then read "three red
        circles"), or a shape painted crimson (≈ red) or navy (≈ blue). The classes stay the
        same; the pictures change, as in the paper's distribution-shift sets (§3.3). Train
        with 'train --withhold WHAT' first and the shifted pictures are ones the model has
        never seen the like of.

        Example: train --steps 100 --withhold small
                 eval shift small
                 eval shift crimson --json
        """,
        positionals: [Positional("WHAT", completion: .choices(ToyShift.words))],
        options: [.evalToySeed],
        json: true
    ) { context, args in
        let text = args.positionals[0]
        guard let shift = ToyShift(word: text) else {
            throw LabError.invalidValue(name: "WHAT", value: text, expected: "one of " + ToyShift.words.joined(separator: ", "))
        }
        let model = try context.currentModel()
        guard model.isToy, model.clip.config.visionConfig.numChannels == 3 else {
            throw LabError.missing("eval shift measures a toy-world model — run 'train' or 'load toy' first")
        }
        let seed = try args.int(.evalToySeed, default: 1000)
        try context.console.cancellation.check()
        let world = ToyWorld(width: model.imageSize, height: model.imageSize)
        let (usual, shifted) = try ToyEvaluation.shift(pipeline: model, world: world, shift: shift, seed: UInt64(seed))
        if args.json {
            return .json(.object([("shift", .string(text.lowercased())), ("usual", EvalReport.zeroShotJSON(usual)),
                                  ("shifted", EvalReport.zeroShotJSON(shifted)), ("drop", .double(usual.top1 - shifted.top1))]))
        }
        let pct = EvalReport.pct
        let table = Table(headers: ["training classes drawn with", "top-1", "colour right", "shape right", "chance", "n"], rows: [
            [shift.usual, pct(usual.top1), pct(usual.colorAccuracy), pct(usual.shapeAccuracy), pct(usual.chance), "\(usual.count)"],
            [shift.description, pct(shifted.top1), pct(shifted.colorAccuracy), pct(shifted.shapeAccuracy), pct(shifted.chance), "\(shifted.count)"],
        ], title: "Zero-shot over the colour×shape captions, same classes, shifted pictures")
        let drop = (usual.top1 - shifted.top1) * 100
        let note = drop > 0 ? String(format: "the shift costs %.1f points of top-1", drop)
            : String(format: "the shift costs nothing here: top-1 is %.1f points higher on the shifted pictures", -drop)
        return Output(table.render(width: context.settings.width, style: context.style) + "\n" + note)
    }
}
