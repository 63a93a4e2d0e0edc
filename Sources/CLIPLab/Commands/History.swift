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
        summary: "Write the session so far as a Markdown notebook",
        help: """
        Writes every cell run so far, with its output, in the lesson notebook format.
        `cliplab lesson run FILE` replays it and records fresh outputs.

        Example: save my-session.md
        """,
        positionals: [Positional("NOTEBOOK.md", completion: .files)],
        options: [.flag("force", short: "f", help: "overwrite an existing file")],
        recordsCell: false
    ) { context, args in
        let path = (args.positionals[0] as NSString).expandingTildeInPath
        if FileManager.default.fileExists(atPath: path) && !args.flag("force") {
            throw LabError.file(path: path, reason: "already exists — use save --force \(ShellWords.quote(args.positionals[0])) to overwrite")
        }
        let notebook = Notebook.fromCells(context.session.cells, title: "CLIPLab session")
        try NotebookIO.write(notebook, to: path)
        return Output("saved \(context.session.cells.count) cells to \(path)")
    }
}
