import CLIPExpressions
import CLIPModel

/// Everything the user has built up in one REPL session.
///
/// A value type: a command runs on a copy and the copy is kept only when the command
/// succeeds, so a failed `load` or a bad argument never drops the model, the batch or a
/// trained toy model. (Models are classes; commands replace them, never half-change them.)
public struct Session {
    public var settings: Settings
    /// The model commands use (`load` replaces it): a CLIP with its tokenizer and preprocessing.
    public var model: CLIPPipeline?
    /// The image–caption pairs of the matching game.
    public var batch: [BatchPair]
    /// The toy model trained in this session, kept when another model is loaded.
    public var trainedModel: CLIPPipeline?
    /// The model the last `train`, `load` or lesson set-up replaced (`load toy --previous`).
    public var previousModel: CLIPPipeline?
    /// The cells run so far (what `save` writes).
    public var cells: [CellRecord]
    /// The lesson being followed, if any.
    public var lesson: LessonState?
    /// Typed slots for state a command file owns (see `SessionKey`).
    public var storage: SessionStorage
    /// The number the next cell gets in the prompt.
    public var nextCellNumber: Int
    /// The tensors expression cells see: the model's values commands bind, and assignments.
    public var variables: Variables

    public init(settings: Settings = Settings()) {
        self.settings = settings
        self.model = nil
        self.batch = []
        self.trainedModel = nil
        self.previousModel = nil
        self.cells = []
        self.lesson = nil
        self.storage = SessionStorage()
        self.nextCellNumber = 1
        self.variables = Variables()
    }

    /// The context shown before the prompt, e.g. `toy · 4 pairs`; empty at the start.
    public var promptContext: String {
        var parts: [String] = []
        if let model { parts.append(model.displayName) }
        if !batch.isEmpty { parts.append(batch.count == 1 ? "1 pair" : "\(batch.count) pairs") }
        if let lesson { parts.append("lesson \(lesson.order)") }
        return parts.joined(separator: " · ")
    }
}

/// One image–caption pair; the image is a file path or a toy-world spec (`toy:red circle`).
public struct BatchPair: Sendable, Equatable {
    public var image: String
    public var caption: String

    public init(image: String, caption: String) {
        self.image = image
        self.caption = caption
    }
}

/// One input the user ran and what it printed.
public struct CellRecord: Sendable, Equatable {
    public var number: Int
    public var source: String
    public var output: String
    public var failed: Bool
}

/// A slot in `Session.storage`, declared next to the command that owns it.
///
/// Example: `enum LastMatrix: SessionKey { static let defaultValue: [[Float]]? = nil }`,
/// then `context.session.storage[LastMatrix.self] = m`.
public protocol SessionKey {
    associatedtype Value
    static var defaultValue: Value { get }
}

/// Typed storage for `SessionKey`s.
public struct SessionStorage {
    private var values: [ObjectIdentifier: Any] = [:]

    public init() {}

    public subscript<Key: SessionKey>(_ key: Key.Type) -> Key.Value {
        get { values[ObjectIdentifier(key)] as? Key.Value ?? Key.defaultValue }
        set { values[ObjectIdentifier(key)] = newValue }
    }
}
