import Foundation

extension Command {
    static let answer = Command(
        name: "answer", group: .lessons,
        summary: "Give your answer to a question in a lesson (a number or a word)",
        help: """
        Records an answer you worked out yourself — a loss computed by hand, a quiz choice —
        so that 'check' can grade it. Numbers are read as numbers (0.127, 1e-3, 1/4); a
        share may be written 25%, 25 or 0.25 (checks read it as 'percent' or 'fraction');
        a unit the question uses may follow (197 tokens). Anything else is lower-case text.

        Example: answer 0.127
                 answer 25%
                 answer b
        """,
        positionals: [Positional("VALUE"), Positional("UNIT", .variadic)], json: true
    ) { _, args in
        let typed = args.positionals.joined(separator: " ")
        let answer = try LessonAnswer(typed)
        if args.json { return .json(answer.json) }
        return Output("your answer: \(LabError.printable(typed, limit: 80)) — 'check' grades it")
    }
}

/// An answer as `check` reads it: a number (with its reading as a share) or a word.
///
/// Example: `LessonAnswer("25%")` → value 25, percent 25, fraction 0.25;
/// `LessonAnswer("0.25")` → value 0.25, percent 25, fraction 0.25; `LessonAnswer("b")` → text "b".
struct LessonAnswer: Equatable {
    var number: Double?
    var text: String
    var unit: String?

    init(_ typed: String) throws(LabError) {
        let trimmed = typed.trimmingCharacters(in: .whitespaces)
        text = trimmed.lowercased()
        var head = trimmed
        var unit: String?
        if head.hasSuffix("%") {
            unit = "%"
            head = String(head.dropLast()).trimmingCharacters(in: .whitespaces)
        } else if let space = head.firstIndex(of: " ") {
            unit = head[head.index(after: space)...].trimmingCharacters(in: .whitespaces).lowercased()
            head = String(head[..<space])
        }
        if let n = LessonAnswer.number(head) {
            number = n
            self.unit = unit
            return
        }
        // Something meant as a number but not written as one: say at once how to write it.
        if trimmed.first.map({ $0.isNumber || "-+.~≈".contains($0) }) == true {
            throw LabError.invalidValue(name: "answer", value: trimmed,
                                        expected: "a number such as 0.25, 25% or 1/4 (a unit may follow: 197 tokens)")
        }
        number = nil
        self.unit = nil
    }

    /// `0.127`, `1e-3`, `1,000`, `1/4`.
    static func number(_ text: String) -> Double? {
        let plain = text.replacingOccurrences(of: ",", with: "")
        if let n = Double(plain), n.isFinite { return n }
        let parts = plain.split(separator: "/")
        if parts.count == 2, let a = Double(parts[0]), let b = Double(parts[1]), b != 0, (a / b).isFinite { return a / b }
        return nil
    }

    /// `{"value": 25, "percent": 25, "fraction": 0.25, "unit": "%"}` or `{"value": "b"}`.
    var json: JSONValue {
        guard let number else { return .object([("value", .string(text))]) }
        // A share: 25% and 25 read as 25 percent; 0.25 as the fraction 0.25.
        let percent = unit == "%" || abs(number) > 1 ? number : number * 100
        return .object([("value", .double(number)), ("percent", .double(percent)), ("fraction", .double(percent / 100)),
                        ("unit", unit.map { .string($0) } ?? .null)])
    }
}
