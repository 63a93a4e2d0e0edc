import CLIPModel
import Foundation

/// The state a lesson describes, declared in its front matter and built when it opens, so
/// that "this model has random weights" is true whatever the learner ran before.
///
/// ```
/// model: fresh                      a fresh untrained toy model (seed 0; `fresh seed=3`)
/// model: trained seed=1 steps=800   the toy model `train --seed 1 --steps 800` makes
/// batch: scenes                     what `batch scenes` makes (any `batch` arguments)
/// ```
///
/// The learner's own model is kept: while the lesson runs it is `toy --previous`, and when
/// the lesson ends it is put back there (whatever the lesson trained in between).
/// Settings and the temperature the lesson changes are restored when it ends.
struct LessonSetup: Equatable {
    enum Model: Equatable {
        case fresh(seed: Int)
        case trained(seed: Int, steps: Int)
    }

    var model: Model?
    /// Arguments of `batch` (e.g. `["scenes"]`), or nil.
    var batch: [String]?

    /// The learner's own model: the last one made or loaded while no lesson was open.
    enum LearnerModel: SessionKey { static var defaultValue: CLIPPipeline? { nil } }
    /// Models made while a lesson was open (they are the lesson's, not the learner's).
    enum LessonModels: SessionKey { static var defaultValue: Set<ObjectIdentifier> { [] } }
    /// The model the open lesson built, and the temperature it started with.
    enum Built: SessionKey { static var defaultValue: (model: ObjectIdentifier, logScale: Float)? { nil } }

    /// Whether a model is the learner's work (anything but a fresh untrained toy).
    static func worthKeeping(_ model: CLIPPipeline) -> Bool {
        model.weights != .random || !model.isToy
    }

    /// Marks the current model as the lesson's when a lesson cell made it.
    static func noteLessonModel(in context: inout Context) {
        guard context.session.lesson != nil, let model = context.session.model,
              model !== context.session.storage[LearnerModel.self] else { return }
        context.session.storage[LessonModels.self].insert(ObjectIdentifier(model))
    }

    var isEmpty: Bool { model == nil && batch == nil }

    /// The same state as REPL commands, for a front end without the lesson engine (an exported
    /// notebook's first cell): a fresh toy is `toy:new` under the lesson's seed, a trained one `train`
    /// (left to the lesson's first cell when that cell trains it, as `apply` does).
    func commands(trainsFirst: Bool) -> [String] {
        var lines: [String] = []
        switch model {
        case .fresh(let seed): lines += ["set seed \(seed)", "load toy:new"]
        case .trained(let seed, let steps) where !trainsFirst: lines.append("train --seed \(seed) --steps \(steps) --json")
        case .trained, nil: break
        }
        if let batch { lines.append((["batch"] + batch).joined(separator: " ")) }
        return lines
    }

    /// Reads `model:` and `batch:` from the front matter.
    init(_ notebook: Notebook) throws(LabError) {
        if let text = notebook.meta("model") { model = try LessonSetup.parseModel(text) }
        if let text = notebook.meta("batch"), !text.isEmpty { batch = try ShellWords.split(text) }
    }

    init(model: Model? = nil, batch: [String]? = nil) {
        self.model = model
        self.batch = batch
    }

    static func parseModel(_ text: String) throws(LabError) -> Model {
        let words = text.split(separator: " ").map(String.init)
        var values: [String: Int] = [:]
        for word in words.dropFirst() {
            let parts = word.split(separator: "=").map(String.init)
            guard parts.count == 2, let n = Int(parts[1]), n >= 0 else {
                throw LabError.syntax("front matter 'model: \(text)': '\(word)' is not key=number (seed=1, steps=800)")
            }
            values[parts[0]] = n
        }
        switch words.first {
        case "fresh": return .fresh(seed: values["seed"] ?? 0)
        case "trained": return .trained(seed: values["seed"] ?? 0, steps: values["steps"] ?? 800)
        default: throw LabError.syntax("front matter 'model: \(text)' — write 'fresh' or 'trained seed=S steps=N'")
        }
    }

    /// Whether `cell` is the `train` that builds a declared trained model.
    static func trains(_ cell: NotebookCell?) -> Bool {
        cell?.runnableLines.first.map { $0.hasPrefix("train ") || $0 == "train" } ?? false
    }

