import CLIPCore
import CLIPData
import CLIPModel
import CLIPTraining
import Foundation

extension Command {
    static let embed = Command(
        name: "embed", group: .model,
        summary: "Image and text embeddings and their logits, as JSON for scripts",
        help: """
        Prints {"image_embeds": [[…]], "text_embeds": [[…]], "logits_per_image": [[…]]} with
        L2-normalised embeddings. --image takes PNG, JPEG, toy:SPEC, or a .npy of
        preprocessed pixels shaped [3,H,W] or [N,3,H,W].

        Example: embed --model ~/models/clip-vit-base-patch32 --image Examples/images/cat.jpg --text "a cat" --text "a dog" --json
        """,
        options: [.model,
                  .embedImage,
                  .embedText,
                  .resizeOrder],
        json: true
    ) { context, args in
        let choice = try context.commandModel(args), model = choice.pipeline
        let images = args.values(.embedImage), texts = args.values(.embedText)
        guard !images.isEmpty || !texts.isEmpty else {
            throw LabError.usage("give at least one --image or --text", usage: args.usage)
        }
        let imageEmbeds = images.isEmpty ? nil : try model.imageEmbeddings(images, isCancelled: context.isCancelled)
        let textEmbeds = texts.isEmpty ? nil : try model.textEmbeddings(texts, isCancelled: context.isCancelled)
        var fields: [(String, JSONValue)] = []
        if let imageEmbeds { fields.append(("image_embeds", .matrix(imageEmbeds))) }
        if let textEmbeds { fields.append(("text_embeds", .matrix(textEmbeds))) }
        if let i = imageEmbeds, let t = textEmbeds {
            fields.append(("logits_per_image", .matrix(model.score(imageEmbeds: i, textEmbeds: t).logits)))
        }
        return .json(.object(fields + choice.jsonFields))
    }
}

/// The options of this file's commands, read by name (`args.value(.x)`): a misspelt one does not compile.
extension Option {
    static let embedImage: Option = .value("image", "FILE", repeatable: true, completion: .files, help: "an image (repeatable)")
    static let embedText: Option = .value("text", "TEXT", repeatable: true, help: "a text (repeatable)")
}
