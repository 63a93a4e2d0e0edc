import Testing
@testable import CLIPExpressions

/// The parser: precedence as in Python/NumPy, and errors with the columns they are about.
@Suite("The expression parser")
struct ParserTests {
    @Test("An assignment keeps its target and the expression after '='")
    func assignment() throws {
        let s = try ExpressionParser.parse("li = -mean(log(diag(p)))")
        #expect(s.target == "li")
        #expect(s.text(of: s.expression) == "-mean(log(diag(p)))")
    }

    @Test("Precedence: ** binds tighter than unary minus, @ and * share a level, left to right", arguments: [
        ("-2 ** 2", Float(-4)), ("2 ** -1", 0.5), ("2 ** 3 ** 2", 512), ("1 - 2 - 3", -4), ("8 / 4 / 2", 1),
        ("2 + 3 * 4", 14), ("(2 + 3) * 4", 20), ("-(-3)", 3), ("+5", 5), ("1e2 + .5", 100.5),
    ])
    func precedence(line: String, value: Float) throws {
        var vars = Variables()
        #expect(try ExpressionEvaluator.run(line, in: &vars).value.data == [value])
    }

    @Test("Syntax errors say what is wrong and point at it", arguments: [
        ("mean(x", "'mean(' is never closed: add ')'", 4..<5),
        ("x = ", "nothing after '=': write an expression to assign to x", 2..<3),
        ("1 +", "the expression ends too early: a value is missing", 3..<4),
        ("2 3", "unexpected number 3 — an operator (+ - * / ** @) is missing?", 2..<3),
        ("x.shape", "unknown attribute '.shape': only .T (transpose) exists; shape(x) gives the shape", 1..<7),
        ("a == b", "'==' is not supported: expressions compute values (lesson checks compare them)", 2..<4),
        ("x[1:2:3]", "slice steps (x[a:b:step]) are not supported", 5..<6),
        ("1 + $", "unexpected character '$'", 4..<5),
        ("(1))", "unmatched ')'", 3..<4),
        ("f(axis=1, 2)", "a positional argument after axis=: put keywords last", 10..<11),
        ("()", "empty parentheses: put an expression inside", 0..<2),
        ("x[]", "empty index: write x[0], x[1:3] or x[:, 0]", 1..<3),
        ("1e99", "1e99 is too large for a 32-bit float", 0..<4),
    ])
    func syntaxErrors(line: String, message: String, span: Range<Int>) {
        #expect(throws: ExpressionError(message, at: span)) { try ExpressionParser.parse(line) }
    }

    @Test("The caret line sits under the span")
    func caret() {
        let error = ExpressionError("unknown function 'lgo'", at: 5..<8)
        #expect(error.caret(under: "mean(lgo(x))") == "  mean(lgo(x))\n       ^^^")
    }

    @Test("A 10,000-character line and deep nesting get a size error, not a crash")
    func limits() {
        let long = String(repeating: "1+", count: 5_000) + "1"
        #expect(throws: ExpressionError("the line is 10001 characters long; an expression may have at most 2000 — split it into assignments")) {
            try ExpressionParser.parse(long)
        }
        let deep = String(repeating: "(", count: 500) + "1" + String(repeating: ")", count: 500)
        #expect(throws: ExpressionError.self) { try ExpressionParser.parse(deep) }
        do { _ = try ExpressionParser.parse(deep) } catch { #expect(error.message == "nesting is deeper than 64 levels: split it into assignments") }
        let minus = String(repeating: "-", count: 1_000) + "1"
        #expect(throws: ExpressionError.self) { try ExpressionParser.parse(minus) }
        let power = String(repeating: "2**", count: 500) + "1"
        #expect(throws: ExpressionError.self) { try ExpressionParser.parse(power) }
    }
}
