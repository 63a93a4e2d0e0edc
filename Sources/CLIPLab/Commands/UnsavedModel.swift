import CLIPModel

/// Keeps `quit` from silently dropping a toy model trained in the session.
///
/// `save DIR` marks the trained model as kept; `quit` with an unsaved trained model says
/// that it is lost and how to keep one next time.
enum UnsavedModel {
    /// The trained model last saved with `save DIR`.
    enum Saved: SessionKey { static let defaultValue: ObjectIdentifier? = nil }

    static func markSaved(_ model: CLIPPipeline, in context: inout Context) {
        if let trained = context.trainedToy, trained === model {
            context.session.storage[Saved.self] = ObjectIdentifier(model)
        }
    }

    /// The warning for `quit`, or nil when nothing trained would be lost.
    static func warning(_ context: Context) -> String? {
        guard let trained = context.trainedToy, context.session.storage[Saved.self] != ObjectIdentifier(trained) else { return nil }
        return LessonText.say(
            "note: the toy model trained in this session was not saved — before quitting, 'save my-toy' keeps it and 'load my-toy' brings it back",
            "注意：本次训练的玩具模型没有保存 —— 退出前用 save my-toy 保存，以后用 load my-toy 取回", context)
    }
}
