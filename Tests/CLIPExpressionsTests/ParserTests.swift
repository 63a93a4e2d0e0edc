import Testing
@testable import CLIPExpressions

@Suite("The expression parser")
struct ParserTests {
    @Test("An assignment keeps its target and the expression after '='")
    func assignment() throws {
        let s = try ExpressionParser.parse("li = -mean(log(diag(p)))")
        #expect(s.target == "li")
        #expect(s.text(of: s.expression) == "-mean(log(diag(p)))")
    }
}
