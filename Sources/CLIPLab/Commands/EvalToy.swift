import CLIPCore
import CLIPData
import CLIPModel
import CLIPTraining
import CLIPViz
import Foundation

extension Command {
    static let evalToy = Command(
        name: "toy", group: .training,
        summary: "Measure the toy model on toy pictures it never saw (also plain 'eval')",
        help: """
        Evaluates the current toy model on freshly drawn held-out pictures:
          zero-shot top-1 over the 30 colour×shape captions, for combinations seen in
          training and for held-out ones ("a red triangle" never appears in training), with
          colour and shape scored separately; image→text and text→image recall@1 in batches;
          a linear probe on the frozen image embeddings against zero-shot (the paper's
          comparison); and the paper's admitted limits: counting and close shades.

        Example: train --steps 400 --seed 1
                 eval
                 eval toy --json
        """,
        options: [.evalToySeed],
        json: true,
        handler: { context, args in try EvalReport.run(&context, args) }
    )
}

/// The tables and JSON of `eval`.
enum EvalReport {
    /// `eval` / `eval toy`: every measurement of `ToyEvaluation` on the session's toy model.
    static func run(_ context: inout Context, _ args: ParsedArgs) throws -> Output {
        let model = try context.currentModel()
        guard model.isToy, model.clip.config.visionConfig.numChannels == 3 else {
            throw LabError.missing("eval without a subcommand measures a toy-world model — run 'train' or 'load toy' first (eval zeroshot for image folders)")
        }
        let seed = try args.int(.evalToySeed, default: 1000)
        try context.console.cancellation.check()
        context.console.transient("drawing held-out pictures and measuring…")
        let world = ToyWorld(width: model.imageSize, height: model.imageSize)
        let e = try ToyEvaluation.run(pipeline: model, world: world, seed: UInt64(seed),
                                      isCancelled: context.isCancelled)
        context.console.clearTransient()
        if args.json { return .json(json(e)) }
        return Output(text(e, width: context.settings.width, style: context.style))
    }

    static func pct(_ x: Double) -> String { ValueFormat.percent(1).string(x) }

    static func text(_ e: ToyEvaluation, width: Int, style: Style) -> String {
        let zeroShot = Table(headers: ["held-out pictures", "top-1", "colour right", "shape right", "chance", "n"], rows: [
            ["seen combinations", pct(e.seen.top1), pct(e.seen.colorAccuracy), pct(e.seen.shapeAccuracy), pct(e.seen.chance), "\(e.seen.count)"],
            ["unseen combinations", pct(e.unseen.top1), pct(e.unseen.colorAccuracy), pct(e.unseen.shapeAccuracy), pct(e.unseen.chance), "\(e.unseen.count)"],
        ], title: "Zero-shot over the colour×shape captions")
        let retrieval = Table(headers: ["direction", "recall@1", "chance"], rows: [
            ["image → text", pct(e.imageToTextRecall1), pct(1 / Double(e.retrievalBatch))],
            ["text → image", pct(e.textToImageRecall1), pct(1 / Double(e.retrievalBatch))],
        ], title: "Retrieval in batches of \(e.retrievalBatch) pairs with distinct captions")
        let probe = Table(headers: ["test pictures", "linear probe", "zero-shot"], rows: [
            ["seen combinations", pct(e.probeSeen), pct(e.probeZeroShotSeen)],
            ["unseen combinations", pct(e.probeUnseen), pct(e.probeZeroShotUnseen)],
        ], title: "Linear probe (labelled pictures of every class, λ = \(e.probeLambda)) vs zero-shot")
        let limits = Table(headers: ["limitation", "accuracy", "chance", "n"], rows: [
            ["counting (one / two / three)", pct(e.counting.top1), pct(e.counting.chance), "\(e.counting.count)"],
            ["close shades (red/crimson, blue/navy)", pct(e.fineGrained.top1), pct(e.fineGrained.chance), "\(e.fineGrained.count)"],
        ], title: "The paper's admitted limits, on purpose-built sets")
        var notes: [String] = []
        if e.unseen.top1 < e.seen.top1 - 0.1 {
            notes.append("Unseen combinations: the colour is right \(pct(e.unseen.colorAccuracy)) of the time, the shape only \(pct(e.unseen.shapeAccuracy)) — a wrong answer usually names a shape this colour was trained with.")
        }
        if e.probeUnseen > e.probeZeroShotUnseen + 0.1 {
            notes.append("The probe beats zero-shot on unseen pictures: the image features tell the shapes apart, but the text side cannot yet name the new pairing.")
        }
        return ([zeroShot, retrieval, probe, limits].map { $0.render(width: width, style: style) } + notes)
            .joined(separator: "\n\n")
    }

    static func zeroShotJSON(_ z: ToyEvaluation.ZeroShot) -> JSONValue {
        .object([("top1", .double(z.top1)), ("color_accuracy", .double(z.colorAccuracy)),
                 ("shape_accuracy", .double(z.shapeAccuracy)), ("chance", .double(z.chance)), ("count", .int(z.count))])
    }

    static func json(_ e: ToyEvaluation) -> JSONValue {
        .object([
            ("zeroshot_top1_seen", .double(e.seen.top1)), ("zeroshot_top1_unseen", .double(e.unseen.top1)),
            ("seen", zeroShotJSON(e.seen)), ("unseen", zeroShotJSON(e.unseen)),
            ("image_to_text_recall1", .double(e.imageToTextRecall1)), ("text_to_image_recall1", .double(e.textToImageRecall1)),
            ("retrieval_batch", .int(e.retrievalBatch)),
            ("linear_probe", .object([("seen", .double(e.probeSeen)), ("unseen", .double(e.probeUnseen)),
                                      ("zeroshot_seen", .double(e.probeZeroShotSeen)),
                                      ("zeroshot_unseen", .double(e.probeZeroShotUnseen)), ("lambda", .float(e.probeLambda))])),
            ("counting", zeroShotJSON(e.counting)), ("fine_grained", zeroShotJSON(e.fineGrained)),
        ])
    }
}

/// The options of this file's commands, read by name (`args.value(.x)`): a misspelt one does not compile.
extension Option {
    static let evalToySeed: Option = .integer("seed", "S", in: 0...Int.max, help: "which held-out pictures to draw (default 1000)")
}
