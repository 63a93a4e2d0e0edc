/// A small recursive-descent parser for expression cells (grammar in `Node`).
///
/// Errors carry the columns they are about, so the REPL can draw a caret under the spot,
/// the way Python shows a `SyntaxError`. Lines longer than `ExpressionLimits.lineLength`
/// and nesting deeper than `ExpressionLimits.depth` are refused before any work.
///
/// Example: `try ExpressionParser.parse("li = -mean(log(diag(p)))").target == "li"`.
public struct ExpressionParser {
    enum Token: Equatable {
        case number(Float), name(String), symbol(String), end
    }

    private var tokens: [(token: Token, span: Range<Int>)] = []
    private var position = 0
    private var depth = 0

    /// Parses one cell.
    public static func parse(_ line: String) throws(ExpressionError) -> Statement {
        let count = line.count
        guard count <= ExpressionLimits.lineLength else {
            throw ExpressionError("the line is \(count) characters long; an expression may have at most \(ExpressionLimits.lineLength) — split it into assignments")
        }
        var parser = ExpressionParser()
        parser.tokens = try lex(line)
        var target: String?, targetSpan: Range<Int>?
        if case .name(let name) = parser.tokens[0].token, parser.tokens.count > 1, parser.tokens[1].token == .symbol("=") {
            target = name
            targetSpan = parser.tokens[0].span
            parser.position = 2
            if parser.peek == .end { throw ExpressionError("nothing after '=': write an expression to assign to \(name)", at: parser.tokens[1].span) }
        }
        if parser.peek == .end { throw ExpressionError("empty expression") }
        let expression = try parser.expression()
        guard parser.peek == .end else {
            let (token, span) = parser.tokens[parser.position]
            if token == .symbol("=") {
                throw ExpressionError(target == nil ? "only a name can be assigned to: write NAME = EXPR" : "one '=' per line", at: span)
            }
            if token == .symbol(")") || token == .symbol("]") { throw ExpressionError("unmatched '\(ExpressionParser.spelling(token))'", at: span) }
            throw ExpressionError("unexpected \(ExpressionParser.describe(token)) — an operator (+ - * / ** @) is missing?", at: span)
        }
        return Statement(target: target, targetSpan: targetSpan, expression: expression, source: line)
    }

    // MARK: Tokens

