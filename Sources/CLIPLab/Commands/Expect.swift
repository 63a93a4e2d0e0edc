import Foundation

extension Command {
    static let expect = Command(
        name: "expect", group: .lessons,
        summary: "Assert something about a command's JSON result (lesson checks, scripts)",
        help: """
        Runs COMMAND with --json on a copy of the session (nothing changes), picks the value
        at PATH (keys and indices joined by dots; 'length' counts) and compares it with VALUE
        using ==, !=, <, <=, >, >= or contains. COMMAND '@last' repeats your last input.
        Fails with the value it found when the expectation does not hold.

        Example: expect 'tokenize cat' 0.ids.length == 3
                 tokenize cat
                 expect @last 0.tokens contains 'cat</w>'
        """,
        positionals: [Positional("COMMAND", completion: .commands), Positional("PATH"),
                      Positional("OP", completion: .choices(["==", "!=", "<", "<=", ">", ">=", "contains"])),
                      Positional("VALUE")],
        recordsCell: false
    ) { context, args in
        let target = args.positionals[0], path = args.positionals[1], op = args.positionals[2], expected = args.positionals[3]
        var words: [String]
        if target == "@last" {
            let last = context.session.cells.last { cell in
                let name = (try? ShellWords.split(cell.source))?.first ?? ""
                return !LessonEngine.navigation.contains(name)
            }
            guard let last else { throw LabError.missing("@last: nothing has been run yet") }
            words = try ShellWords.split(last.source)
        } else {
            words = try ShellWords.split(target)
        }
        guard !words.isEmpty else { throw LabError.usage("COMMAND is empty", usage: args.usage) }
        if !words.contains("--json") { words.append("--json") }
        var probe = context
        probe.console.beginCapture()
        let output: Output
        do {
            output = try Interpreter.execute(words, in: &probe)
            _ = probe.console.endCapture()
        } catch {
            _ = probe.console.endCapture()
            throw error
        }
        guard let json = JSONValue.parse(output.text) else {
            throw LabError.failed("'\(words[0])' did not print JSON")
        }
        let found = try JSONPath.lookup(path, in: json)
        let holds: Bool
        do {
            holds = try JSONPath.compare(found, op, expected)
        } catch {
            throw ExpectationFailed(path: path, op: op, expected: expected, found: JSONPath.describe(found), notANumber: true)
        }
        guard holds else {
            throw ExpectationFailed(path: path, op: op, expected: expected, found: JSONPath.describe(found), notANumber: false)
        }
        return .empty
    }
}

/// An expectation that did not hold: what `expect` compared, for scripts (its description,
/// with the value found) and for lesson feedback (`CheckFeedback`, which never shows `expected`).
struct ExpectationFailed: Error, Equatable, CustomStringConvertible {
    var path: String
    var op: String
    var expected: String
    var found: String
    /// The comparison needed a number and `found` is not one.
    var notANumber: Bool

    var description: String {
        notANumber ? "'\(op)' needs a number, found \(found)" : "expected \(path) \(op) \(expected), found \(found)"
    }
}

/// Dotted paths into parsed JSON and comparisons, for `expect`.
enum JSONPath {
    /// Example: `lookup("0.ids.length", in: [["ids": [1, 2]]])` -> 2.
    static func lookup(_ path: String, in root: Any) throws(LabError) -> Any {
        var value = root
        for key in path.split(separator: ".").map(String.init) {
            if let array = value as? [Any] {
                if key == "length" || key == "count" { value = array.count; continue }
                guard let i = Int(key), array.indices.contains(i) else {
                    throw LabError.failed("path \(path): no index \(key) in an array of \(array.count)")
                }
                value = array[i]
            } else if let object = value as? [String: Any] {
                guard let next = object[key] else {
                    throw LabError.failed("path \(path): no key '\(key)' (keys: \(object.keys.sorted().joined(separator: ", ")))")
                }
                value = next
            } else if let string = value as? String, key == "length" || key == "count" {
                value = string.count
            } else {
                throw LabError.failed("path \(path): cannot look up '\(key)' in \(describe(value))")
            }
        }
        return value
    }

    static func compare(_ found: Any, _ op: String, _ expected: String) throws(LabError) -> Bool {
        if op == "contains" {
            if let array = found as? [Any] { return array.contains { describe($0) == expected || ($0 as? String) == expected } }
            return describe(found).contains(expected)
        }
        let isBool = describe(found) == "true" || describe(found) == "false"
        let number = (found as? String).flatMap(Double.init) ?? (found is String || isBool ? nil : (found as? NSNumber)?.doubleValue)
        if let number, let target = Double(expected) {
            switch op {
            case "==": return number == target
            case "!=": return number != target
            case "<": return number < target
            case "<=": return number <= target
            case ">": return number > target
            case ">=": return number >= target
            default: break
            }
        }
        let text = (found as? String) ?? describe(found)
        switch op {
        case "==": return text == expected
        case "!=": return text != expected
        case "<", "<=", ">", ">=":
            throw LabError.failed("'\(op)' needs a number, found \(describe(found))")
        default:
            throw LabError.invalidValue(name: "OP", value: op, expected: "==, !=, <, <=, >, >= or contains")
        }
    }

    static func describe(_ value: Any) -> String {
        // JSON booleans arrive as NSNumbers of type char ("c"); numbers as "i", "q" or "d".
        if let n = value as? NSNumber, !(value is String), String(cString: n.objCType) == "c" { return n.boolValue ? "true" : "false" }
        if let s = value as? String { return s }
        if let n = value as? NSNumber { return n.stringValue }
        if let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed]),
           let text = String(data: data, encoding: .utf8) {
            return LabError.printable(text, limit: 80)
        }
        return String(describing: value)
    }
}
