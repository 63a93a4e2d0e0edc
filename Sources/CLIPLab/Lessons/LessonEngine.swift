import CLIPModel
import CLIPViz
/// The REPL side of lessons: start, move between steps, hints, checks and solutions.
enum LessonEngine {
    /// Commands that navigate rather than count as trying the cell.
    static let navigation: Set<String> = ["lessons", "lesson", "next", "back", "hint", "check", "solution",
                                          "help", "?", "history", "save", "quit", "exit", "expect"]

    static func catalog(_ context: Context) throws(LabError) -> LessonCatalog {
        try LessonCatalog.locate(context.lessonRoot)
    }

    static func progressPath(_ context: Context) -> String { context.progressPath ?? LessonProgress.defaultPath }

    /// Opens lesson `key` at the step saved in progress (or its first step), builds the
    /// state its front matter declares, and shows the step.
    static func start(_ key: String, in context: inout Context) throws(LabError) -> Output {
        let info = try catalog(context).find(key, lang: context.settings.lang)
        let notebook = try NotebookIO.read(info.path)
        let setup = try LessonSetup(notebook)
        let steps = LessonStep.steps(of: notebook)
        var said: [String] = []
        if let ended = end(in: &context) { said.append(ended) }
        let progress = LessonProgress.load(from: progressPath(context))
        var step = progress.lessons[info.id]?.step ?? 0
        if progress.lessons[info.id]?.done == true || step >= steps.count { step = 0 }
        do {
            if let line = try setup.apply(in: &context, trainsFirst: LessonSetup.trains(steps[step].cell)) { said.append(line) }
        } catch {
            throw LabError.failed(LessonText.say("could not set up the lesson: ", "无法准备本课：", context) + LabError.line(for: error))
        }
        context.session.lesson = LessonState(info: info, steps: steps, step: step, attempted: false, pending: [],
                                             settingsAtStart: context.session.settings)
        let shown = show(in: &context)
        return Output((said + [shown.text]).joined(separator: "\n"))
    }

    /// Closes the open lesson, restoring what it changed; one line saying so, or nil.
    @discardableResult
    static func end(in context: inout Context) -> String? {
        guard let lesson = context.session.lesson, lesson.settingsAtStart != nil else { return nil }
        let line = LessonSetup.finish(settings: lesson.settingsAtStart, in: &context)
        context.session.lesson?.settingsAtStart = nil
        return line
    }

    /// Moves `delta` steps (clamped) and shows the step.
    static func move(_ delta: Int, in context: inout Context) throws(LabError) -> Output {
        guard var lesson = context.session.lesson else { throw LessonText.noLesson(context) }
        let target = lesson.step + delta
        if target >= lesson.steps.count {
            saveProgress(context, done: true)
            let restored = end(in: &context).map { "\n" + $0 } ?? ""
            return Output(LessonText.say("This is the last step — 'lessons' to pick the next lesson.", "这是最后一步 —— 输入 lessons 选择下一课。", context) + restored)
        }
        if target < 0 { return Output(LessonText.say("This is the first step.", "这是第一步。", context)) }
        lesson.step = target
        context.session.lesson = lesson
        return show(in: &context)
    }

