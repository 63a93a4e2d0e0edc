import CLIPCore
import CLIPData
import CLIPModel
import CLIPTraining
import CLIPViz
import Foundation

extension Command {
    static let classify = Command(
        name: "classify", group: .model,
        summary: "Zero-shot: rank class names for an image by how well their captions match it",
        help: """
        Each label becomes a caption through the template ("a photo of a {}."); the text
        tower embeds the captions, the image tower the image, and a softmax over the
        cosines (× e^t) ranks the labels. Several --template options, or --templates
        imagenet (the paper's 80), average the caption embeddings per label (ensembling).
        A model trained with --objective siglip scores each label with its own sigmoid
        instead: independent yes/no probabilities that need not sum to 1.

        Example: classify toy:cat --labels "cat,beach,car,forest"
                 classify Examples/images/cat.jpg --model ~/models/clip-vit-base-patch32 --labels "dog,cat" --templates imagenet
        """,
        positionals: [Positional("IMAGE", completion: .files)],
        options: [.labels,
                  .template,
                  .classifyTemplates,
                  .model,
                  .resizeOrder,
                  .classifyTop],
        json: true
    ) { context, args in
        let labelText = try args.required(.labels)
        let labels = labelText.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !labels.isEmpty else { throw LabError.invalidValue(name: "--labels", value: labelText, expected: "comma-separated names") }
        var templates = args.values(.template)
        if let set = args.value(.classifyTemplates) {
            guard let named = PromptTemplates.named(set) else {
                throw LabError.invalidValue(name: "--templates", value: set, expected: "simple or imagenet")
            }
            templates += named
        }
        if templates.isEmpty { templates = PromptTemplates.simple }
        let choice = try context.commandModel(args), model = choice.pipeline
        let image = args.positionals[0]
        let embeds = try model.imageEmbeddings([image], isCancelled: context.isCancelled)
        let classifier = try ZeroShotClassifier(pipeline: model, labels: labels,
                                                templates: templates, isCancelled: context.isCancelled)
        let prediction = classifier.predict(imageEmbeds: embeds)[0]
        var probs = [Float](repeating: 0, count: labels.count)
        for entry in prediction.ranking { probs[entry.index] = entry.probability }
        context.session.bind(["image": embeds.reshaped([embeds.count]), "texts": classifier.weights,
                              "probs": Tensor(shape: [labels.count], data: probs), "scale": Tensor(scalar: classifier.scale)],
                             by: "classify")
        let unknown = ModelNotes.unknownWords(in: templates.flatMap { t in labels.map { PromptTemplates.fill(t, with: $0) } }, model: model)
        if args.json {
            return .json(.object([
                ("image", .string(image)), ("templates", .int(templates.count)),
                ("probabilities", .string(classifier.objective.kind == .siglip ? "sigmoid" : "softmax")),
                ("ranking", .array(prediction.ranking.map {
                    .object([("label", .string(labels[$0.index])), ("probability", .float($0.probability)), ("logit", .float($0.logit))])
                })),
            ] + ModelNotes.jsonFields(unknown: unknown, model: model) + choice.jsonFields))
        }
        let top = try args.int(.classifyTop, default: min(labels.count, 20))
        let shown = prediction.ranking.prefix(top)
        let chart = BarChart(labels: shown.map { labels[$0.index] }, values: shown.map { Double($0.probability) },
                             title: "zero-shot: \(ImageSources.label(image)) — \(templates.count == 1 ? "\"\(templates[0])\"" : "\(templates.count) templates averaged")"
                                + (classifier.objective.kind == .siglip ? " — σ per label, independent (not a softmax; need not sum to 1)" : ""),
                             format: .percent(1), sorted: false, scale: 1)
        context.console.show(png: Raster.barChart(chart), text: chart.title ?? "zero-shot")
        return Output(ModelNotes.append([choice.line(context.style), ModelNotes.unknownWords(unknown, model: model, style: context.style),
                                         ModelNotes.randomWeights(model, style: context.style)],
                                        to: chart.render(width: context.settings.width, style: context.style)))
    }
}

/// The options of this file's commands, read by name (`args.value(.x)`): a misspelt one does not compile.
extension Option {
    static let classifyTemplates: Option = .value("templates", "SET", completion: .choices(["simple", "imagenet"]), help: "a built-in template set")
    static let classifyTop: Option = .integer("top", "K", in: 1...1000, help: "show the K best labels (default all, up to 20)")
    static let labels: Option = .value("labels", "A,B,C", required: true, help: "comma-separated class names")
    static let template: Option = .value("template", "T", repeatable: true, help: "prompt with {} for the label (default \"a photo of a {}.\")")
}
