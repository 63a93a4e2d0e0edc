/// The rich form of something a command printed: a PNG picture, an HTML table, for front
/// ends that show them inline (the Jupyter kernel). The text form is always printed too.
///
/// `id` names a display that later forms replace in place (a live training curve).
public struct RichOutput: Sendable, Equatable {
    /// PNG file bytes.
    public var png: [UInt8]?
    /// An HTML fragment (a `<table>`).
    public var html: String?
    /// The plain-text form, shown where the rich ones are not.
    public var text: String
    /// A display to create or, with `update`, replace.
    public var id: String?
    public var update: Bool

    public init(png: [UInt8]? = nil, html: String? = nil, text: String, id: String? = nil, update: Bool = false) {
        self.png = png
        self.html = html
        self.text = text
        self.id = id
        self.update = update
    }
}
