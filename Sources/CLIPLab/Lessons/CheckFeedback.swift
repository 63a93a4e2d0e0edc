import Foundation

/// What a wrong try at an exercise is told: the kind of wrong, as one sentence in the
/// lesson's language — never the expected value, never an `error:` line.
///
/// A check kind turns its failure into a `CheckFeedback` (`init(_ failure:)` does it for
/// `expect`; a new kind adds a case or uses `.custom`), and `sentence(zh:)` words it.
///
/// Example: `expect @last value < 25.1` failing on 250 gives `.tooHigh(tenfold: true)`,
/// "Not yet: your value is too high — by a factor of ten or more; check the scale."
enum CheckFeedback: Equatable, Sendable {
    case tooHigh(tenfold: Bool)
    case tooLow(tenfold: Bool)
    /// A list (a ranking, tokens, a batch) with more or fewer items than asked.
    case tooMany
    case tooFew
    /// A text or a choice that is not the one asked for.
    case wrongValue
    /// Something the result should contain is not there.
    case missing
    /// A number was asked for.
    case notANumber
    /// The shape of a result is not the one asked for (rows × columns).
    case wrongShape
    /// The check did not pass, for a reason no case above names.
    case unmet
    /// A sentence a check kind writes itself, in both languages.
    case custom(en: String, zh: String)

    /// The kind of wrong an `expect` failure shows.
    init(_ failure: ExpectationFailed) {
        if failure.notANumber { self = .notANumber; return }
        let counts = failure.path.hasSuffix("length") || failure.path.hasSuffix("count")
        let found = Double(failure.found), expected = Double(failure.expected)
        func tenfold() -> Bool {
            guard let found, let expected, found != 0, expected != 0, (found > 0) == (expected > 0) else { return false }
            return max(abs(found / expected), abs(expected / found)) >= 10
        }
        switch failure.op {
        case "<", "<=": self = counts ? .tooMany : .tooHigh(tenfold: tenfold())
        case ">", ">=": self = counts ? .tooFew : .tooLow(tenfold: tenfold())
        case "==":
            guard let found, let expected else { self = .wrongValue; return }
            if counts { self = found > expected ? .tooMany : .tooFew } else {
                self = found > expected ? .tooHigh(tenfold: tenfold()) : .tooLow(tenfold: tenfold())
            }
        case "contains": self = .missing
        default: self = .unmet
        }
    }

    /// The feedback for any error a check raised.
    init(error: any Error) {
        if let failure = error as? ExpectationFailed { self = CheckFeedback(failure) }
        else if let grade = error as? GradeFailed { self = .custom(en: grade.message, zh: grade.message) }
        else { self = .unmet }
    }

    /// One sentence, in Chinese when `zh`.
    func sentence(zh: Bool) -> String {
        switch self {
        case .tooHigh(let tenfold):
            return zh ? (tenfold ? "你的数值偏大，差了十倍以上 —— 检查一下量级。" : "你的数值偏大。")
                : (tenfold ? "your value is too high — by a factor of ten or more; check the scale." : "your value is too high.")
        case .tooLow(let tenfold):
            return zh ? (tenfold ? "你的数值偏小，差了十倍以上 —— 检查一下量级。" : "你的数值偏小。")
                : (tenfold ? "your value is too low — by a factor of ten or more; check the scale." : "your value is too low.")
        case .tooMany: return zh ? "结果里的项比练习要求的多。" : "that gives more items than the exercise asks for."
        case .tooFew: return zh ? "结果里的项比练习要求的少。" : "that gives fewer items than the exercise asks for."
        case .wrongValue: return zh ? "这不是练习要的答案。" : "that is not the answer the exercise asks for."
        case .missing: return zh ? "结果里缺少练习要求的内容。" : "something the exercise asks for is missing from the result."
        case .notANumber: return zh ? "答案应该是一个数 —— 例如 answer 0.5（也可以写 25%）。"
                                    : "the answer should be a number — e.g. 'answer 0.5' (25% works too)."
        case .wrongShape: return zh ? "结果的形状（行 × 列）不是练习要的。" : "the result has another shape (rows × columns) than the exercise asks for."
        case .unmet: return zh ? "你运行的命令还没有通过这道练习的检查。" : "what you ran does not pass this exercise's check yet."
        case .custom(let english, let chinese): return zh ? chinese : english
        }
    }

    /// The whole line `check` prints for a wrong try: the sentence and what to do next
    /// (after three wrong tries, the solution is offered).
    static func line(_ reason: String, tries: Int, zh: Bool) -> String {
        let next = tries >= 3 ? (zh ? "输入 solution 看一个答案" : "'solution' shows one answer")
            : (zh ? "试试 hint" : "try 'hint'")
        var reason = reason
        while let last = reason.last, last == "." || last == "。" { reason.removeLast() }
        return zh ? "✗ 还没有：\(reason) —— \(next)" : "✗ not yet: \(reason) — \(next)"
    }
}