    /// Builds the state in `context` and says what it did in one line (nil when nothing changed).
    ///
    /// The model it replaces becomes `toy --previous` and is remembered as the learner's.
    ///
    /// With `trainsFirst` (the lesson starts at a cell that trains this very model), a
    /// declared trained model is left to that cell instead of being trained twice.
    func apply(in context: inout Context, trainsFirst: Bool = false) throws -> String? {
        var said: [String] = []
        if let current = context.session.model, model != nil,
           !context.session.storage[LessonModels.self].contains(ObjectIdentifier(current)) {
            context.session.storage[LearnerModel.self] = current
        }
        if let model, model.isTrained, trainsFirst {
            said.append(LessonText.say("the lesson's first cell trains the toy model it describes",
                                       "本课的第一个命令会训练它讲的玩具模型", context))
        } else if let model {
            let built = try LessonSetup.build(model, in: &context)
            context.session.storage[LessonModels.self].insert(ObjectIdentifier(built))
            if let learner = context.session.storage[LearnerModel.self], learner !== built {
                context.session.previousModel = learner
            }
            context.session.model = built
            context.session.trainedModel = model.isTrained ? built : nil
            context.session.storage[Built.self] = (ObjectIdentifier(built), built.clip.logitScale.item)
            said.append(LessonText.say(model.english, model.chinese, context))
        }
        if let batch {
            _ = try Interpreter.execute(["batch"] + batch, in: &context)
            said.append(LessonText.say("the batch from 'batch \(batch.joined(separator: " "))'",
                                       "batch \(batch.joined(separator: " ")) 的那一批", context))
        }
        guard !said.isEmpty else { return nil }
        var line = LessonText.say("Set up for this lesson: ", "本课的起点：", context) + said.joined(separator: LessonText.say(", ", "，", context))
        if let learner = context.session.storage[LessonSetup.LearnerModel.self], learner !== context.session.model,
           LessonSetup.worthKeeping(learner) {
            line += LessonText.say(" — your own model is kept ('load toy --previous')", " —— 你自己的模型已保留（load toy --previous）", context)
        }
        return line
    }

    /// The model the declaration asks for (a trained one is trained here, quietly).
    static func build(_ model: Model, in context: inout Context) throws -> CLIPPipeline {
        switch model {
        case .fresh(let seed):
            return try ModelResolver.freshToy(seed: seed)
        case .trained(let seed, let steps):
            var probe = context
            probe.console.beginCapture()
            defer { _ = probe.console.endCapture() }
            _ = try Interpreter.execute(["train", "--steps", String(steps), "--seed", String(seed), "--json"], in: &probe)
            guard let trained = probe.session.model else { throw LabError.failed("training did not make a model") }
            return trained
        }
    }

    /// Undoes what the lesson changed: settings, the temperature of the model it built;
    /// the learner's model becomes `toy --previous` again. Returns one line, or nil.
    static func finish(settings: Settings?, in context: inout Context) -> String? {
        var said: [String] = []
        if let settings, context.session.settings != settings {
            let changed = zip(context.session.settings.entries, settings.entries).filter { $0.0.1 != $0.1.1 }.map { "\($0.1.0) \($0.1.1)" }
            context.session.settings = settings
            said.append(LessonText.say("settings back to ", "设置已恢复：", context) + changed.joined(separator: ", "))
        }
        if let built = context.session.storage[Built.self], let model = context.session.model,
           ObjectIdentifier(model) == built.model, model.clip.logitScale.item != built.logScale {
            model.clip.logitScale.data[0] = built.logScale
            said.append(LessonText.say("e^t back to ", "e^t 已恢复为 ", context) + String(format: "%.2f", model.clip.temperatureScale))
        }
        context.session.storage[Built.self] = nil
        if let learner = context.session.storage[LearnerModel.self], learner !== context.session.model {
            context.session.previousModel = learner
            if learner.weights == .trained { context.session.trainedModel = learner }
            if worthKeeping(learner) { said.append(LessonText.say("your own model is back as 'load toy --previous'", "你自己的模型可用 load toy --previous 取回", context)) }
        }
        guard !said.isEmpty else { return nil }
        return said.joined(separator: LessonText.say("; ", "；", context))
    }
}

extension LessonSetup.Model {
    var isTrained: Bool { if case .trained = self { return true } else { return false } }

    var english: String {
        switch self {
        case .fresh(let seed): "a fresh untrained toy model (seed \(seed))"
        case .trained(let seed, let steps): "a toy model trained here (\(steps) steps, seed \(seed))"
        }
    }

    var chinese: String {
        switch self {
        case .fresh(let seed): "一个全新的、未训练的玩具模型（种子 \(seed)）"
        case .trained(let seed, let steps): "一个在这里训练的玩具模型（\(steps) 步，种子 \(seed)）"
        }
    }
}
