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
        options: [.value("model", "DIR", completion: .nameOrPath(ModelResolver.names), help: "model folder or file (default: the current model)"),
                  .value("image", "FILE", repeatable: true, completion: .files, help: "an image (repeatable)"),
                  .value("text", "TEXT", repeatable: true, help: "a text (repeatable)")],
        json: true
    ) { context, args in
        let model = try args.value("model").map { try ModelResolver.load($0, seed: context.settings.seed, trained: nil, isCancelled: context.isCancelled) }
            ?? context.currentModel()
        let images = args.values("image"), texts = args.values("text")
        guard !images.isEmpty || !texts.isEmpty else {
            throw LabError.usage("give at least one --image or --text", usage: args.usage)
        }
        var imageEmbeds: Tensor?
        if !images.isEmpty {
            var pixels: [Tensor] = []
            for source in images {
                if source.lowercased().hasSuffix(".npy") {
                    pixels.append(try PixelArrays.read(source, size: model.imageSize))
                } else {
                    pixels.append(try model.pixels([source], isCancelled: context.isCancelled))
                }
            }
            let all = Tensor.concat(pixels, axis: 0)
            imageEmbeds = try GradMode.noGrad { try model.clip.encodeImage(all).l2Normalized() }
        }
        let textEmbeds = texts.isEmpty ? nil : try model.textEmbeddings(texts)
        var fields: [(String, JSONValue)] = []
        if let imageEmbeds { fields.append(("image_embeds", .matrix(imageEmbeds))) }
        if let textEmbeds { fields.append(("text_embeds", .matrix(textEmbeds))) }
        if let i = imageEmbeds, let t = textEmbeds {
            let logits = GradMode.noGrad { i.matmul(t, transposeOther: true).scaled(model.clip.temperatureScale) }
            fields.append(("logits_per_image", .matrix(logits)))
        }
        return .json(.object(fields))
    }
}

/// Preprocessed pixels from `.npy` files.
enum PixelArrays {
    /// Reads `[3,S,S]` or `[N,3,S,S]` float32 pixels and returns `[N,3,S,S]`.
    static func read(_ path: String, size: Int) throws -> Tensor {
        let t = try NPY.readTensor(URL(fileURLWithPath: (path as NSString).expandingTildeInPath))
        let shape = t.shape
        if shape == [3, size, size] { return t.reshaped([1, 3, size, size]) }
        if shape.count == 4, shape[1] == 3, shape[2] == size, shape[3] == size, shape[0] > 0 { return t }
        throw LabError.file(path: path, reason: "holds pixels of shape \(shape); this model takes [3,\(size),\(size)] or [N,3,\(size),\(size)] (make one with 'preprocess IMAGE --npy OUT')")
    }
}
