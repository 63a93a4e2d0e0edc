import Foundation

/// `lesson check`: runs every lesson and compares with the recorded outputs in every language.
///
/// The languages of one lesson run the same cells (a test enforces it) and their commands print
/// the same text, so a lesson runs once: a translation whose cells and recorded outputs equal
/// the first language's (as `OutputComparison` compares them) is checked against that run. A
/// translation that differs anywhere (a localised output, a stale recording) runs on its own.
struct LessonChecker {
    struct Report: Sendable {
        var file: String
        var cells: Int
        var problems: [String]
        var skipped: String?
        /// The file whose run this report shares (`en/03-tokens.md`), when it did not run itself.
        var sharedRun: String?
    }

    var runner: NotebookRunner

    /// Whether a lesson's `needs` are met on this machine (`weights`: `CLIPLAB_MODEL_DIR` is set).
    static func unmetNeed(_ needs: [String]) -> String? {
        let env = ProcessInfo.processInfo.environment
        return needs.first { need in
            switch need {
            case "weights", "full-model": return env["CLIPLAB_MODEL_DIR"] == nil
            default: return false
            }
        }
    }

    /// Checks one lesson in each of its languages (`infos`, the first language first).
    func check(_ infos: [LessonInfo], root: String) throws(LabError) -> [Report] {
        guard let first = infos.first else { return [] }
        let base = try check(first, root: root)
        var reports = [base]
        let baseNotebook = try NotebookIO.read(first.path)
        for info in infos.dropFirst() {
            let notebook = try NotebookIO.read(info.path)
            if base.skipped == nil, info.needs == first.needs, LessonChecker.sameRun(notebook, baseNotebook) {
                reports.append(Report(file: String(info.path.dropFirst(root.count + 1)), cells: notebook.cells.count,
                                      problems: base.problems, skipped: nil, sharedRun: base.file))
            } else {
                reports.append(try check(info, root: root))
            }
        }
        return reports
    }

    /// Whether one run checks both notebooks: the same state to start from, the same cells, and
    /// recorded outputs that compare equal (so comparing a run with either says the same).
    static func sameRun(_ a: Notebook, _ b: Notebook) -> Bool {
        guard (try? LessonSetup(a)) == (try? LessonSetup(b)), a.cells.count == b.cells.count else { return false }
        for (x, y) in zip(a.cells, b.cells) {
            guard x.source == y.source, x.options == y.options, x.solution == y.solution, x.check == y.check else { return false }
            if x.isSkipped { continue }
            guard let recorded = x.output, let other = y.output,
                  OutputComparison.difference(expected: recorded, actual: other, masking: x.masking) == nil else { return false }
        }
        return true
    }

    /// Checks one lesson file: every cell behaves and prints what the file recorded.
    func check(_ info: LessonInfo, root: String) throws(LabError) -> Report {
        let notebook = try NotebookIO.read(info.path)
        let name = String(info.path.dropFirst(root.count + 1))
        if let need = LessonChecker.unmetNeed(info.needs) {
            return Report(file: name, cells: notebook.cells.count, problems: [], skipped: "needs \(need)")
        }
        let (ran, problems) = try runner.run(notebook, lessonRoot: root, lang: info.lang)
        var messages = problems.map(\.description)
        for (index, (old, new)) in zip(notebook.cells, ran.cells).enumerated() where !old.isSkipped {
            guard let recorded = old.output else {
                messages.append("cell \(index + 1): no recorded output — run 'cliplab lesson run \(info.path)'")
                continue
            }
            if let diff = OutputComparison.difference(expected: recorded, actual: new.output ?? "", masking: old.masking) {
                messages.append("cell \(index + 1): \(diff)")
            }
        }
        return Report(file: name, cells: notebook.cells.count, problems: messages, skipped: nil)
    }

    /// Lessons present in one language and not the other, or with a different number of cells.
    static func parityProblems(_ catalog: LessonCatalog) throws(LabError) -> [String] {
        let languages = catalog.languages
        guard languages.count > 1 else { return [] }
        var byLang: [String: [String: Int]] = [:]
        for lang in languages {
            for info in try catalog.lessons(lang: lang) {
                byLang[lang, default: [:]][info.id] = try NotebookIO.read(info.path).cells.count
            }
        }
        var problems: [String] = []
        let base = languages[0]
        for other in languages.dropFirst() {
            let a = byLang[base] ?? [:], b = byLang[other] ?? [:]
            for id in Set(a.keys).union(b.keys).sorted() {
                switch (a[id], b[id]) {
                case (nil, _): problems.append("lesson '\(id)' is in \(other)/ but not in \(base)/")
                case (_, nil): problems.append("lesson '\(id)' is in \(base)/ but not in \(other)/")
                case let (x?, y?) where x != y: problems.append("lesson '\(id)' has \(x) cells in \(base)/ but \(y) in \(other)/")
                default: break
                }
            }
        }
        return problems
    }
}
