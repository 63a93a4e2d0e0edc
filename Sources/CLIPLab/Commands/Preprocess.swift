import CLIPCore
import CLIPImage
import Foundation

extension Command {
    static let preprocess = Command(
        name: "preprocess", group: .image,
        summary: "CLIP's image preprocessing: resize, center-crop, normalise — optionally to a .npy",
        help: """
        Resizes the shorter side to the model's size with bicubic (antialiased as PIL does),
        center-crops the square, scales to [0,1] and normalises with CLIP's mean and std.
        --npy writes the float32 [3,S,S] array.

        Order (--resize-order): by default (hf) every file is converted to RGB first (palette
        expanded, alpha dropped, grey copied to three channels), then resized — as Hugging
        Face's CLIPImageProcessor does. With --resize-order openai the image is resized in its
        own mode and converted after the crop, as OpenAI's and open_clip's transforms do: PIL
        resizes palette and 1-bit images with nearest neighbour, and RGBA and grey+alpha with
        the colour premultiplied by alpha, so a transparent pixel's hidden colour does not
        bleed into its neighbours. Opaque RGB, grey and JPEG files give the same tensor either
        way. One file kind still differs from open_clip in the OpenAI order: 16-bit grey PNGs,
        which are clipped to 8 bits before resizing here and after resizing in PIL.
        classify, embed, encode image, eval, search and explain take the same option.

        Example: preprocess Examples/images/cat.jpg --npy cat.npy
                 preprocess Examples/images/cat.jpg --size 224 --resize-order openai --json
        """,
        positionals: [Positional("IMAGE", completion: .files)],
        options: [.npy,
                  .preprocessModel,
                  .size,
                  .resizeOrder],
        json: true
    ) { context, args in
        let size: Int
        if let s = args.value(.size) {
            size = try ParsedArgs.int(s, name: "--size", in: 8...1024)
        } else {
            size = try context.commandModel(args, option: .preprocessModel).pipeline.imageSize
        }
        let source = args.positionals[0]
        let prep = CLIPPreprocess(size: size, resizeOrder: try args.resizeOrder() ?? .huggingFace)
        let image = try ImageSources.load(source, size: size, keepingMode: prep.needsSourceMode)
        let pixels = prep(image)
        let resized = prep.resizedSize(width: image.width, height: image.height)
        let crop = prep.cropOrigin(width: resized.width, height: resized.height)
        if let out = args.value(.npy) {
            do { try NPY.write(pixels, to: URL(fileURLWithPath: (out as NSString).expandingTildeInPath)) } catch {
                throw LabError.file(path: out, reason: "cannot write: \(error)")
            }
        }
        let mean = pixels.data.reduce(0, +) / Float(max(pixels.count, 1))
        let resampling = prep.resampling(for: image)
        let filter = resampling.hasPrefix("bicubic") ? resampling + ", antialiased" : resampling
        if args.json {
            return .json(.object([("image", .string(source)), ("width", .int(image.width)), ("height", .int(image.height)),
                                  ("resized", .array([.int(resized.width), .int(resized.height)])),
                                  ("crop", .array([.int(crop.x), .int(crop.y)])), ("shape", .array(pixels.shape.map { .int($0) })),
                                  ("resize_order", .string(prep.resizeOrder.rawValue)), ("resampling", .string(resampling)),
                                  ("mean", .float(mean)), ("npy", args.value(.npy).map { .string($0) } ?? .null)]))
        }
        return Output("""
            \(ImageSources.label(source)): \(image.width)×\(image.height)
              → resize shorter side to \(size) (\(filter)): \(resized.width)×\(resized.height)
              → center crop \(size)×\(size) at (\(crop.x), \(crop.y))
              → scale to [0,1], normalise per channel: (x − mean) / std
              → tensor [3,\(size),\(size)], mean value \(String(format: "%.3f", mean))\(args.value(.npy).map { "\n  written to \($0)" } ?? "")
            """)
    }
}

/// The options of this file's commands, read by name (`args.value(.x)`): a misspelt one does not compile.
extension Option {
    static let npy: Option = .value("npy", "OUT", completion: .files, help: "write the array here")
    static let preprocessModel: Option = .value("model", "DIR", completion: .nameOrPath(ModelResolver.names), help: "take the image size from this model")
    static let size: Option = .value("size", "S", help: "image size (default: the current model's)")
}
