import CLIPCore
import CLIPData
import CLIPModel
import CLIPText
import CLIPTraining
import CLIPViz
import Foundation

extension Command {
    static let train = Command(
        name: "train", group: .training,
        summary: "Train the toy CLIP on the toy world and watch it learn",
        help: """
        Trains the toy config of the one CLIP implementation with the symmetric contrastive
        loss (or, with --objective siglip, SigLIP's pairwise sigmoid loss and its learned
        bias), AdamW (warm-up, then cosine decay) and the learned temperature, clamped at
        ln 100 as in the paper. In a terminal the view updates in place: progress, loss,
        temperature, zero-shot accuracy on training and held-out pictures, and the matrix of
        a fixed probe batch turning diagonal (with --embed-dim 2 also the shared space).
        Piped, it prints progress lines; --json prints one summary object.
        Ctrl-C stops and keeps the model trained so far. The result becomes the current
        model (and `load toy` brings it back later).

          --objective NAME  clip (softmax over rows and columns, the default) or siglip
                            (every pair its own sigmoid; starts at t' = ln 10, b = −10;
                            \(ToyTrainingOptions.defaultSteps(for: .siglip)) steps unless --steps says otherwise)
          --config FILE     a Hugging Face CLIP config.json: any small CLIP shape (the text
                            vocabulary is replaced by the toy words)
          --embed-dim D     the shared space's dimension (2 draws it)
          --no-soft-targets plain diagonal targets even when captions repeat in a batch
          --captions LIST   caption styles: plain ("a red circle"), size ("a small …"),
                            position ("… on the left"), full (both)
          --counts W1,W2,W3 how often a picture holds one, two or three objects
          --withhold WHAT   never draw this in training: two or three objects, small or
                            large shapes, the shade crimson or navy ('eval shift WHAT'
                            then measures the shift)

        Example: train --steps 400 --seed 1
                 train --steps 150 --seed 1 --embed-dim 2
                 train --objective siglip --steps 200
        """,
        options: [
            .trainSteps,
            .batch,
            .lr,
            .trainSeed,
            .trainConfig,
            .objective,
            .embedDim,
            .noSoftTargets,
            .captions,
            .counts,
            .withhold,
        ],
        json: true
    ) { context, args in
        let options = try TrainCommand.options(args, seed: context.settings.seed)
        let config = try args.value(.trainConfig).map(TrainConfigFile.read)
        let tokenizer = ToyTrainer.tokenizer()
        let trainer = try ToyTrainer(config: config, tokenizer: tokenizer, options: options,
                                     world: try TrainWorldOptions.world(args))
        let view = TrainLiveView(trainer: trainer, context: context, json: args.json)
        let cache = TrainCache(context: context, args: args, configPath: args.value(.trainConfig))
        func trainOrReuse() -> ToyTrainingResult {
            if let cache, let kept = cache.load(into: trainer.model.parameters) {
                context.console.write(kept.progress)
                return ToyTrainingResult(steps: kept.steps, seconds: kept.seconds, loss: kept.loss, stop: .finished)
            }
            context.console.beginCapture()
            let result = trainer.run(isCancelled: context.isCancelled) { step in view.update(step) }
            view.finish()
            let progress = context.console.endCapture()
            if let cache, result.stop == .finished {
                cache.store(.init(progress: progress, steps: result.steps, seconds: result.seconds, loss: result.loss),
                            parameters: trainer.model.parameters)
            }
            return result
        }
        let result = cache.map { $0.exclusively(isCancelled: context.isCancelled, trainOrReuse) } ?? trainOrReuse()
        let model = CLIPPipeline.toy(clip: trainer.model, tokenizer: tokenizer,
                                     origin: "trained here: \(result.stepCount), seed \(options.seed)"
                                        + (options.objective == .clip ? "" : ", \(options.objective.rawValue) loss"),
                                     weights: .trained)
        let replaced = context.session.model
        context.replaceModel(with: model)
        context.session.trainedModel = model
        let (seen, unseen) = try ToyEvaluation.quick(pipeline: model, world: trainer.world,
                                                     count: 300)
        if args.json {
            return .json(.object([
                ("steps", .int(result.steps)), ("seconds", .double(result.seconds)),
                ("loss", result.loss.map { .float($0) } ?? .null),
                ("zeroshot_top1_seen", .double(seen)), ("zeroshot_top1_unseen", .double(unseen)),
                ("temperature", .float(trainer.model.temperatureScale)),
                ("parameters_checksum", .string(Tensor.checksum(trainer.model.parameters))),
                ("objective", .string(trainer.model.objective.kind.rawValue)),
                ("bias", trainer.model.objective.logitBias.map { .float($0.item) } ?? .null),
                ("batch", .int(options.batchSize)), ("seed", .int(Int(options.seed))),
                ("stopped", .string(TrainCommand.stopName(result.stop))), ("message", .string(result.message)),
            ]))
        }
        let width = context.settings.width
        var lines = [view.finalFrame(), ""] + ProseWrap.wrap(result.message, width: width)
        lines += ProseWrap.wrap("zero-shot top-1 on held-out pictures: seen combinations "
                     + ValueFormat.percent(1).string(seen) + ", unseen combinations " + ValueFormat.percent(1).string(unseen)
                     + "  (chance \(ValueFormat.percent(1).string(1 / Double(trainer.world.classes.count))))", width: width)
        lines += ProseWrap.wrap("the trained model is now the current model — try 'batch scenes' and 'matrix', or 'eval'", width: width)
        if let replaced, replaced.weights != .random || result.stop == .cancelled {
            // The model this run replaced is not lost (an interrupted run says so most of all).
            lines += ProseWrap.wrap("the model you had before (\(replaced.displayName), \(replaced.origin)) is kept — "
                                    + "'load toy --previous' brings it back", width: width)
        }
        return Output(lines.joined(separator: "\n"))
    }
}

