/// The lesson engine's own sentences in the session's language (`set lang zh`).
///
/// Lesson files carry their own prose in `Lessons/en` and `Lessons/zh`; these are the few
/// lines the engine adds around them (steps, hints, checks, solutions).
enum LessonText {
    /// `en` or, in 中文 mode, `zh`.
    static func say(_ en: String, _ zh: String, _ context: Context) -> String {
        context.settings.lang == "zh" ? zh : en
    }

    static func noLesson(_ context: Context) -> LabError {
        .missing(say("no lesson open — start one with 'lesson 1' ('lessons' lists them)",
                     "还没有打开课程 —— 用 lesson 1 开始（lessons 列出全部课程）", context))
    }

    static func noCell(_ context: Context) -> LabError {
        .missing(say("this step has no cell — 'next' or 'back'", "这一步没有命令 —— 输入 next 或 back", context))
    }
}
