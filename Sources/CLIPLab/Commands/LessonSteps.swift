extension Command {
    static let next = Command(
        name: "next", aliases: ["n"], group: .lessons,
        summary: "Go to the next step of the lesson",
        help: "Shows the next passage and puts its cell on the input line.\n\nExample: lesson 1\n         next",
        recordsCell: false
    ) { context, _ in try LessonEngine.move(1, in: &context) }

    static let back = Command(
        name: "back", aliases: ["b"], group: .lessons,
        summary: "Go back one step",
        help: "Shows the previous passage and its cell again.\n\nExample: lesson 1\n         back",
        recordsCell: false
    ) { context, _ in try LessonEngine.move(-1, in: &context) }

    static let hint = Command(
        name: "hint", group: .lessons,
        summary: "A hint for the current cell (again for the next one)",
        help: "Prints the first hint the lesson gives for this step; 'hint' again shows the next, more direct one. Hints never give the answer.\n\nExample: lesson 1\n         hint",
        recordsCell: false
    ) { context, _ in
        let (lesson, cell) = try LessonEngine.currentCell(context)
        let tiers = cell.hintTiers
        guard !tiers.isEmpty else {
            return Output(LessonText.say("No hint for this step — run the cell and read its output.", "这一步没有提示 —— 运行命令，读一读输出。", context))
        }
        let tier = min(lesson.hintsShown + 1, tiers.count)
        context.session.lesson?.hintsShown = tier
        let label = tiers.count == 1 ? LessonText.say("hint: ", "提示：", context)
            : LessonText.say("hint \(tier)/\(tiers.count): ", "提示 \(tier)/\(tiers.count)：", context)
        var text = label + tiers[tier - 1]
        if tier < tiers.count {
            text += LessonText.say("  ('hint' again for a more direct one)", "（再输入 hint 看更直接的一条）", context)
        } else if lesson.hintsShown == tiers.count {
            text += LessonText.say("  (that was the last hint — after a try, 'solution' shows one answer)",
                                   "（这是最后一条提示 —— 试过之后，solution 会给出一个答案）", context)
        }
        return Output(text)
    }

    static let check = Command(
        name: "check", group: .lessons,
        summary: "Check your answer to the current exercise",
        help: "Grades what you ran since the exercise appeared: it must keep every word of the exercise but the ___ blanks, and pass the exercise's checks (your session is not changed). A wrong try is told what kind of wrong it is, never the answer.\n\nExample: lesson 1\n         check",
        recordsCell: false
    ) { context, _ in
        let (lesson, cell) = try LessonEngine.currentCell(context)
        guard cell.isExercise, let checks = cell.check else {
            return Output(LessonText.say("Nothing to check here — 'next' to go on.", "这里没有要检查的 —— 输入 next 继续。", context))
        }
        let zh = context.settings.lang == "zh"
        func notYet(_ reason: String) -> Output {
            context.session.lesson?.wrongTries += 1
            return Output(CheckFeedback.line(reason, tries: context.session.lesson?.wrongTries ?? 1, zh: zh))
        }
        // Only what ran since the exercise appeared counts, and it must fit the exercise.
        let attempts = context.session.cells.filter { record in
            let name = (try? ShellWords.split(record.source))?.first ?? ""
            return record.number >= lesson.shownAt && !record.failed && !LessonEngine.navigation.contains(name)
        }
        guard !attempts.isEmpty else {
            return Output(CheckFeedback.line(LessonText.say("run the exercise first — fill in the ___ and press Enter",
                                                            "先运行练习 —— 填好 ___ 再按回车", context), tries: 0, zh: zh))
        }
        if let missing = ExerciseTemplate.unmatched(cell.source, attempts: attempts.map(\.source), zh: zh) {
            return notYet(missing)
        }
        var probe = context
        probe.console.beginCapture()
        defer { _ = probe.console.endCapture() }
        for line in checks where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            do {
                _ = try Interpreter.execute(try ShellWords.split(line), in: &probe)
            } catch {
                return notYet(CheckFeedback(error: error).sentence(zh: zh))
            }
        }
        context.session.lesson?.solved = true
        LessonEngine.saveProgress(context, done: lesson.step == lesson.steps.count - 1, solvedStep: lesson.step)
        return Output(LessonText.say("✓ solved — press Enter or 'next' to go on", "✓ 完成 —— 按回车或输入 next 继续", context))
    }

    static let solution = Command(
        name: "solution", group: .lessons,
        summary: "Show the solution of the current exercise (after a try)",
        help: "After you ran the cell at least once, prints a solution and puts it on the input line.\n\nExample: lesson 1\n         solution",
        recordsCell: false
    ) { context, _ in
        let (lesson, cell) = try LessonEngine.currentCell(context)
        guard let solution = cell.solution else {
            return Output(LessonText.say("This step has no solution to show.", "这一步没有参考答案。", context))
        }
        guard lesson.attempted else {
            throw LabError.missing(LessonText.say("try the cell first — then 'solution' shows one answer",
                                                  "先自己试一次 —— 然后 solution 会给出一个答案", context))
        }
        context.session.lesson?.pending = solution
        return Output(([LessonText.say("A solution:", "参考答案：", context)] + solution.map { "  ▶ \($0)" }).joined(separator: "\n"))
    }
}
