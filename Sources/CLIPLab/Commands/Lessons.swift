import CLIPViz
import Foundation

extension Command {
    static let lessons = Command(
        name: "lessons", group: .lessons,
        summary: "List the lessons with your progress",
        help: "Lists the lessons in the current language ('set lang zh' for 中文) and how far you got.\n\nExample: lessons",
        json: true, recordsCell: false
    ) { context, args in
        let catalog = try LessonEngine.catalog(context)
        let all = try catalog.lessons(lang: context.settings.lang)
        let progress = LessonProgress.load(from: LessonEngine.progressPath(context))
        if args.json {
            return .json(.array(all.map { info in
                let entry = progress.lessons[info.id]
                return .object([("order", .int(info.order)), ("id", .string(info.id)), ("title", .string(info.title)),
                                ("step", .int(entry?.step ?? 0)), ("done", .bool(entry?.done ?? false))])
            }))
        }
        if all.isEmpty { return Output(LessonText.say("No lessons in", "没有课程：", context) + " \(catalog.root)/\(context.settings.lang).") }
        let titleWidth = all.map { DisplayWidth.of($0.title) }.max() ?? 0
        var lines = all.map { info -> String in
            let entry = progress.lessons[info.id]
            let finished = entry.map { $0.done || ($0.steps > 0 && $0.step + 1 >= $0.steps) } ?? false
            let mark = finished ? LessonText.say("✓ done", "✓ 已完成", context)
                : entry.map { LessonText.say("step \($0.step + 1)/\($0.steps)", "第 \($0.step + 1)/\($0.steps) 步", context) } ?? ""
            return String(format: "%3d  ", info.order) + DisplayWidth.pad(info.title, to: titleWidth) + "  " + mark
        }
        lines.append("")
        lines.append(LessonText.say("Start one with: lesson N", "开始一课：lesson N", context))
        return Output(lines.joined(separator: "\n"))
    }

    static let lesson = Command(
        name: "lesson", group: .lessons,
        summary: "Start or resume a lesson; run or check lesson notebooks",
        help: """
        'lesson N' opens lesson N (by number or id) where you left it: read the passage,
        press Enter to run the cell shown on the input line, then 'next'.

        Example: lesson 1
                 lesson run Lessons/en/03-tokens.md --out tokens-run.md
                 lesson check
        """,
        positionals: [Positional("N|ID", completion: .lessons)],
        subcommands: [.lessonRun, .lessonCheck, .lessonExport], recordsCell: false
    ) { context, args in
        try LessonEngine.start(args.positionals[0], in: &context)
    }

    static let lessonRun = Command(
        name: "run", group: .lessons,
        summary: "Execute every cell of a notebook and write it back with real outputs",
        help: "Runs the cells in a fresh session (exercises run their solution and check).\n\nExample: save my-session.md\n         lesson run my-session.md --out executed.md",
        positionals: [Positional("FILE", completion: .files)],
        options: [.out],
        recordsCell: false
    ) { context, args in
        let path = args.positionals[0]
        let notebook = try NotebookIO.read(path)
        let runner = NotebookRunner(table: context.table, cancellation: context.console.cancellation)
        let (ran, problems) = try runner.run(notebook, lessonRoot: context.lessonRoot, lang: NotebookRunner.language(ofPath: path))
        let out = args.value(.out) ?? path
        try NotebookIO.write(ran, to: out)
        let summary = "ran \(ran.cells.filter { !$0.isSkipped }.count) cells of \(path) → \(out)"
        guard problems.isEmpty else {
            throw LabError.failed("\(summary); \(problems.count) misbehaved — \(problems[0])")
        }
        return Output(summary)
    }

    static let lessonCheck = Command(
        name: "check", group: .lessons,
        summary: "Run every lesson and compare with the recorded outputs in every language",
        help: "A lesson runs once when its translations have the same cells and recorded outputs; one that differs\nruns on its own. Also checks that en/ and zh/ have the same lessons with the same number of cells.\n\nExample: lesson check Lessons",
        positionals: [Positional("DIR", .optional, completion: .files)],
        json: true, recordsCell: false
    ) { context, args in
        let catalog = try LessonCatalog.locate(args.positional(0) ?? context.lessonRoot)
        let checker = LessonChecker(runner: NotebookRunner(table: context.table, cancellation: context.console.cancellation))
        var reports: [LessonChecker.Report] = []
        var byID: [String: [LessonInfo]] = [:], order: [String] = []
        for lang in catalog.languages {
            for info in try catalog.lessons(lang: lang) {
                if byID[info.id] == nil { order.append(info.id) }
                byID[info.id, default: []].append(info)
            }
        }
        for id in order {
            for report in try checker.check(byID[id] ?? [], root: catalog.root) {
                reports.append(report)
                if !args.json { context.console.line(line(for: report)) }
            }
        }
        let parity = try LessonChecker.parityProblems(catalog)
        let failed = reports.filter { !$0.problems.isEmpty }.count
        if args.json {
            let items: [JSONValue] = reports.map { r in
                .object([("file", .string(r.file)), ("cells", .int(r.cells)), ("skipped", r.skipped.map { .string($0) } ?? .null),
                         ("shared_run", r.sharedRun.map { .string($0) } ?? .null),
                         ("problems", .array(r.problems.map { .string($0) }))])
            }
            context.console.line(JSONValue.object([("lessons", .array(items)), ("parity", .array(parity.map { .string($0) }))]).rendered())
        } else {
            for problem in parity { context.console.line("✗ \(problem)") }
        }
        if failed > 0 || !parity.isEmpty {
            throw LabError.failed("\(failed) of \(reports.count) lessons differ from their recorded outputs" +
                                  (parity.isEmpty ? "" : ", \(parity.count) en/zh mismatches"))
        }
        return args.json ? .empty : Output("all \(reports.count) lessons match their recorded outputs")
    }

    private static func line(for report: LessonChecker.Report) -> String {
        if let skipped = report.skipped { return "- \(report.file): skipped (\(skipped))" }
        let shared = report.sharedRun.map { ", the run of \($0)" } ?? ""
        if report.problems.isEmpty { return "✓ \(report.file) (\(report.cells) cells\(shared))" }
        return (["✗ \(report.file)" + (report.sharedRun.map { " (the run of \($0))" } ?? "")] + report.problems.map { "    \($0)" }).joined(separator: "\n")
    }
}

/// The options of this file's commands, read by name (`args.value(.x)`): a misspelt one does not compile.
extension Option {
    static let out: Option = .value("out", "FILE", short: "o", completion: .files, help: "write here instead of over FILE")
}
