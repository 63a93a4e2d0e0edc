import CLIPCore
import CLIPData
import CLIPModel
import CLIPTraining
import CLIPViz
import Foundation

extension Command {
    static let batch = Command(
        name: "batch", group: .model,
        summary: "Build the batch of image–caption pairs for the matching game",
        help: """
        The batch is a list of (image, caption) pairs: pair i is image i with caption i.
          batch scenes             the four pictures of the matching game: cat, beach, car, forest
          batch toy N [--seed S]   N toy-world pictures of different colour+shape classes
          batch add IMAGE CAPTION  one pair; IMAGE is a file or toy:SPEC
          batch show / batch clear

        Example: batch toy 4
                 batch add toy:red-circle "a red circle"
        """,
        subcommands: [batchScenes, batchToy, batchAdd, batchShow, batchClear]
    )

    static let batchScenes = Command(
        name: "scenes", group: .model, summary: "The four matching-game pictures",
        help: "Example: batch scenes", json: true
    ) { context, args in
        context.session.batch = ToyScene.allCases.map { BatchPair(image: ToySpec.prefix + $0.rawValue, caption: $0.caption) }
        return BatchView.show(context, json: args.json)
    }

    static let batchToy = Command(
        name: "toy", group: .model, summary: "N toy-world pairs of different classes",
        help: "Example: batch toy 4 --seed 3",
        positionals: [Positional("N")], options: [.batchSeed],
        json: true
    ) { context, args in
        let world = ToyWorld()
        let classes = world.seenClasses   // held-out combinations stay unseen until eval
        let n = try ParsedArgs.int(args.positionals[0], name: "N", in: 1...classes.count)
        let seed = try args.int(.batchSeed, default: context.settings.seed)
        var rng = RNG(seed: UInt64(seed) &+ 0x70)
        let picked = Array(rng.shuffled(classes).prefix(n))
        context.session.batch = picked.map {
            BatchPair(image: ToySpec.prefix + "\($0.color.rawValue)-\($0.shape.rawValue)", caption: $0.caption)
        }
        return BatchView.show(context, json: args.json)
    }

    static let batchAdd = Command(
        name: "add", group: .model, summary: "Add one pair: IMAGE (file or toy:SPEC) and its caption",
        help: "With --json: {\"pairs\": [...], \"unknown_words\": [...]} (words the toy model cannot read).\n\nExample: batch add Examples/images/cat.jpg \"a photo of a cat\"",
        positionals: [Positional("IMAGE", completion: .files), Positional("CAPTION", .oneOrMore)], json: true
    ) { context, args in
        let image = args.positionals[0]
        // Fail now, not at `matrix` time, when the image cannot be read.
        _ = try ImageSources.load(image, size: 32)
        guard context.session.batch.count < 64 else { throw LabError.failed("the batch holds at most 64 pairs — 'batch clear' to start again") }
        let caption = args.positionals.dropFirst().joined(separator: " ")
        context.session.batch.append(BatchPair(image: image, caption: caption))
        let toy = ModelNotes.toyTokenizer(context)
        let unknown = toy?.encode(caption).unknownWords ?? []
        if args.json {
            return .json(.object([("pairs", BatchView.json(context.session.batch))]
                                 + ModelNotes.jsonFields(unknown: toy == nil ? nil : unknown, model: nil)))
        }
        let note = toy.flatMap { ModelNotes.unknownWords(unknown, tokenizer: $0, style: context.style) }
        return Output(ModelNotes.append([note], to: BatchView.show(context, json: false).text))
    }

    static let batchShow = Command(
        name: "show", group: .model, summary: "List the pairs", help: "Example: batch show", json: true
    ) { context, args in BatchView.show(context, json: args.json) }

    static let batchClear = Command(
        name: "clear", group: .model, summary: "Empty the batch", help: "Example: batch clear"
    ) { context, _ in
        context.session.batch = []
        return Output("batch cleared")
    }
}

enum BatchView {
    /// `[{"image": …, "caption": …}, …]`.
    static func json(_ batch: [BatchPair]) -> JSONValue {
        .array(batch.map { .object([("image", .string($0.image)), ("caption", .string($0.caption))]) })
    }

    static func show(_ context: Context, json: Bool) -> Output {
        let batch = context.session.batch
        if json { return .json(BatchView.json(batch)) }
        if batch.isEmpty { return Output("the batch is empty — try 'batch scenes' or 'batch toy 4'") }
        let table = Table(headers: ["#", "image", "caption"],
                          rows: batch.enumerated().map { ["\($0.offset + 1)", $0.element.image, $0.element.caption] })
        context.console.show(table: table, text: "\(batch.count) pairs")
        return Output(table.render(width: context.settings.width, style: context.style)
                      + "\n\(batch.count) pair\(batch.count == 1 ? "" : "s"): pair i is image i with caption i — 'matrix' scores every image against every caption"
                      + "\n(numbered as 'matrix' numbers them; 'space' draws pair 1 as A and a, pair 2 as B and b, …)")
    }
}

/// The options of this file's commands, read by name (`args.value(.x)`): a misspelt one does not compile.
extension Option {
    static let batchSeed: Option = .integer("seed", "S", in: 0...Int(Int32.max), help: "which classes to draw (default: the session seed)")
}
