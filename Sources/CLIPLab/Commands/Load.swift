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

        With --verbose, also lists the keys of an open_clip_config.json beside the weights that
        are not read (training-only settings, or keys unknown here). Keys that would change the
        computation and are not implemented are refused when loading, by name and value.

        Example: load ~/models/clip-vit-base-patch32
                 load --verbose ~/models/RN50/open_clip_model.safetensors
        """,
        positionals: [Positional("MODEL", completion: .nameOrPath(ModelResolver.names))],
        options: [.verbose],
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
        let notRead = args.flag(.verbose) ? try OpenCLIPConfigReport.notRead(reference) : nil
        if args.json {
            var fields: [(String, JSONValue)] = [("model", .string(model.displayName)), ("origin", .string(model.origin)),
                                                 ("parameters", .int(counts.total)), ("load_ms", .double(ms.rounded()))]
            if let notRead { fields.append(("config_keys_not_read", .array(notRead.map { .string($0) }))) }
            return .json(.object(fields))
        }
        var text = "loaded \(model.displayName): \(ModelSummary.count(counts.total)) parameters, \(model.origin)"
        if let notRead {
            text += notRead.isEmpty ? "\nevery open_clip_config.json key is read (or there is none)"
                : "\nopen_clip_config.json keys not read:\n" + notRead.map { "  " + $0 }.joined(separator: "\n")
        }
        return Output(text)
    }
}

/// The options of this file's commands, read by name (`args.value(.x)`): a misspelt one does not compile.
extension Option {
    static let verbose: Option = .flag("verbose", help: "list the open_clip_config.json keys that are not read")
}
