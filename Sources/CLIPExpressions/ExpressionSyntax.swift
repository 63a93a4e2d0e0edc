/// The tree the parser builds: each node keeps the columns it came from, for carets.
///
/// Grammar (Python precedence; `**` binds tighter than unary minus on its left, as in NumPy):
/// ```
/// statement := NAME '=' expr | expr
/// expr      := term (('+' | '-') term)*
/// term      := unary (('*' | '/' | '@') unary)*
/// unary     := ('-' | '+') unary | power
/// power     := postfix ('**' unary)?
/// postfix   := atom ('(' arguments ')' | '[' indices ']' | '.' 'T')*
/// atom      := NUMBER | NAME | '(' expr ')'
/// ```
public struct Node: Sendable, Equatable {
    public indirect enum Kind: Sendable, Equatable {
        case number(Float)
        case name(String)
        case negate(Node)
        case binary(BinaryOperator, Node, Node)
        /// `name(positional…, keyword=value…)`.
        case call(String, [Node], [Keyword])
        case index(Node, [IndexItem])
        case transpose(Node)
    }

    public var kind: Kind
    /// Columns of the whole node.
    public var span: Range<Int>
    /// Columns of the part an error points at (the operator of a binary node, the name of a call).
    public var focus: Range<Int>

    public init(_ kind: Kind, span: Range<Int>, focus: Range<Int>? = nil) {
        self.kind = kind
        self.span = span
        self.focus = focus ?? span
    }
}

extension Node {
    /// Every variable name the expression reads (function names excluded).
    public var names: Set<String> {
        switch kind {
        case .number: return []
        case .name(let n): return [n]
        case .negate(let x), .transpose(let x): return x.names
        case .binary(_, let a, let b): return a.names.union(b.names)
        case .call(_, let args, let keywords):
            return args.reduce(into: Set<String>()) { $0.formUnion($1.names) }.union(keywords.flatMap { $0.value.names })
        case .index(let base, let items):
            var all = base.names
            for item in items {
                switch item {
                case .at(let n): all.formUnion(n.names)
                case .slice(let lo, let hi, _): all.formUnion((lo?.names ?? []).union(hi?.names ?? []))
                }
            }
            return all
        }
    }
}

public enum BinaryOperator: String, Sendable, Equatable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", power = "**", matmul = "@"
}

/// `axis=1` inside a call.
public struct Keyword: Sendable, Equatable {
    public var name: String
    public var value: Node
    public var span: Range<Int>
}

/// One entry between `[` and `]`: an index or a `start:stop` slice (either end optional).
public enum IndexItem: Sendable, Equatable {
    case at(Node)
    case slice(Node?, Node?, span: Range<Int>)
}

/// A parsed cell: `NAME = expr` assigns, a bare expression prints.
public struct Statement: Sendable, Equatable {
    public var target: String?
    public var targetSpan: Range<Int>?
    public var expression: Node
    /// The line as typed (what `grad` and errors quote).
    public var source: String

    /// The source text of `node`.
    public func text(of node: Node) -> String { Statement.slice(source, node.span) }

    static func slice(_ source: String, _ span: Range<Int>) -> String {
        let chars = Array(source)
        let lo = min(max(span.lowerBound, 0), chars.count), hi = min(max(span.upperBound, lo), chars.count)
        // Quoted in one-line messages: tabs become spaces.
        return String(chars[lo..<hi].map { $0 == "\t" ? " " : $0 })
    }
}
