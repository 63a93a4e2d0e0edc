import CLIPCore
import CLIPModel
import CLIPTraining
import Foundation

extension Command {
    static let benchZeroShot = Command(
        name: "zeroshot", group: .tools,
        summary: "Images per second of zero-shot classification over an image folder",
        help: """
        Times what `eval zeroshot` does over FOLDER (one subfolder per class) with no
        embedding cache: decode, preprocess and the image tower for every image in batches
        of --batch, then the class prompts through the text tower. The model is ViT-B/32
        with random weights unless --model names another preset or a checkpoint.
        Tests/Reference/bench_zeroshot.py makes such a folder (--make) and times the same
        loop in PyTorch (PIL decode, open_clip's transform, batched encode_image).

        Example: bench zeroshot ~/photos/pets
                 bench zeroshot ~/photos/pets --batch 16 --json
        """,
        positionals: [Positional("FOLDER", .required, completion: .files)],
        options: [.benchModel, .benchZeroShotBatch],   // --model: a preset, toy (the session's trained one) or a checkpoint
        json: true
    ) { context, args in
        let folder = PathExpansion.expand(args.positional(0) ?? ".")
        let batch = try args.int(.benchZeroShotBatch, default: 32)
        let reference = args.value(.benchModel) ?? "vit-b-32"
        context.console.transient("preparing \(reference)…")
        let pipeline = try ModelResolver.load(PathExpansion.expand(reference), seed: context.settings.seed,
                                              trained: context.trainedToy, isCancelled: context.isCancelled)
        context.console.transient("encoding \(folder)…")
        let r = try ZeroShotBenchmark.run(pipeline: pipeline, folder: URL(fileURLWithPath: folder), batchSize: batch)
        context.console.clearTransient()
        if args.json {
            return .json(.object([
                ("images", .int(r.images)), ("skipped", .int(r.skipped)), ("classes", .int(r.classes)),
                ("images_per_second", .double(r.imagesPerSecond)), ("text_seconds", .double(r.textSeconds)),
                ("total_seconds", .double(r.totalSeconds)), ("threads", .int(Threads.count)),
            ]))
        }
        return Output(String(format: "%d images (%d skipped), %d classes: %.2f images/s; prompts %.2f s; total %.2f s (%d threads)",
                             r.images, r.skipped, r.classes, r.imagesPerSecond, r.textSeconds, r.totalSeconds, Threads.count))
    }
}

/// The options of this file's commands, read by name (`args.value(.x)`): a misspelt one does not compile.
extension Option {
    static let benchZeroShotBatch: Option = .integer("batch", "B", in: 1...1024, help: "images per encoded batch (default 32)")
}
