/// What went wrong in an expression cell, and where: one line of message plus the columns
/// (0-based, in characters) a caret line underlines.
///
/// Example: `mean(lgo(x))` → `unknown function 'lgo' — did you mean 'log'?` at columns 5..<8,
/// shown as
/// ```
///   mean(lgo(x))
///        ^^^
/// ```
public struct ExpressionError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    /// The columns to underline, nil when the whole line is at fault.
    public var span: Range<Int>?

    public init(_ message: String, at span: Range<Int>? = nil) {
        self.message = message
        self.span = span
    }

    public var description: String { message }

    /// The line indented by `indent` spaces and a caret line under the span (empty without one).
    ///
    /// Characters wider than one column (CJK) are not measured: the caret counts characters.
    public func caret(under line: String, indent: Int = 2) -> String {
        guard let span, !line.isEmpty else { return "" }
        let pad = String(repeating: " ", count: indent)
        let chars = Array(line)
        let start = min(max(span.lowerBound, 0), chars.count)
        let width = max(1, min(span.count, max(chars.count - start, 1)))
        // Tabs stay tabs so the caret lines up with the echoed line in a terminal.
        let lead = chars[..<start].map { $0 == "\t" ? "\t" : " " }.joined()
        return pad + line + "\n" + pad + lead + String(repeating: "^", count: width)
    }
}

/// The sizes an expression may reach: a learner's typo must get an error, not exhaust memory.
public enum ExpressionLimits {
    /// Longest line accepted, in characters.
    public static let lineLength = 2_000
    /// Deepest nesting of brackets, calls and unary minus.
    public static let depth = 64
    /// Most numbers one result may hold (32 MB of Float32).
    public static let elements = 8_388_608
    /// Most multiply-adds one `@` may do.
    public static let multiplyAdds = 400_000_000
    /// Most assignments `grad` walks back through.
    public static let gradDepth = 200
}

/// `[4×512]`; a scalar is `[]`.
public func shapeText(_ shape: [Int]) -> String {
    "[" + shape.map(String.init).joined(separator: "×") + "]"
}
