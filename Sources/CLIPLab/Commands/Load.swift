import CLIPData
import CLIPModel
import CLIPTraining
import Foundation

extension Command {
    static let load = Command(
        name: "load", group: .model,
        summary: "Switch models: toy, a preset, a CLIP folder or file, or a hub name in the local cache",
        help: """
        Loads a model; the previous one stays if loading fails.
          toy                  the session's trained toy model, else a fresh untrained one
          toy:new              a fresh untrained toy model
          vit-b-32, vit-b-16, vit-l-14, vit-l-14-336
                               the published shapes with RANDOM weights (for shapes and speed)
          PATH                 a Hugging Face CLIP folder (config.json + model.safetensors) or an
                               OpenAI/open_clip-named .safetensors file
          openai/clip-vit-base-patch32
                               a model already in the local Hugging Face cache (never downloaded)

        Example: load ~/models/clip-vit-base-patch32
        """,
        positionals: [Positional("MODEL", completion: .nameOrPath(ModelResolver.names))],
        json: true
    ) { context, args in
        let reference = args.positionals[0]
        let start = Date()
        let progress = LoadProgress(reference: reference, context: context)
        defer { progress?.finish() }
        let isCancelled: @Sendable () -> Bool
        if let progress { isCancelled = { progress.tick() } } else { isCancelled = context.isCancelled }
        let model = try ModelResolver.load(reference, seed: context.settings.seed, trained: context.trainedToy,
                                           isCancelled: isCancelled)
        context.session.model = model
        let ms = Date().timeIntervalSince(start) * 1000
        let counts = model.clip.parameterCounts
        if args.json {
            return .json(.object([("model", .string(model.displayName)), ("origin", .string(model.origin)),
                                  ("parameters", .int(counts.total)), ("load_ms", .double(ms.rounded()))]))
        }
        return Output("loaded \(model.displayName): \(ModelSummary.count(counts.total)) parameters, \(model.origin)")
    }
}