    /// Prints the current step and queues its cell for the input line.
    static func show(in context: inout Context) -> Output {
        guard var lesson = context.session.lesson else { return .empty }
        let step = lesson.current
        let zh = context.settings.lang == "zh"
        let width = max(20, context.settings.width)
        let title = "── \(zh ? "第 \(lesson.order) 课" : "Lesson \(lesson.order)") · \(lesson.info.title) · \(lesson.step + 1)/\(lesson.steps.count) "
        var lines = [title + String(repeating: "─", count: max(3, min(width, 100) - DisplayWidth.of(title)))]
        if !step.prose.isEmpty { lines.append(""); lines.append(LessonMarkdown.render(step.prose, style: context.style, width: width)) }
        lesson.attempted = false
        lesson.shownAt = context.session.nextCellNumber
        lesson.pending = []
        lesson.hintsShown = 0
        lesson.wrongTries = 0
        lesson.solved = false
        lesson.ran = false
        let isEnd = step.cell == nil && lesson.step == lesson.steps.count - 1
        if let cell = step.cell {
            let source = cell.source.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            lines.append("")
            for line in source { lines.append(ProseWrap.cut("  \(cell.isExercise ? "✎" : "▶") \(line)", width: width)) }
            if cell.isExercise {
                lines.append(zh ? "  编辑并运行上面的命令，然后输入 check · hint 提示 · solution 答案（尝试之后）"
                                : "  edit and run it, then 'check' · 'hint' · 'solution' (after a try)")
            } else {
                lines.append(zh ? "  按回车运行（↑ 可先修改）· next 下一步 · back 上一步"
                                : "  press Enter to run it (↑ to edit it first) · 'next' · 'back'")
            }
            lesson.pending = source.filter { !$0.hasPrefix("#") }
        } else {
            lines.append("")
            lines.append(zh ? "  本课结束 —— 输入 lessons 选择下一课。" : "  End of the lesson — 'lessons' to pick the next one.")
        }
        context.session.lesson = lesson
        saveProgress(context, done: isEnd)
        if isEnd, let restored = end(in: &context) { lines.append("  " + restored) }
        return Output(lines.joined(separator: "\n"))
    }

    /// The command an empty Enter runs when no cell line is waiting: `check` after a try
    /// at an unsolved exercise, `next` after a cell ran (nil: nothing).
    static func enterAction(_ lesson: LessonState) -> String? {
        guard lesson.pending.isEmpty, let cell = lesson.current.cell else { return nil }
        if cell.isExercise { return lesson.solved ? "next" : (lesson.attempted ? "check" : nil) }
        return lesson.ran ? "next" : nil
    }

    /// The line shown after a cell: what Enter does next.
    static func enterLine(_ context: Context) -> String? {
        guard let lesson = context.session.lesson else { return nil }
        if let next = lesson.pending.first { return LessonText.say("  ▶ Enter runs: \(next)", "  ▶ 回车运行：\(next)", context) }
        switch enterAction(lesson) {
        case "check"?: return LessonText.say("  ▶ Enter checks your answer · 'hint' for a hint", "  ▶ 回车检查答案 · hint 提示", context)
        case "next"?:
            return lesson.step + 1 < lesson.steps.count
                ? LessonText.say("  ▶ Enter goes to the next step · 'back' for the one before", "  ▶ 回车进入下一步 · back 回到上一步", context)
                : LessonText.say("  ▶ Enter ends the lesson", "  ▶ 回车结束本课", context)
        default: return nil
        }
    }

    /// After each input: the learner tried the cell; the next queued line comes up.
    static func afterInput(_ words: [String], failed: Bool, in context: inout Context) {
        guard var lesson = context.session.lesson, let name = words.first, !navigation.contains(name) else { return }
        LessonSetup.noteLessonModel(in: &context)
        lesson.attempted = true
        if !lesson.pending.isEmpty { lesson.pending.removeFirst() }
        if lesson.pending.isEmpty && !failed { lesson.ran = true }
        context.session.lesson = lesson
        // Running the last step's cell finishes the lesson.
        if lesson.ran, lesson.step == lesson.steps.count - 1, lesson.current.cell?.isExercise != true {
            saveProgress(context, done: true)
        }
    }

    static func saveProgress(_ context: Context, done: Bool = false, solvedStep: Int? = nil) {
        guard let lesson = context.session.lesson else { return }
        let path = progressPath(context)
        var progress = LessonProgress.load(from: path)
        var entry = progress.lessons[lesson.info.id] ?? LessonProgress.Entry(step: 0, steps: 0, solved: [], done: false)
        entry.step = lesson.step
        entry.steps = lesson.steps.count
        entry.done = entry.done || done
        if let solvedStep, !entry.solved.contains(solvedStep) { entry.solved.append(solvedStep); entry.solved.sort() }
        progress.lessons[lesson.info.id] = entry
        progress.current = lesson.info.id
        progress.save(to: path)
    }

    /// The open lesson's current cell, or an error saying what to do.
    static func currentCell(_ context: Context) throws(LabError) -> (LessonState, NotebookCell) {
        guard let lesson = context.session.lesson else { throw LessonText.noLesson(context) }
        guard let cell = lesson.current.cell else { throw LessonText.noCell(context) }
        return (lesson, cell)
    }
}
