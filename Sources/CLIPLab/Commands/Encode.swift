import CLIPCore
import CLIPData
import CLIPModel
import CLIPTraining
import CLIPViz
import Foundation

extension Command {
    static let encode = Command(
        name: "encode", group: .model,
        summary: "Encode an image or a text and follow its shapes through the tower",
        help: """
        Runs one input through its tower and shows every stage with its shape, then the
        final unit vector as a sparkline.

        Example: encode image toy:cat
                 encode text "a photo of a cat" --steps
        """,
        subcommands: [encodeImage, encodeText]
    )

    static let encodeImage = Command(
        name: "image", group: .model, summary: "Encode an image file or toy:SPEC",
        help: "Example: encode image Examples/images/cat.jpg",
        positionals: [Positional("IMAGE", completion: .files)], options: [.resizeOrder], json: true
    ) { context, args in
        let model = try args.resizing(context.currentModel())
        let source = args.positionals[0]
        let pixels = try model.pixels([source], isCancelled: context.isCancelled)
        guard pixels.shape[0] == 1 else {
            throw LabError.usage("\(source) holds \(pixels.shape[0]) images; encode image takes one (embed --image encodes several)", usage: args.usage)
        }
        let traced = try model.clip.traceImage(pixels)
        let vector = traced.normalized
        context.session.bind(EncodeView.bindings(pixels: pixels, traced: traced), by: "encode image")
        if args.json { return .json(.object([("image", .string(source)), ("embedding", .vector(vector.data))])) }
        let w = context.settings.width
        return Output(ModelSummary.imageFlow(model, traced: traced).render(width: w, style: context.style) + "\n\n"
                      + EncodeView.vector(vector.data, width: w, style: context.style))
    }

    static let encodeText = Command(
        name: "text", group: .model, summary: "Encode a text",
        help: """
        With --steps, also lists the tokens and marks the one the text is pooled at (EOT).

        Example: encode text "a photo of a cat" --steps
        """,
        positionals: [Positional("TEXT", .oneOrMore)],
        options: [.encodeSteps], json: true
    ) { context, args in
        let model = try context.currentModel()
        let text = args.positionals.joined(separator: " ")
        let tokens = model.tokenize([text])[0]
        let traced = try model.clip.traceText([tokens.ids])
        let vector = traced.normalized
        context.session.bind(EncodeView.bindings(pixels: nil, traced: traced, ids: tokens.ids), by: "encode text")
        if args.json {
            return .json(.object([("text", .string(text)), ("ids", .array(tokens.ids.map { .int($0) })),
                                  ("embedding", .vector(vector.data))] + ModelNotes.jsonFields(unknown: tokens.unknownWords, model: nil)))
        }
        let w = context.settings.width
        var out = ModelSummary.textFlow(model, traced: traced, tokens: tokens.ids.count).render(width: w, style: context.style)
        if args.flag(.encodeSteps) {
            let pool = model.clip.text.poolPositions([tokens.ids])[0]
            let pieces = tokens.tokens.enumerated().map { i, t in i == pool ? "[\(t)]" : t }
            out += "\n\ntokens: " + pieces.joined(separator: " ")
                + "\npooled at position \(pool) (\(tokens.tokens[pool])): causal attention lets it see every token before it"
        }
        return Output(ModelNotes.append([ModelNotes.unknownWords(tokens.unknownWords, model: model, style: context.style)],
                                        to: out + "\n\n" + EncodeView.vector(vector.data, width: w, style: context.style)))
    }
}

/// The last line of `encode`: the unit vector as a sparkline.
enum EncodeView {
    /// The stages `encode` binds, the batch axis of 1 dropped: `pixels` `[3,S,S]`, `patches`,
    /// `tokens_in` `[L, w]`, `pooled` `[w]`, `embedding` `[d]`, and `ids` for a text.
    static func bindings(pixels: Tensor?, traced: CLIPTrace.Tower, ids: [Int]? = nil) -> [String: Tensor] {
        func first(_ t: Tensor) -> Tensor { Tensor(shape: Array(t.shape.dropFirst()), data: Array(t.data.prefix(t.count / max(t.shape.first ?? 1, 1)))) }
        var values = ["pooled": first(traced.pooled), "embedding": first(traced.normalized)]
        if let pixels { values["pixels"] = first(pixels) }
        if let patches = traced.patches { values["patches"] = first(patches) }
        if let embeddings = traced.embeddings { values["tokens_in"] = first(embeddings) }
        if let ids { values["ids"] = Tensor(shape: [ids.count], data: ids.map(Float.init)) }
        return values
    }

    static func vector(_ v: [Float], width: Int, style: Style) -> String {
        let norm = v.map { $0 * $0 }.reduce(0, +).squareRoot()
        return Sparkline(v, label: "vector [\(v.count)]").render(width: width, style: style)
            + "\n‖v‖ = \(String(format: "%.3f", norm)) (unit length: only the direction matters)"
    }
}

/// The options of this file's commands, read by name (`args.value(.x)`): a misspelt one does not compile.
extension Option {
    static let encodeSteps: Option = .flag("steps", help: "show the tokens and the pooling position")
}
