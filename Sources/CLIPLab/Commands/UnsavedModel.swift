/// Keeps `quit` from silently dropping a toy model trained in the session.
///
/// `save DIR` marks the trained model as kept; the first `quit` in the REPL with an unsaved
/// trained model says how to keep it and waits for a second `quit`.
enum UnsavedModel {
    /// The trained model last saved with `save DIR`.
    enum Saved: SessionKey { static let defaultValue: ObjectIdentifier? = nil }
    /// Whether `quit` has already warned once.
    enum Warned: SessionKey { static let defaultValue = false }

    static func markSaved(_ model: LoadedModel, in context: inout Context) {
        if let trained = context.trainedToy, trained === model {
            context.session.storage[Saved.self] = ObjectIdentifier(model)
        }
    }

    /// The warning for `quit`, or nil when nothing trained would be lost.
    static func warning(_ context: Context) -> String? {
        guard let trained = context.trainedToy, context.session.storage[Saved.self] != ObjectIdentifier(trained) else { return nil }
        return LessonText.say(
            "the toy model you trained is not saved — 'save my-toy' keeps it ('load my-toy' brings it back)",
            "你训练的玩具模型还没有保存 —— 用 save my-toy 保存（以后 load my-toy 取回）", context)
    }
}
