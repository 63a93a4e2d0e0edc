import CLIPCore
import CLIPData
import CLIPImage
import CLIPModel
import CLIPText
import CLIPTraining
import Foundation

extension Command {
    static let eval = Command(
        name: "eval", group: .model,
        summary: "Accuracy: the toy model on held-out pictures, or the paper's protocol on an image folder",
        help: """
        FOLDER has one sub-folder per class (optional classes.txt: "folder: readable name").
        Image embeddings are cached per model and folder in ~/.cache/cliplab/embeddings, so a
        rerun with other templates only encodes text. Unreadable images are skipped, counted
        and listed; the result then says it is partial.

        Without a subcommand (or with `toy`), measures the toy model on held-out toy pictures.

        Example: eval zeroshot --model ~/models/clip-vit-base-patch32 --data photos --templates imagenet
                 eval linear-probe --model RN50.safetensors --data photos --split 0.8 --json
                 eval
        """,
        options: Command.evalToy.options,
        json: true,
        subcommands: [.evalZeroShot, .evalLinearProbe, .evalToy, .evalShift, .evalPointing],
        handler: { context, args in try EvalReport.run(&context, args) }
    )

    static let evalZeroShot = Command(
        name: "zeroshot", group: .model,
        summary: "Zero-shot top-1/top-5, per-class table and confusion matrix over an image folder",
        help: """
        Builds the classifier by averaging the normalised text embeddings of every template per
        class (prompt ensembling), classifies every image and reports top-1 and top-5 accuracy.

        Example: eval zeroshot --model DIR --data FOLDER --templates simple --json
        """,
        options: EvalSetup.options + [EvalSetup.templatesOption],
        json: true
    ) { context, args in
        let templates = try EvalSetup.templates(args)
        let setup = try EvalSetup(context: &context, args: args)
        let classifier = try ZeroShotClassifier(pipeline: setup.pipeline, labels: setup.dataset.classNames,
                                                templates: templates, isCancelled: context.isCancelled)
        let report = ZeroShotEvaluation(classifier: classifier, images: setup.images)
        if args.json { return try EvalSetup.json(report) }
        return Output(ModelNotes.append([setup.modelNote.map(context.style.muted)], to: EvalSetup.render(report, setup: setup)))
    }

    static let evalLinearProbe = Command(
        name: "linear-probe", group: .model,
        summary: "Logistic regression on frozen image features, beside zero-shot on the same split",
        help: """
        Splits each class (--split of it for training, a fifth of that for choosing the L2
        strength), fits the probe, and reports its test accuracy next to zero-shot accuracy
        ("a photo of a {}.") on the same test images.

        The probe is the paper's: multinomial logistic regression with an L2 penalty on the
        weights (not the bias), fitted with L-BFGS until the gradient vanishes (at most 1000
        iterations). The objective is scikit-learn's with C = 1/λ: summed cross-entropy plus
        λ/2·‖W‖². λ is searched over 10⁻⁶…10⁶ (8 values a decade, coarse-to-fine) on the
        validation part, then the probe is refitted on train + validation. --json adds
        lambda, iterations, gradient_norm, converged and train_accuracy.

        Example: eval linear-probe --model DIR --data FOLDER --split 0.8
        """,
        options: EvalSetup.options + [.split],
        json: true
    ) { context, args in
        let split = try args.value(.split).map { text -> Double in
            guard let v = Double(text), v > 0, v < 1 else {
                throw LabError.invalidValue(name: "--split", value: text, expected: "a fraction between 0 and 1, e.g. 0.8")
            }
            return v
        } ?? 0.8
        let setup = try EvalSetup(context: &context, args: args)
        let classifier = try ZeroShotClassifier(pipeline: setup.pipeline, labels: setup.dataset.classNames)
        let probe = try LinearProbeEvaluation(images: setup.images, classes: setup.dataset.classNames.count, split: split,
                                              zeroShot: classifier, isCancelled: context.isCancelled)
        if args.json { return try EvalSetup.json(probe) }
        var lines = [String(format: "linear probe  %.1f%%   zero-shot  %.1f%%   (test %d, train %d, validation %d, λ %g)",
                            probe.accuracy * 100, (probe.zeroShotAccuracy ?? 0) * 100, probe.testCount, probe.trainCount,
                            probe.validationCount, probe.lambda),
                     String(format: "probe fit: train accuracy %.1f%%, %d L-BFGS iterations, gradient %.1e, %@", probe.trainAccuracy * 100,
                            probe.iterations, probe.gradientNorm, probe.converged ? "converged" : "NOT converged")]
        if !setup.images.isComplete { lines.append(EvalSetup.partialWarning(setup.images)) }
        if let note = setup.modelNote { lines.append(context.style.muted(note)) }
        return Output(lines.joined(separator: "\n"))
    }
}

