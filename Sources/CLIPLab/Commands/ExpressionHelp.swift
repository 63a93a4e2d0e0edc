import CLIPExpressions

/// `help expressions`: the syntax, every function with an example, and the bound names.
enum ExpressionHelp {
    static var text: String {
        var lines = [
            "Expression cells: NumPy-like math over the model's values and your own.",
            "",
            "  NAME = EXPR        assigns (the value prints); a bare EXPR prints its value",
            "  numbers, names, ( ), + - * / (element-wise, NumPy broadcasting), ** (a number as exponent)",
            "  -x, A @ B (matrix product), x.T (transpose)",
            "  x[0], x[-1], x[:, 1], x[1:3], x[0, 2]     indices count from 0; negative ones from the end",
            "  f(x, axis=1)       axis=0 runs down the columns, axis=1 along each row; keepdims=True keeps it",
            "",
            "A line whose first word is a command runs the command, unless an operator follows",
            "(loss - mine); 'print EXPR' always evaluates, 'print --json EXPR' prints JSON.",
            "Values are copies: assigning never changes the model. 'vars' lists every name.",
            "",
            "Functions:",
        ]
        let width = ExpressionFunction.all.map(\.usage.count).max() ?? 0
        for f in ExpressionFunction.all {
            lines.append("  " + f.usage.padding(toLength: width + 2, withPad: " ", startingAt: 0) + f.summary)
            lines.append("  " + String(repeating: " ", count: width + 2) + "e.g. " + f.example)
        }
        lines += ["", "Bound by commands (and replaced each time the command runs):"]
        let nameWidth = BoundNames.table.map(\.names.count).max() ?? 0
        let shapeWidth = BoundNames.table.map(\.shape.count).max() ?? 0
        for row in BoundNames.table {
            lines.append("  " + row.names.padding(toLength: nameWidth + 2, withPad: " ", startingAt: 0)
                         + row.shape.padding(toLength: shapeWidth + 2, withPad: " ", startingAt: 0)
                         + row.meaning + " (" + row.command + ")")
        }
        lines += ["",
                  "Example: batch scenes",
                  "         loss",
                  "         li = -mean(log(diag(softmax(logits, axis=1))))",
                  "         lt = -mean(log(diag(softmax(logits, axis=0))))",
                  "         (li + lt) / 2",
                  "         grad(li, logits)"]
        return lines.joined(separator: "\n")
    }
}
