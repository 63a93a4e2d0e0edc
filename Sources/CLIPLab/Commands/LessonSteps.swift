extension Command {
    static let next = Command(
        name: "next", aliases: ["n"], group: .lessons,
        summary: "Go to the next step of the lesson",
        help: "Shows the next passage and puts its cell on the input line.\n\nExample: next",
        recordsCell: false
    ) { context, _ in try LessonEngine.move(1, in: &context) }

    static let back = Command(
        name: "back", aliases: ["b"], group: .lessons,
        summary: "Go back one step",
        help: "Shows the previous passage and its cell again.\n\nExample: back",
        recordsCell: false
    ) { context, _ in try LessonEngine.move(-1, in: &context) }

    static let hint = Command(
        name: "hint", group: .lessons,
        summary: "A hint for the current cell",
        help: "Prints the hint the lesson gives for this step, if it has one.\n\nExample: hint",
        recordsCell: false
    ) { context, _ in
        let (_, cell) = try LessonEngine.currentCell(context)
        guard let hint = cell.hint else { return Output("No hint for this step — run the cell and read its output.") }
        return Output("hint: " + hint)
    }

    static let check = Command(
        name: "check", group: .lessons,
        summary: "Check your answer to the current exercise",
        help: "Runs the exercise's checks against what you did last (your session is not changed).\n\nExample: check",
        recordsCell: false
    ) { context, _ in
        let (lesson, cell) = try LessonEngine.currentCell(context)
        guard cell.isExercise, let checks = cell.check else { return Output("Nothing to check here — 'next' to go on.") }
        var probe = context
        for line in checks where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            do {
                _ = try Interpreter.execute(try ShellWords.split(line), in: &probe)
            } catch {
                throw LabError.failed("not yet: \(LabError.line(for: error)) — try 'hint'")
            }
        }
        LessonEngine.saveProgress(context, solvedStep: lesson.step)
        return Output("✓ solved — 'next' to go on")
    }

    static let solution = Command(
        name: "solution", group: .lessons,
        summary: "Show the solution of the current exercise (after a try)",
        help: "After you ran the cell at least once, prints a solution and puts it on the input line.\n\nExample: solution",
        recordsCell: false
    ) { context, _ in
        let (lesson, cell) = try LessonEngine.currentCell(context)
        guard let solution = cell.solution else { return Output("This step has no solution to show.") }
        guard lesson.attempted else { throw LabError.missing("try the cell first — then 'solution' shows one answer") }
        context.session.lesson?.pending = solution
        return Output((["A solution:"] + solution.map { "  ▶ \($0)" }).joined(separator: "\n"))
    }
}
