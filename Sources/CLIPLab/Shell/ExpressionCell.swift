import CLIPCore
import CLIPExpressions
import CLIPModel
import CLIPViz
import Foundation

/// Cells that hold math instead of a command: `NAME = EXPR` assigns, a bare expression prints.
///
/// A line is a command when its first word names one (`loss`), unless an operator follows
/// (`loss - mine`); a lone unknown word stays an unknown command (`mtrix` → did you mean
/// 'matrix'?). Evaluation is CLIPExpressions'; this file decides, prints and reports.
enum ExpressionCell {
    /// Whether `line` is an expression cell rather than a command line.
    static func isExpression(_ line: String, table: CommandTable, variables: Variables) -> Bool {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        guard let first = trimmed.first else { return false }
        let second = trimmed.dropFirst().first
        if first == "(" || (first.isASCII && first.isNumber) { return true }
        if first == "-" || first == "+" { return second != "-" }          // -x, not --help
        if first == "." { return second.map { $0.isASCII && $0.isNumber } ?? false }   // .5, not ./file
        guard first.isASCII && (first.isLetter || first == "_") else { return false }
        let word = String(trimmed.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") })
        let after = trimmed.dropFirst(word.count)
        let rest = after.drop { $0 == " " || $0 == "\t" }
        // After a command's name, only an operator standing apart makes an expression: arguments
        // such as /path, @last, ./file or -x stay arguments.
        let followedByOperator: Bool = {
            guard let next = rest.first else { return false }
            if next == "=" { return !rest.hasPrefix("==") }
            if after.first == "[" || after.first == "." { return true }    // loss[0], S.T
            let op = rest.hasPrefix("**") ? "**" : String(next)
            guard ["+", "-", "*", "/", "@", "**"].contains(op) else { return false }
            let following = rest.dropFirst(op.count).first
            return following == nil || following == " " || following == "\t" || following == "("
        }()
        if table.lookup(word) != nil { return followedByOperator }
        if variables[word] != nil || ExpressionFunction.named(word) != nil { return true }
        return followedByOperator || after.first == "("
    }

    /// Evaluates one cell and returns what it prints; errors carry a caret line.
    static func run(_ line: String, in context: inout Context, json: Bool = false) throws -> Output {
        let result: ExpressionEvaluator.Result
        do {
            result = try ExpressionEvaluator.run(line, in: &context.session.variables)
        } catch {
            throw CellError(error: error, line: line)
        }
        if json { return .json(ExpressionView.json(result.value, name: result.target)) }
        let title = result.target ?? result.statement.text(of: result.statement.expression)
        return Output(ExpressionView.render(result.value, name: result.target, title: title,
                                            width: context.settings.width, style: context.style))
    }

    /// An expression error with the caret drawn under its line: the caret goes to the cell's
    /// output, the message is the one error line.
    struct CellError: Error, CustomStringConvertible {
        var error: ExpressionError
        var line: String
        var description: String { error.message }
        var caret: String { error.caret(under: line) }
    }
}

/// How expression values print: a number, a row, the labelled heatmap `matrix` draws, or a summary.
enum ExpressionView {
    static let heatmapLimit = 24

    static func number(_ v: Float) -> String {
        if v.isNaN { return "nan" }
        if v.isInfinite { return v > 0 ? "inf" : "-inf" }
        return String(format: "%.7g", Double(v))
    }

    static func short(_ v: Float) -> String {
        if !v.isFinite { return number(v) }
        return String(format: "%.4g", Double(v))
    }

    /// - Parameter title: what a heatmap is headed with (the name, or the expression typed).
    static func render(_ t: Tensor, name: String?, title: String? = nil, width: Int, style: Style) -> String {
        let head = name.map { "\($0) = " } ?? ""
        var out: String
        switch t.rank {
        case 0:
            out = head + number(t.data[0])
        case 1:
            let values = t.count <= 12 ? t.data.map(short) : t.data.prefix(8).map(short) + ["…"] + t.data.suffix(2).map(short)
            out = head + "[" + values.joined(separator: "  ") + "]" + (t.count > 4 ? "   \(shapeText(t.shape))" : "")
        case 2 where t.shape[0] <= heatmapLimit && t.shape[1] <= heatmapLimit:
            let (r, c) = (t.shape[0], t.shape[1])
            var heatmap = Heatmap(SimilarityScores.rows(t), rowLabels: (0..<r).map(String.init), columnLabels: (0..<c).map(String.init),
                                  title: "\(DisplayWidth.elide(title ?? name ?? "value", to: 48))  \(shapeText(t.shape))", format: nil, highlightDiagonal: false, best: .none,
                                  rowName: "row", columnName: "column")
            heatmap.showSummary = false
            out = heatmap.render(width: width, style: style) + "\n" + summary(t, first: false)
        default:
            out = head + summary(t)
        }
        if let note = nonFinite(t) { out += "\n" + note }
        return out
    }

    /// `[1×3×224×224]  min -1.79  mean 0.0  max 2.15  first 0.1 0.2 0.3 …`.
    static func summary(_ t: Tensor, first: Bool = true) -> String {
        let finite = t.data.filter(\.isFinite)
        let mean = finite.isEmpty ? Float.nan : Float(finite.reduce(0.0) { $0 + Double($1) } / Double(finite.count))
        let stats = "\(shapeText(t.shape))  min \(short(finite.min() ?? .nan))  mean \(short(mean))  max \(short(finite.max() ?? .nan))"
        return first ? stats + "  first " + t.data.prefix(4).map(short).joined(separator: " ") + (t.count > 4 ? " …" : "") : stats
    }

    /// A note when division by zero or a log of 0 left inf or nan in the result.
    static func nonFinite(_ t: Tensor) -> String? {
        let nan = t.data.filter(\.isNaN).count, inf = t.data.filter(\.isInfinite).count
        guard nan + inf > 0 else { return nil }
        var parts: [String] = []
        if inf > 0 { parts.append("\(inf) inf") }
        if nan > 0 { parts.append("\(nan) nan") }
        let of = t.count == 1 ? "the result is" : "\(nan + inf) of \(t.count) numbers are"
        return "note: \(of) not finite (\(parts.joined(separator: ", "))) — a division by zero, or the log or sqrt of a number ≤ 0?"
    }

    /// Three numbers for `vars`: `0.12 -0.5 0.33 …`.
    static func preview(_ t: Tensor) -> String {
        t.data.prefix(3).map(short).joined(separator: " ") + (t.count > 3 ? " …" : "")
    }

    /// `{"name": …, "shape": [...], "value": nested arrays}`; non-finite numbers as strings.
    static func json(_ t: Tensor, name: String?) -> JSONValue {
        func element(_ v: Float) -> JSONValue { v.isFinite ? .double(Double(v)) : .string(number(v)) }
        func nested(_ offset: Int, _ dims: ArraySlice<Int>) -> JSONValue {
            guard let d = dims.first else { return element(t.data[offset]) }
            let inner = dims.dropFirst().reduce(1, *)
            return .array((0..<d).map { nested(offset + $0 * inner, dims.dropFirst()) })
        }
        var fields: [(String, JSONValue)] = []
        if let name { fields.append(("name", .string(name))) }
        fields.append(("shape", .array(t.shape.map { .int($0) })))
        fields.append(("value", nested(0, t.shape[...])))
        return .object(fields)
    }
}
