import CLIPCore
import CLIPExpressions
import Foundation

extension Command {
    static let grade = Command(
        name: "grade", group: .lessons,
        summary: "Compare a variable you assigned with the model's value (lesson checks)",
        help: """
        Evaluates ANSWER over the model's values and compares your variable NAME with it,
        within --tolerance (default 1e-4, absolute and relative). When they differ it says
        how — the shape, a flipped sign, rows and columns swapped, a probability where a
        loss belongs, a factor off, or one of the exercise's named mistakes given with
        --not "DESCRIPTION: EXPR" — and never prints the expected value. Nothing changes.

        Example: batch scenes
                 loss
                 li = -mean(log(diag(softmax(logits, axis=1))))
                 grade li --tolerance 1e-5 --not "the text→image half: 0 - mean(log(diag(softmax(logits, axis=0))))" -- "-mean(diag(log_softmax(logits, axis=1)))"
        """,
        positionals: [Positional("NAME"), Positional("ANSWER", .oneOrMore)],
        options: [.tolerance, .mistake],
        recordsCell: false
    ) { context, args in
        let name = args.positionals[0]
        let answerText = args.positionals.dropFirst().joined(separator: " ")
        let tolerance = try args.number(.tolerance, default: 1e-4)
        let variables = context.session.variables
        guard let mine = variables[name] else {
            throw LabError.failed("assign \(name) first: \(name) = …")
        }
        let answer = try expected(answerText, variables)
        var mistakes: [(String, Tensor)] = []
        for spec in args.values(.mistake) {
            guard let colon = spec.firstIndex(of: ":") else {
                throw LabError.invalidValue(name: "--not", value: spec, expected: "DESCRIPTION: EXPR")
            }
            mistakes.append((spec[..<colon].trimmingCharacters(in: .whitespaces),
                             try expected(String(spec[spec.index(after: colon)...]), variables)))
        }
        if let problem = Grader.problem(name: name, mine: mine.value, answer: answer, tolerance: Float(tolerance), mistakes: mistakes) {
            throw GradeFailed(message: problem)
        }
        return Output("✓ \(name) matches")
    }

    /// The value an exercise expects, evaluated on a scratch copy of the variables.
    private static func expected(_ text: String, _ variables: Variables) throws -> Tensor {
        do { return try ExpressionEvaluator.value(of: text, in: variables) } catch {
            throw LabError.failed("the exercise's answer does not evaluate (\(error.message)) — run the commands before it first")
        }
    }
}

/// A learner's variable that `grade` did not accept: what kind of wrong it is, never the expected
/// value (`check` shows the sentence as it is).
struct GradeFailed: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// Says how a learner's value differs from the expected one, without giving the expected value.
enum Grader {
    static func close(_ a: [Float], _ b: [Float], _ tolerance: Float) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { x, y in Swift.abs(x - y) <= tolerance + tolerance * Swift.abs(y) }
    }

    /// Nil when `mine` equals `answer` within `tolerance`, else one line saying what is wrong.
    static func problem(name: String, mine: Tensor, answer: Tensor, tolerance: Float, mistakes: [(String, Tensor)]) -> String? {
        let (v, e) = (mine.data, answer.data)
        if mine.shape == answer.shape && close(v, e, tolerance) { return nil }
        if v.contains(where: { !$0.isFinite }) {
            return "\(name) holds inf or nan — a log of 0 or a division by zero on the way?"
        }
        for (description, value) in mistakes where value.shape == mine.shape && close(v, value.data, tolerance) {
            return "\(name) equals \(description), not what the exercise asks for"
        }
        if mine.count == answer.count && mine.shape != answer.shape {
            if close(v, e, tolerance) { return "\(name) has the right numbers in the wrong shape: \(shapeText(mine.shape)), the answer is \(shapeText(answer.shape))" }
        }
        if mine.shape != answer.shape {
            let wanted = answer.rank == 0 ? "a single number" : shapeText(answer.shape)
            var hint = ""
            if answer.rank == 0 { hint = " — reduce it with mean(…) or sum(…)" }
            else if mine.rank == 2 && answer.rank == 2 && mine.shape == answer.shape.reversed() { hint = " — rows and columns are swapped (.T)" }
            return "\(name) is \(mine.rank == 0 ? "a single number" : shapeText(mine.shape)) but the answer is \(wanted)\(hint)"
        }
        if close(v, e.map { -$0 }, tolerance) { return "\(name) has the wrong sign: a loss is −log of a probability" }
        if mine.rank == 2, mine.shape[0] == mine.shape[1] {
            let n = mine.shape[0]
            let transposed = (0..<(n * n)).map { e[($0 % n) * n + $0 / n] }
            if close(v, transposed, tolerance) { return "\(name) is transposed: rows and columns are swapped (axis 0 ↔ axis 1)" }
        }
        if close(v, e.map { Foundation.exp(-$0) }, tolerance) {
            return "\(name) looks like a probability, not a loss: the loss is −log of it"
        }
        if close(v, e.map { -Foundation.exp(-$0) }, tolerance) || close(v, e.map { Foundation.exp($0) }, tolerance) {
            return "\(name) looks like a probability, not a loss: take −log of it"
        }
        for k in 2...64 {
            let f = Float(k)
            if close(v, e.map { $0 * f }, tolerance) { return "\(name) is \(k) times too large — a sum where a mean belongs?" }
            if close(v, e.map { $0 / f }, tolerance) { return "\(name) is \(k) times too small — a mean where a sum belongs, or one half of two?" }
        }
        if mine.rank == 0 {
            return "\(name) is not the answer yet: it is too \(v[0] > e[0] ? "large" : "small")"
        }
        let wrong = zip(v, e).filter { x, y in Swift.abs(x - y) > tolerance + tolerance * Swift.abs(y) }.count
        return "\(name) has the right shape \(shapeText(mine.shape)) but \(wrong) of its \(v.count) numbers differ from the answer"
    }
}

extension Option {
    static let tolerance: Option = .number("tolerance", "T", in: 0...Double.greatestFiniteMagnitude, example: "1e-5", help: "how close counts as equal (default 1e-4, absolute and relative)")
    static let mistake: Option = .value("not", "\"DESCRIPTION: EXPR\"", repeatable: true,
                                        help: "a known mistake: when NAME equals EXPR, say it equals DESCRIPTION")
}
