import Foundation

extension Command {
    static let answer = Command(
        name: "answer", group: .lessons,
        summary: "Give your answer to a question in a lesson (a number or a word)",
        help: """
        Records an answer you worked out yourself — a loss computed by hand, a quiz choice —
        so that 'check' can grade it. Numbers are read as numbers (0.127, 1e-3), anything
        else as lower-case text.

        Example: answer 0.127
                 answer b
        """,
        positionals: [Positional("VALUE")], json: true
    ) { _, args in
        let text = args.positionals[0].trimmingCharacters(in: .whitespaces)
        let value: JSONValue
        if let number = Double(text), number.isFinite {
            value = .double(number)
        } else {
            value = .string(text.lowercased())
        }
        if args.json { return .json(.object([("value", value)])) }
        return Output("your answer: \(LabError.printable(text, limit: 80)) — 'check' grades it")
    }
}
