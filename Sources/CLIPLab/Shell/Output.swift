/// What a command hands back: text for the terminal or JSON for scripts.
///
/// Long-running commands may also write progress through `Context.console` while they
/// run; the returned output comes last.
public struct Output: Sendable, Equatable {
    public var text: String

    public init(_ text: String) { self.text = text }

    /// Nothing more to print.
    public static let empty = Output("")

    /// The value as one line of JSON.
    public static func json(_ value: JSONValue) -> Output { Output(value.rendered()) }
}
