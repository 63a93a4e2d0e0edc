import CLIPCore
import CLIPModel
import Foundation

/// Nothing the learner made is lost: the model a `train`, `load` or lesson set-up replaces
/// stays as `toy --previous`, and a trained toy model left unsaved at `quit` is written to
/// `STATE/last-toy` (`load toy --last`).
extension Context {
    /// Makes `model` the current model, keeping the one it replaces as the previous model.
    mutating func replaceModel(with model: CLIPPipeline) {
        if let old = session.model, old !== model { session.previousModel = old }
        session.model = model
    }

    /// The previous model, or nil.
    var previousToy: CLIPPipeline? { session.previousModel }

    /// The previous model back as the current one (the current one becomes the previous).
    mutating func restorePrevious() throws(LabError) -> CLIPPipeline {
        guard let previous = previousToy else {
            throw LabError.missing(LessonText.say(
                "no previous model yet — 'train' and 'load' keep the model they replace for 'load toy --previous'",
                "还没有上一个模型 —— train 和 load 会保留被替换的模型，供 load toy --previous 取回", self))
        }
        session.previousModel = session.model
        session.model = previous
        if previous.weights == .trained { session.trainedModel = previous }
        return previous
    }
}

/// The toy model kept on quit: `STATE/last-toy` (see `UserFolders`).
enum LastToy {
    static var path: String { UserFolders.state() + "/last-toy" }

    /// The newest trained toy model of the session that was never saved, if any.
    static func unsaved(_ context: Context) -> CLIPPipeline? {
        let saved = context.session.storage[UnsavedModel.Saved.self]
        let candidates = [context.trainedToy, context.session.storage[LessonSetup.LearnerModel.self],
                          context.session.model, context.previousToy]
        return candidates.compactMap { $0 }.first { $0.weights == .trained && $0.isToy && ObjectIdentifier($0) != saved }
    }

    /// Saves the unsaved trained toy model (if any) and says where, in one line.
    static func keep(_ context: inout Context) -> String? {
        guard let model = unsaved(context) else { return nil }
        let target = path
        do {
            try? FileManager.default.removeItem(atPath: target)
            try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
            try model.save(to: target)
        } catch {
            return UnsavedModel.warning(context)
        }
        context.session.storage[UnsavedModel.Saved.self] = ObjectIdentifier(model)
        let shown = UserFolders.tilde(target)
        return LessonText.say("kept the toy model trained here in \(shown) — 'load toy --last' brings it back next time",
                              "本次训练的玩具模型已保存在 \(shown) —— 下次用 load toy --last 取回", context)
    }

    /// The model kept on quit, loaded.
    static func load(_ context: Context) throws -> CLIPPipeline {
        guard FileManager.default.fileExists(atPath: path + "/model.safetensors") else {
            throw LabError.missing(LessonText.say(
                "no toy model was kept yet — quitting with a trained, unsaved toy model keeps it in \(UserFolders.tilde(path))",
                "还没有保存过玩具模型 —— 退出时，训练过且未保存的玩具模型会保存在 \(UserFolders.tilde(path))", context))
        }
        return try CLIPPipeline.load(path, pictureSources: [.toyWorld])
    }
}