    static func lex(_ line: String) throws(ExpressionError) -> [(token: Token, span: Range<Int>)] {
        let chars = Array(line)
        var out: [(token: Token, span: Range<Int>)] = []
        var i = 0
        func isDigit(_ c: Character) -> Bool { c.isASCII && c.isNumber }
        func isNameStart(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c == "_") }
        while i < chars.count {
            let c = chars[i]
            if c == " " || c == "\t" { i += 1; continue }
            let start = i
            if isDigit(c) || (c == "." && i + 1 < chars.count && isDigit(chars[i + 1])) {
                while i < chars.count && (isDigit(chars[i]) || chars[i] == ".") { i += 1 }
                if i < chars.count && (chars[i] == "e" || chars[i] == "E") {
                    var j = i + 1
                    if j < chars.count && (chars[j] == "+" || chars[j] == "-") { j += 1 }
                    if j < chars.count && isDigit(chars[j]) {
                        i = j
                        while i < chars.count && isDigit(chars[i]) { i += 1 }
                    }
                }
                let text = String(chars[start..<i])
                guard let value = Float(text) else { throw ExpressionError("'\(text)' is not a number", at: start..<i) }
                guard value.isFinite else { throw ExpressionError("\(text) is too large for a 32-bit float", at: start..<i) }
                out.append((.number(value), start..<i))
                continue
            }
            if isNameStart(c) {
                while i < chars.count && (isNameStart(chars[i]) || isDigit(chars[i])) { i += 1 }
                out.append((.name(String(chars[start..<i])), start..<i))
                continue
            }
            if c == "*" && i + 1 < chars.count && chars[i + 1] == "*" {
                out.append((.symbol("**"), i..<(i + 2)))
                i += 2
                continue
            }
            if "+-*/@()[],:=.".contains(c) {
                if c == "=" && i + 1 < chars.count && chars[i + 1] == "=" {
                    throw ExpressionError("'==' is not supported: expressions compute values (lesson checks compare them)", at: i..<(i + 2))
                }
                out.append((.symbol(String(c)), i..<(i + 1)))
                i += 1
                continue
            }
            let shown = c.isASCII && !c.isWhitespace && c.asciiValue.map({ $0 >= 32 && $0 < 127 }) == true ? "'\(c)'"
                : "U+" + String(c.unicodeScalars.first!.value, radix: 16, uppercase: true)
            throw ExpressionError("unexpected character \(shown)", at: i..<(i + 1))
        }
        out.append((.end, chars.count..<(chars.count + 1)))
        return out
    }

    static func spelling(_ token: Token) -> String {
        switch token {
        case .number(let v): return v == v.rounded() && Swift.abs(v) < 1e7 ? String(Int(v)) : "\(v)"
        case .name(let n): return n
        case .symbol(let s): return s
        case .end: return ""
        }
    }

    static func describe(_ token: Token) -> String {
        switch token {
        case .number: return "number \(spelling(token))"
        case .name(let n): return "name '\(n)'"
        case .symbol(let s): return "'\(s)'"
        case .end: return "end of line"
        }
    }

    private var peek: Token { tokens[position].token }
    private var span: Range<Int> { tokens[position].span }

    private mutating func advance() -> (token: Token, span: Range<Int>) {
        defer { if position < tokens.count - 1 { position += 1 } }
        return tokens[position]
    }

    private mutating func expect(_ symbol: String, closing open: Range<Int>, what: String) throws(ExpressionError) -> Range<Int> {
        guard peek == .symbol(symbol) else {
            if peek == .end { throw ExpressionError("'\(what)' is never closed: add '\(symbol)'", at: open) }
            throw ExpressionError("expected '\(symbol)' to close '\(what)', found \(ExpressionParser.describe(peek))", at: span)
        }
        return advance().span
    }

    private mutating func enter(_ at: Range<Int>) throws(ExpressionError) {
        depth += 1
        if depth > ExpressionLimits.depth {
            throw ExpressionError("nesting is deeper than \(ExpressionLimits.depth) levels: split it into assignments", at: at)
        }
    }

    // MARK: Grammar

    mutating func expression() throws(ExpressionError) -> Node {
        try enter(span)
        defer { depth -= 1 }
        var lhs = try term()
        while case .symbol(let s) = peek, s == "+" || s == "-" {
            let opSpan = advance().span
            let rhs = try term()
            lhs = Node(.binary(BinaryOperator(rawValue: s)!, lhs, rhs), span: lhs.span.lowerBound..<rhs.span.upperBound, focus: opSpan)
        }
        return lhs
    }

    mutating func term() throws(ExpressionError) -> Node {
        var lhs = try unary()
        while case .symbol(let s) = peek, s == "*" || s == "/" || s == "@" {
            let opSpan = advance().span
            let rhs = try unary()
            lhs = Node(.binary(BinaryOperator(rawValue: s)!, lhs, rhs), span: lhs.span.lowerBound..<rhs.span.upperBound, focus: opSpan)
        }
        return lhs
    }

    mutating func unary() throws(ExpressionError) -> Node {
        if case .symbol(let s) = peek, s == "-" || s == "+" {
            let opSpan = advance().span
            try enter(opSpan)
            defer { depth -= 1 }
            let operand = try unary()
            if s == "+" { return operand }
            if case .number(let v) = operand.kind { return Node(.number(-v), span: opSpan.lowerBound..<operand.span.upperBound) }
            return Node(.negate(operand), span: opSpan.lowerBound..<operand.span.upperBound, focus: opSpan)
        }
        return try power()
    }

    mutating func power() throws(ExpressionError) -> Node {
        let base = try postfix()
        if peek == .symbol("**") {
            let opSpan = advance().span
            try enter(opSpan)
            defer { depth -= 1 }
            let exponent = try unary()
            return Node(.binary(.power, base, exponent), span: base.span.lowerBound..<exponent.span.upperBound, focus: opSpan)
        }
        return base
    }

    mutating func postfix() throws(ExpressionError) -> Node {
        var node = try atom()
        while true {
            if peek == .symbol("(") {
                let open = advance().span
                guard case .name(let name) = node.kind else {
                    throw ExpressionError("only a function name can be called, e.g. exp(x)", at: open)
                }
                try enter(open)
                let (args, keywords) = try arguments(open: open)
                depth -= 1
                let close = try expect(")", closing: open, what: "\(name)(")
                node = Node(.call(name, args, keywords), span: node.span.lowerBound..<close.upperBound, focus: node.span)
            } else if peek == .symbol("[") {
                let open = advance().span
                try enter(open)
                let items = try indices(open: open)
                depth -= 1
                let close = try expect("]", closing: open, what: "[")
                node = Node(.index(node, items), span: node.span.lowerBound..<close.upperBound, focus: open.lowerBound..<close.upperBound)
            } else if peek == .symbol(".") {
                let dot = advance().span
                guard case .name(let attribute) = peek else {
                    throw ExpressionError("expected T after '.' (x.T is the transpose)", at: span)
                }
                let attrSpan = advance().span
                guard attribute == "T" else {
                    throw ExpressionError("unknown attribute '.\(attribute)': only .T (transpose) exists; shape(x) gives the shape", at: dot.lowerBound..<attrSpan.upperBound)
                }
                node = Node(.transpose(node), span: node.span.lowerBound..<attrSpan.upperBound, focus: dot.lowerBound..<attrSpan.upperBound)
            } else {
                return node
            }
        }
    }

    mutating func atom() throws(ExpressionError) -> Node {
        let (token, at) = tokens[position]
        switch token {
        case .number(let v):
            _ = advance()
            return Node(.number(v), span: at)
        case .name(let n):
            _ = advance()
            return Node(.name(n), span: at)
        case .symbol("("):
            _ = advance()
            if peek == .symbol(")") { throw ExpressionError("empty parentheses: put an expression inside", at: at.lowerBound..<span.upperBound) }
            let inner = try expression()
            let close = try expect(")", closing: at, what: "(")
            var node = inner
            node.span = at.lowerBound..<close.upperBound
            return node
        case .end:
            throw ExpressionError("the expression ends too early: a value is missing", at: at)
        default:
            throw ExpressionError("expected a number, a name or '(', found \(ExpressionParser.describe(token))", at: at)
        }
    }

    mutating func arguments(open: Range<Int>) throws(ExpressionError) -> ([Node], [Keyword]) {
        var args: [Node] = [], keywords: [Keyword] = []
        if peek == .symbol(")") { return (args, keywords) }
        while true {
            if case .name(let key) = peek, tokens[position + 1].token == .symbol("=") {
                let keySpan = advance().span
                _ = advance()
                let value = try expression()
                if keywords.contains(where: { $0.name == key }) { throw ExpressionError("\(key)= is given twice", at: keySpan) }
                keywords.append(Keyword(name: key, value: value, span: keySpan.lowerBound..<value.span.upperBound))
            } else {
                let value = try expression()
                if let first = keywords.first {
                    throw ExpressionError("a positional argument after \(first.name)=: put keywords last", at: value.span)
                }
                args.append(value)
            }
            guard peek == .symbol(",") else { return (args, keywords) }
            _ = advance()
            if peek == .symbol(")") { return (args, keywords) }   // a trailing comma
        }
    }

    mutating func indices(open: Range<Int>) throws(ExpressionError) -> [IndexItem] {
        var items: [IndexItem] = []
        if peek == .symbol("]") { throw ExpressionError("empty index: write x[0], x[1:3] or x[:, 0]", at: open.lowerBound..<span.upperBound) }
        while true {
            let start = span.lowerBound
            var lower: Node?
            if peek != .symbol(":") { lower = try expression() }
            if peek == .symbol(":") {
                _ = advance()
                var upper: Node?
                if peek != .symbol(",") && peek != .symbol("]") { upper = try expression() }
                if peek == .symbol(":") {
                    throw ExpressionError("slice steps (x[a:b:step]) are not supported", at: span)
                }
                items.append(.slice(lower, upper, span: start..<(upper?.span.upperBound ?? start + 1)))
            } else if let lower {
                items.append(.at(lower))
            }
            guard peek == .symbol(",") else { return items }
            _ = advance()
        }
    }
}
