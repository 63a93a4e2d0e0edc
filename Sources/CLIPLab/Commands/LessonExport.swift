import Foundation

extension Command {
    static let lessonExport = Command(
        name: "export", group: .lessons,
        summary: "Write lessons as Jupyter notebooks (.ipynb) for the CLIPLab kernel",
        help: """
        Writes lesson N (or all of them), in English and 中文, as nbformat-4 notebooks into DIR:
        DIR/en/03-tokens.ipynb, DIR/zh/03-tokens.ipynb. Prose becomes markdown, cells become
        code cells with their recorded output; exercises keep their blanks, with hints and the
        solution folded. Open them with the CLIPLab kernel ('cliplab kernel install --user').

        Example: lesson export all --ipynb notebooks
                 lesson export 1 --ipynb notebooks
        """,
        positionals: [Positional("N|ID|all", completion: .lessons)],
        options: [.ipynb],
        recordsCell: false
    ) { context, args in
        let given = try args.required(.ipynb), dir = (given as NSString).expandingTildeInPath
        let catalog = try LessonEngine.catalog(context)
        let key = args.positionals[0]
        var written = 0
        for lang in catalog.languages {
            let chosen = try key == "all" ? catalog.lessons(lang: lang) : [catalog.find(key, lang: lang)]
            for info in chosen {
                try context.console.cancellation.check()
                let notebook = try NotebookIO.read(info.path)
                let name = URL(fileURLWithPath: info.path).deletingPathExtension().lastPathComponent + ".ipynb"
                let folder = dir + "/" + lang
                let data = try NotebookIPYNB.render(notebook, lang: lang)
                do {
                    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                    try data.write(to: URL(fileURLWithPath: folder + "/" + name))
                } catch {
                    throw LabError.file(path: folder + "/" + name, reason: "cannot write it (\(error.localizedDescription))")
                }
                written += 1
            }
        }
        return Output("wrote \(written) notebook\(written == 1 ? "" : "s") to \(given)")
    }
}

extension Option {
    static let ipynb: Option = .value("ipynb", "DIR", required: true, completion: .files, help: "the folder for the .ipynb files")
}
