import CLIPCore
import CLIPExpressions
import Testing
@testable import CLIPLab

/// Which lines are expression cells: a command keeps its arguments (paths, @last, options),
/// math is math.
@Suite("Telling expression cells from commands")
struct ExpressionCellTests {
    static var variables: Variables {
        var vars = Variables()
        vars.bind(["S": Tensor(scalar: 1), "logits": Tensor(scalar: 2)], by: "loss")
        return vars
    }

    @Test("Commands with their arguments stay commands", arguments: [
        "save /tmp/session.md", "show Examples/images/cat.jpg --width 20", "expect @last seed == 9", "load ./models/toy",
        "loss", "matrix --probs", "--help", "./script", "mtrix", "tokenise a cat", "batch add toy:cat a cat",
        "set width 80", "?", "help expressions", "print --json S", "loss /2", "train --steps 5",
    ])
    func commands(line: String) {
        #expect(!ExpressionCell.isExpression(line, table: .standard, variables: Self.variables))
    }

    @Test("Math is an expression cell", arguments: [
        "S", "logits", "S - 1", "x = 3", "li = -mean(log(diag(softmax(logits, axis=1))))", "(1 + 2) / 3", "-S", "2 ** 3", ".5 * S",
        "loss - S", "loss * 2", "loss ** 2", "loss = S", "loss[0]", "S.T", "exp(S)", "softmax(logits, axis=0)", "mtrix(1)", "unknown = 1",
    ])
    func expressions(line: String) {
        #expect(ExpressionCell.isExpression(line, table: .standard, variables: Self.variables))
    }

    @Test("Tab completes functions and bound variables inside an expression")
    func completion() {
        var completer = Completer(table: .standard, directory: "/nonexistent")
        completer.variables = ["logits", "loss", "li"]
        #expect(completer.complete("li = softmax(lo") == ["softmax(log", "softmax(log_softmax", "softmax(logits", "softmax(logsumexp", "softmax(loss"])
        #expect(completer.complete("li = -mean(log_s") == ["-mean(log_softmax"])
        #expect(completer.complete("lo").contains("logits") && completer.complete("lo").contains("load") && completer.complete("lo").contains("log"))
        #expect(completer.complete("print so") == ["softmax"])
    }
}
