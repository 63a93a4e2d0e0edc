/// The lesson being followed in the REPL: its steps and where the learner is.
public struct LessonState: Sendable, Equatable {
    public var info: LessonInfo
    public var steps: [LessonStep]
    /// The step shown, 0-based.
    public var step: Int
    /// Whether the learner ran something since the step was shown (unlocks `solution`).
    public var attempted: Bool
    /// Cell lines not yet run; in the REPL an empty Enter runs the first one (↑ recalls it to edit).
    public var pending: [String]
    /// The number the next cell had when the step was shown: `check` grades only cells from here on.
    public var shownAt: Int = 0
    /// The settings when the lesson opened, restored when it ends.
    public var settingsAtStart: Settings? = nil
    /// How many hint tiers of the current step were shown.
    public var hintsShown: Int = 0
    /// Wrong `check`s on the current step (after three, `check` offers the solution).
    public var wrongTries: Int = 0
    /// Whether `check` passed on the current step.
    public var solved: Bool = false
    /// Whether the current step's cell has run to its end.
    public var ran: Bool = false

    public var order: Int { info.order }
    public var current: LessonStep { steps[step] }
}

/// A passage of prose and the cell that follows it (the last step may have no cell).
public struct LessonStep: Sendable, Equatable {
    public var prose: String
    public var cell: NotebookCell?

    /// Splits a lesson into steps: each cell with the prose before it.
    public static func steps(of notebook: Notebook) -> [LessonStep] {
        var steps: [LessonStep] = []
        var prose: [String] = []
        for block in notebook.blocks {
            switch block {
            case .prose(let text): prose.append(text)
            case .cell(let cell):
                steps.append(LessonStep(prose: prose.joined(separator: "\n\n"), cell: cell))
                prose = []
            }
        }
        if !prose.isEmpty || steps.isEmpty { steps.append(LessonStep(prose: prose.joined(separator: "\n\n"), cell: nil)) }
        return steps
    }
}
