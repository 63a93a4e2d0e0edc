import CLIPCore
import CLIPExpressions
import CLIPViz
import Foundation

extension Command {
    static let vars = Command(
        name: "vars", group: .model,
        summary: "List the variables expression cells can use: the model's values and yours",
        help: """
        Every name bound so far, with its shape, its first numbers and the command that
        bound it ('you' for your own assignments). Commands bind what they computed —
        'loss' binds I, T, S, scale, logits and loss; 'help expressions' lists them all.
        Values are copies: assigning to a name never changes the model.

        Example: batch scenes
                 loss
                 vars
        """,
        json: true
    ) { context, args in
        let variables = context.session.variables
        if args.json {
            return .json(.array(variables.names.map { name in
                let b = variables[name]!
                return .object([("name", .string(name)), ("shape", .array(b.value.shape.map { .int($0) })),
                                ("bound_by", .string(b.origin))])
            }))
        }
        guard !variables.isEmpty else {
            return Output("nothing is bound yet — run 'batch scenes' then 'loss', or assign one: x = arange(4)")
        }
        let rows = variables.names.map { name -> [String] in
            let b = variables[name]!
            return [name, b.value.rank == 0 ? "number" : shapeText(b.value.shape), ExpressionView.preview(b.value), b.origin]
        }
        return Output(Table(headers: ["name", "shape", "values", "bound by"], rows: rows,
                            alignments: [.left, .left, .left, .left]).render(width: context.settings.width, style: context.style))
    }

    static let print = Command(
        name: "print", group: .model,
        summary: "Evaluate an expression and print it (--json for scripts)",
        help: """
        The same as typing the expression on its own line, with --json to print
        {"shape": […], "value": …} for scripts and tests. An expression that starts
        with '-' goes after '--'. 'help expressions' lists the syntax and functions.

        Example: print --json softmax(arange(3))
                 print -- -log(0.5)
        """,
        positionals: [Positional("EXPR", .oneOrMore)],
        json: true
    ) { context, args in
        try ExpressionCell.run(args.positionals.joined(separator: " "), in: &context, json: args.json)
    }
}
