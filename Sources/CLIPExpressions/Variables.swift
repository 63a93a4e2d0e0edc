import CLIPCore

/// The named tensors of a session: the model's values that commands bind (`I`, `T`, `S`,
/// `logits`, …) and the learner's own assignments.
///
/// A value type whose bindings are immutable: binding stores a copy, so nothing a learner
/// writes can change the model, and a command that fails leaves the variables as they were.
public struct Variables: Sendable {
    /// One name's value and where it came from.
    public final class Binding: Sendable {
        /// Unique within a session: `grad` follows assignments by it.
        public let id: Int
        public let value: Tensor
        /// The command that bound it (`loss`, `encode image`), or nil for an assignment.
        public let command: String?
        /// For an assignment: the expression and the variables it was evaluated with.
        public let definition: Statement?
        let scope: [String: Binding]

        init(id: Int, value: Tensor, command: String?, definition: Statement?, scope: [String: Binding]) {
            self.id = id
            self.value = value
            self.command = command
            self.definition = definition
            self.scope = scope
        }

        /// `loss` or `you` (an assignment).
        public var origin: String { command ?? "you" }
    }

    private(set) var bindings: [String: Binding] = [:]
    private var nextID = 1

    public init() {}

    /// Every bound name, sorted.
    public var names: [String] { bindings.keys.sorted() }

    public var isEmpty: Bool { bindings.isEmpty }

    public subscript(_ name: String) -> Binding? { bindings[name] }

    /// Binds a copy of each value under its name, marked as bound by `command`.
    ///
    /// Example: `variables.bind(["S": cosine, "scale": Tensor(scalar: 100)], by: "matrix")`.
    public mutating func bind(_ values: [String: Tensor], by command: String) {
        for (name, value) in values.sorted(by: { $0.key < $1.key }) {
            bindings[name] = Binding(id: nextID, value: Tensor(shape: value.shape, data: value.data), command: command,
                                     definition: nil, scope: [:])
            nextID += 1
        }
    }

    /// Stores the learner's `statement.target = value`, remembering the expression for `grad`.
    mutating func assign(_ name: String, value: Tensor, statement: Statement) {
        let scope = bindings
        bindings[name] = Binding(id: nextID, value: value.detached(), command: nil, definition: statement, scope: scope)
        nextID += 1
    }

    /// Removes every name bound by `command` (a command whose values no longer exist).
    public mutating func unbind(command: String) {
        bindings = bindings.filter { $0.value.command != command }
    }

    /// Removes everything.
    public mutating func removeAll() { bindings = [:] }
}