/// Option parsing and config reading for `train`.
enum TrainCommand {
    static func options(_ args: ParsedArgs, seed: Int) throws -> ToyTrainingOptions {
        var o = ToyTrainingOptions()
        o.objective = try objective(args)
        o.steps = try args.int(.trainSteps, default: ToyTrainingOptions.defaultSteps(for: o.objective))
        o.batchSize = try args.int(.batch, default: o.batchSize)
        o.learningRate = Float(try args.number(.lr, default: Double(o.learningRate)))
        let s = try args.int(.trainSeed, default: seed)
        o.seed = UInt64(s)
        if args.value(.embedDim) != nil { o.embedDim = try args.int(.embedDim, default: 0) }
        o.softTargets = !args.flag(.noSoftTargets)
        o.warmupSteps = min(o.warmupSteps, max(1, o.steps / 10))
        try o.validate()
        return o
    }

    /// `--objective`: clip (the default) or siglip.
    static func objective(_ args: ParsedArgs) throws(LabError) -> ObjectiveKind {
        guard let name = args.value(.objective) else { return .clip }
        guard let kind = ObjectiveKind(rawValue: name.lowercased()) else {
            throw LabError.invalidValue(name: "--objective", value: name,
                                        expected: "clip (softmax over rows and columns) or siglip (a sigmoid per pair)")
        }
        return kind
    }

    static func stopName(_ stop: ToyTrainingResult.Stop) -> String {
        switch stop {
        case .finished: "finished"
        case .cancelled: "interrupted"
        case .diverged: "diverged"
        }
    }
}

/// The options of this file's commands, read by name (`args.value(.x)`): a misspelt one does not compile.
extension Option {
    static let embedDim: Option = .integer("embed-dim", "D", in: 1...4096, help: "shared space dimension (2 draws the space)")
    static let lr: Option = .number("lr", "X", in: 0...10, aboveLower: true, example: "0.002", help: "peak learning rate (default 0.002)")
    static let objective: Option = .value("objective", "NAME", completion: .choices(ObjectiveKind.allCases.map(\.rawValue)),
                                          help: "clip (softmax, default) or siglip (pairwise sigmoid)")
    static let noSoftTargets: Option = .flag("no-soft-targets", help: "one-hot targets even for repeated captions")
    static let trainConfig: Option = .value("config", "FILE", completion: .files, help: "Hugging Face config.json of the model shape")
    static let trainSeed: Option = .integer("seed", "S", in: 0...Int.max, help: "seed for weights, pictures and order (default: the seed setting)")
    static let trainSteps: Option = .integer("steps", "N", in: 1...ToyTrainingOptions.maxSteps, help: "optimizer steps (default \(ToyTrainingOptions.defaultSteps(for: .clip)); "
                                              + "\(ToyTrainingOptions.defaultSteps(for: .siglip)) with --objective siglip)")
}
