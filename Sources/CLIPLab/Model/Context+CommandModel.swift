import CLIPModel
import CLIPViz
import Foundation

/// The model a command runs on, and a line saying which one when `--model` picked it.
struct CommandModel {
    let pipeline: CLIPPipeline
    /// `model: the toy trained in this session (…)`, for `--model toy`; nil otherwise.
    let note: String?
}

extension Context {
    /// The one rule for commands that take `--model`: the model it names — `toy` is the toy
    /// trained in this session when there is one, else an untrained toy; a path arrives with
    /// `~` already expanded by the parser — or, without `--model`, the session's model; then
    /// `--resize-order`.
    ///
    /// The session's model is not changed. Example: `classify toy:cat --model toy --labels cat,car`
    /// after `train` classifies with the trained toy and says so.
    mutating func commandModel(_ args: ParsedArgs, option: Option = .model) throws -> CommandModel {
        guard let name = args.value(option) else { return CommandModel(pipeline: try args.resizing(currentModel()), note: nil) }
        let trained = trainedToy
        let pipeline = try ModelResolver.load(name, seed: settings.seed, trained: trained,
                                              isCancelled: isCancelled)
        var note: String?
        if name.lowercased() == "toy" {
            note = trained.map { "model: the toy trained in this session (\($0.origin))" }
                ?? "model: no toy has been trained in this session — an untrained toy (random weights)"
        }
        return CommandModel(pipeline: try args.resizing(pipeline), note: note)
    }
}

extension CommandModel {
    /// The note as a dimmed line for text output.
    func line(_ style: Style) -> String? { note.map { style.muted($0) } }

    /// `"model_note": "…"` for `--json` objects, when there is a note.
    var jsonFields: [(String, JSONValue)] { note.map { [("model_note", .string($0))] } ?? [] }
}
