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
          toy --previous       the model the last 'train', 'load' or lesson replaced (they swap)
          toy --last           the trained toy model kept when you last quit without saving it
          vit-b-32, vit-b-16, vit-l-14, vit-l-14-336
                               the published shapes with RANDOM weights (for shapes and speed)
          PATH                 a Hugging Face CLIP folder (config.json + model.safetensors) or an
                               OpenAI/open_clip-named .safetensors file
          openai/clip-vit-base-patch32
                               a model already in the local Hugging Face cache (never downloaded)

        With --verbose, also lists the keys of the config the model was built from — a folder's
        config.json, or the open_clip_config.json beside an OpenAI/open_clip file — that are not
        read: settings that cannot change the embeddings (dropout, initialisation, generation,
        bookkeeping), each with why, and keys unknown here. Keys that would change the
        computation and are not implemented are refused when loading, by name and value.

        Example: load ~/models/clip-vit-base-patch32
                 load toy:new
                 load --verbose ~/models/RN50/open_clip_model.safetensors
                 load --verbose ~/models/clip-vit-base-patch32
        """,
        positionals: [Positional("MODEL", completion: .nameOrPath(ModelResolver.names))],
        options: [.verbose, .previous, .last],
        json: true
    ) { context, args in
        let reference = args.positionals[0]
        if args.flag(.previous) || args.flag(.last) {
            return try LoadKept.run(reference, last: args.flag(.last), json: args.json, in: &context)
        }
        let start = Date()
        let progress = LoadProgress(reference: reference, context: context)
        defer { progress?.finish() }
        let isCancelled: @Sendable () -> Bool
        if let progress { isCancelled = { progress.tick() } } else { isCancelled = context.isCancelled }
        let model = try ModelResolver.load(reference, seed: context.settings.seed, trained: context.trainedToy,
                                           isCancelled: isCancelled)
        context.replaceModel(with: model)
        let ms = Date().timeIntervalSince(start) * 1000
        let counts = model.clip.parameterCounts
        let verbose = args.flag(.verbose)
        let report = verbose ? try ConfigKeyReport.notRead(reference) : nil
        if args.json {
            var fields: [(String, JSONValue)] = [("model", .string(model.displayName)), ("origin", .string(model.origin)),
                                                 ("parameters", .int(counts.total)), ("load_ms", .double(ms.rounded()))]
            if verbose {
                fields.append(("config_file", report.map { .string($0.file) } ?? .null))
                fields.append(("config_keys_not_read", .array((report?.keys ?? []).map { .string($0) })))
            }
            return .json(.object(fields))
        }
        var text = "loaded \(model.displayName): \(ModelSummary.count(counts.total)) parameters, \(model.origin)"
        if verbose {
            if let report {
                text += report.keys.isEmpty ? "\nevery \(report.file) key is read"
                    : "\n\(report.file) keys not read:\n" + report.keys.map { "  " + $0 }.joined(separator: "\n")
            } else {
                text += "\nno config file: the model's settings come from its name or its tensor shapes"
            }
        }
        return Output(text)
    }
}

/// The options of this file's commands, read by name (`args.value(.x)`): a misspelt one does not compile.
extension Option {
    static let previous: Option = .flag("previous", help: "bring back the model the last train, load or lesson replaced")
    static let last: Option = .flag("last", help: "the trained toy model kept when you last quit")
    static let verbose: Option = .flag("verbose", help: "list the config keys that are not read (config.json or open_clip_config.json)")
}

/// `load toy --previous` and `load toy --last`.
enum LoadKept {
    static func run(_ reference: String, last: Bool, json: Bool, in context: inout Context) throws -> Output {
        guard reference.lowercased() == "toy" else {
            throw LabError.usage("--previous and --last go with 'toy'", usage: "load toy --previous | load toy --last")
        }
        let model: CLIPPipeline
        if last {
            model = try LastToy.load(context)
            context.replaceModel(with: model)
            context.session.trainedModel = model
            context.session.storage[UnsavedModel.Saved.self] = ObjectIdentifier(model)
        } else {
            model = try context.restorePrevious()
        }
        if json {
            return .json(.object([("model", .string(model.displayName)), ("origin", .string(model.origin))]))
        }
        let kept = context.previousToy.map { " — the one it replaced is now 'load toy --previous' (\($0.origin))" } ?? ""
        return Output("loaded \(model.displayName): \(model.origin)\(kept)")
    }
}
