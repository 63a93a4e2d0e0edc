import Foundation

extension Command {
    static let history = Command(
        name: "history", group: .session,
        summary: "List the cells run in this session",
        help: """
        Lists the numbered inputs of this session (the numbers in the [N]> prompt).
        Up-arrow and Ctrl-R search the longer history kept in ~/.cliplab_history.

        Example: history --json
        """,
        positionals: [Positional("LAST", .optional)],
        json: true, recordsCell: false
    ) { context, args in
        var cells = context.session.cells
        if let text = args.positional(0) {
            cells = Array(cells.suffix(try ParsedArgs.int(text, name: "LAST", in: 1...Int.max)))
        }
        if args.json {
            return .json(.array(cells.map {
                .object([("cell", .int($0.number)), ("input", .string($0.source)), ("failed", .bool($0.failed))])
            }))
        }
        return Output(cells.map { String(format: "%4d  ", $0.number) + $0.source }.joined(separator: "\n"))
    }

    static let save = Command(
        name: "save", group: .session,
        summary: "Save the session as a notebook (FILE.md) or the current model as a checkpoint folder",
        help: """
        With a .md name, writes every cell run so far, with its output, in the lesson
        notebook format; `cliplab lesson run FILE` replays it and records fresh outputs.
        Any other name saves the current model as a Hugging Face CLIP folder
        (config.json + model.safetensors, and toy_vocab.json for a toy model), which
        `load FILE` reads back with the same loader as real checkpoints.

        Example: save my-session.md
                 train --steps 400 --seed 1
                 save my-toy-model
        """,
        positionals: [Positional("FILE", completion: .files)],
        options: [.force],
        recordsCell: false
    ) { context, args in
        let path = (args.positionals[0] as NSString).expandingTildeInPath
        if !path.lowercased().hasSuffix(".md") {
            return try SaveModel.save(to: path, typed: args.positionals[0], force: args.flag(.force), in: &context)
        }
        if FileManager.default.fileExists(atPath: path) && !args.flag(.force) {
            throw LabError.file(path: path, reason: "already exists — use save --force \(ShellWords.quote(args.positionals[0])) to overwrite")
        }
        let notebook = Notebook.fromCells(context.session.cells, title: "CLIPLab session")
        try NotebookIO.write(notebook, to: path)
        return Output("saved \(context.session.cells.count) cells to \(path)")
    }
}

/// `save FILE` for a model: a checkpoint folder the loader reads back.
enum SaveModel {
    static func save(to path: String, typed: String, force: Bool, in context: inout Context) throws -> Output {
        let model = try context.currentModel()
        let folder = URL(fileURLWithPath: path)
        let weights = folder.appendingPathComponent("model.safetensors").path
        if FileManager.default.fileExists(atPath: weights) && !force {
            throw LabError.file(path: path, reason: "already holds a model — use save --force \(ShellWords.quote(typed)) to overwrite")
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue {
            throw LabError.file(path: path, reason: "is a file — give a folder name for the model (or FILE.md for a notebook)")
        }
        try model.save(to: path)
        UnsavedModel.markSaved(model, in: &context)
        let files = model.isToy ? "config.json, model.safetensors, toy_vocab.json" : "config.json, model.safetensors"
        return Output("saved the \(model.displayName) model to \(path) (\(files)) — 'load \(ShellWords.quote(typed))' reads it back")
    }
}

/// The options of this file's commands, read by name (`args.value(.x)`): a misspelt one does not compile.
extension Option {
    static let force: Option = .flag("force", short: "f", help: "overwrite an existing file")
}
