import CLIPData

extension Completer {
    /// The completer a front end offers for `context`: its table, the lessons of the current
    /// language, toy-world words (what the REPL's Tab and the Jupyter kernel complete).
    public static func forSession(_ context: Context) -> Completer {
        let lang = context.session.settings.lang
        let names = (try? LessonEngine.catalog(context).lessons(lang: lang))
            .map { $0.flatMap { [$0.id, String($0.order)] } } ?? []
        var completer = Completer(table: context.table, lessonNames: names, toyWords: ToySpec.completions)
        completer.variables = context.session.variables.names
        return completer
    }
}