/// What every dataset command needs: the model, its tokenizer, the folder and its embeddings.
struct EvalSetup {
    static let options: [Option] = [
        .model,
        .data,
        .noCache,
        .resizeOrder,
    ]
    /// The zero-shot commands' `--templates`: a built-in set or a file, ImageNet's 80 by default.
    static let templatesOption: Option = .evalTemplates

    static func templates(_ args: ParsedArgs) throws -> [String] {
        try ZeroShotEvaluation.templates(args.value(.evalTemplates) ?? "imagenet")
    }

    let pipeline: CLIPPipeline
    /// Which model `--model` picked, when it needs saying (see `Context.commandModel`).
    let modelNote: String?
    let dataset: ImageFolderDataset
    let images: DatasetEmbeddings

    init(context: inout Context, args: ParsedArgs) throws {
        let data = try args.required(.data)
        // --model names a checkpoint or preset; without it, the session's model.
        let choice = try context.commandModel(args)
        pipeline = choice.pipeline
        modelNote = choice.note
        dataset = try ImageFolderDataset(root: URL(fileURLWithPath: (data as NSString).expandingTildeInPath))
        let cache = args.flag(.noCache) ? nil
            : EmbeddingCache(model: pipeline.clip, preprocess: pipeline.preprocess, folder: dataset.root)
        let console = context.console
        images = try DatasetEmbedder.embed(pipeline: pipeline, dataset: dataset, cache: cache,
                                           batchSize: min(32, CLIPPipeline.cancellableBatchSize(pipeline.clip.config)), progress: { p in
            console.transient(String(format: "images %d/%d  %.1f images/s%@", p.done, p.total, p.imagesPerSecond,
                                     p.skipped > 0 ? "  (\(p.skipped) skipped)" : ""))
        }, isCancelled: context.isCancelled)
        console.clearTransient()
    }

    static func json(_ value: some Encodable) throws -> Output {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Output(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    static func partialWarning(_ images: DatasetEmbeddings) -> String {
        let list = images.skipped.prefix(5).map { "  \($0.file): \($0.reason)" }.joined(separator: "\n")
        return "PARTIAL: \(images.skipped.count) unreadable image\(images.skipped.count == 1 ? "" : "s") skipped — the numbers cover the other \(images.items.count)\n" + list
            + (images.skipped.count > 5 ? "\n  …" : "")
    }

    /// Accuracy lines, the per-class table and the confusion matrix as text.
    static func render(_ r: ZeroShotEvaluation, setup: EvalSetup) -> String {
        var out = [String(format: "top-1 %.1f%%   top-5 %.1f%%   %d images, %d classes, %d templates", r.top1 * 100, r.top5 * 100,
                          r.imageCount, r.classNames.count, r.templateCount)]
        out.append(r.cachedImages == r.imageCount ? "image embeddings from the cache"
                   : String(format: "%.1f images/s (%d from the cache)", r.imagesPerSecond, r.cachedImages))
        if !r.isComplete { out.append(partialWarning(setup.images)) }
        let width = min(24, max(5, r.classNames.map(\.count).max() ?? 5))
        func pad(_ s: String) -> String { String(s.prefix(width)).padding(toLength: width, withPad: " ", startingAt: 0) }
        out.append("")
        out.append(pad("class") + "  images  correct  accuracy")
        for c in r.perClass { out.append(pad(c.name) + String(format: "  %6d  %7d  %7.1f%%", c.images, c.correct, c.accuracy * 100)) }
        out.append("")
        out.append("confusion (rows: true class, columns: predicted)")
        let cell = max(4, String(r.confusion.flatMap { $0 }.max() ?? 0).count + 1)
        out.append(pad("") + (0..<r.classNames.count).map { String(repeating: " ", count: cell - String($0).count) + "\($0)" }.joined())
        for (i, row) in r.confusion.enumerated() {
            out.append(pad("\(i) \(r.classNames[i])") + row.map { String(repeating: " ", count: cell - String($0).count) + "\($0)" }.joined())
        }
        return out.joined(separator: "\n")
    }
}

/// The options of this file's commands, read by name (`args.value(.x)`): a misspelt one does not compile.
extension Option {
    static let evalTemplates: Option = .value("templates", "SET", completion: .nameOrPath(["imagenet", "simple"]), help: "imagenet (80 templates), simple, or a file of templates")
    static let split: Option = .value("split", "F", help: "fraction of each class for training (default 0.8)")
}
