import Foundation
import Testing
@testable import CLIPLab

@Suite("Running lines against the session")
struct InterpreterTests {
    @Test("A failing command keeps the session as it was")
    func errorsKeepState() {
        let lab = Support.interpreter()
        lab.context.session.batch = [BatchPair(image: "toy:red circle", caption: "a red circle")]
        lab.run(line: "set width 100")
        let before = lab.context.session.settings
        let result = lab.run(line: "set width 5")
        #expect(result.failed && result.status == 2)
        #expect(lab.context.session.settings == before)
        #expect(lab.context.session.batch.count == 1)
    }

    @Test("A handler's changes are dropped when it throws after changing them")
    func transactional() {
        let failing = Command(name: "half", summary: "s", help: "") { context, _ in
            context.session.settings.width = 33
            context.session.batch.append(BatchPair(image: "x", caption: "y"))
            throw LabError.failed("half done")
        }
        var context = Context(session: Session(), console: .capturing(), table: CommandTable([failing]))
        #expect(throws: LabError.failed("half done")) { try Interpreter.execute(["half"], in: &context) }
        #expect(context.session.settings.width == 80 && context.session.batch.isEmpty)
    }

    @Test("Cells are numbered and recorded with their output, errors included")
    func cells() {
        let lab = Support.interpreter()
        lab.run(line: "version")
        lab.run(line: "# a comment")
        lab.run(line: "nonsense")
        lab.run(line: "help")
        let cells = lab.context.session.cells
        #expect(cells.map(\.number) == [1, 2])
        #expect(cells[0].output == "cliplab \(CLIPLabMain.version)\n")
        #expect(cells[1].failed && cells[1].output.hasPrefix("error: unknown command 'nonsense'"))
        #expect(lab.context.session.nextCellNumber == 4)
    }

    @Test("--help on any command prints its help instead of running it")
    func helpFlag() {
        let lab = Support.interpreter()
        let result = lab.run(line: "set width --help")
        #expect(result.output.hasPrefix("usage: set"))
        #expect(lab.context.session.settings.width == 80)
    }

    @Test("Unknown subcommands of a command without its own handler are named")
    func subcommand() {
        let lab = Support.interpreter()
        let result = lab.run(line: "lesson")
        #expect(result.error?.hasPrefix("missing N|ID") == true)
    }

    @Test("Control characters and a 1 MB line give one printable error line")
    func hostileInput() {
        let lab = Support.interpreter()
        let result = lab.run(line: "\u{1B}[2J\u{07}" + String(repeating: "x", count: 1 << 20))
        let error = result.error ?? ""
        #expect(error.hasPrefix("unknown command '^[[2J^G"))
        #expect(error.count < 200 && !error.contains("\u{1B}"))
    }

    @Test("The prompt shows the model, the batch and the lesson")
    func prompt() {
        var session = Session()
        #expect(REPL.prompt(session) == "[1]> ")
        session.batch = [BatchPair(image: "a.png", caption: "a"), BatchPair(image: "b.png", caption: "b")]
        session.nextCellNumber = 3
        #expect(REPL.prompt(session) == "2 pairs [3]> ")
    }

    @Test("set changes settings and validates values", arguments: [
        ("set color on", true), ("set lang zh", true), ("set width 120", true), ("set seed 7", true),
        ("set lang fr", false), ("set colour maybe", false), ("set widht 80", false), ("set width", false),
    ])
    func settings(line: String, ok: Bool) {
        let lab = Support.interpreter()
        #expect(lab.run(line: line).failed == !ok)
    }

    @Test("Settings come from NO_COLOR, LANG and COLUMNS")
    func environment() {
        let s = Settings.fromEnvironment(isTerminal: true, environment: ["NO_COLOR": "1", "LANG": "zh_CN.UTF-8", "COLUMNS": "132"])
        #expect(!s.color && s.lang == "zh" && s.width == 132)
        #expect(Settings.fromEnvironment(isTerminal: true, environment: ["TERM": "xterm"]).color)
    }

    @Test("expect compares JSON results", arguments: [
        ("expect 'set' width == 80", true), ("expect 'set' width > 79", true), ("expect 'set' lang contains e", true),
        ("expect 'version' version != 0", true), ("expect 'set' width < 10", false), ("expect 'set' nope == 1", false),
        ("expect 'help' x == 1", false),
    ])
    func expectations(line: String, holds: Bool) {
        let lab = Support.interpreter()
        #expect(lab.run(line: line).failed == !holds)
    }

    @Test("expect @last repeats the last input as JSON")
    func expectLast() {
        let lab = Support.interpreter()
        lab.run(line: "set seed 9")
        #expect(!lab.run(line: "expect @last seed == 9").failed)
        #expect(lab.run(line: "expect @last seed == 8").error?.contains("found 9") == true)
    }

    @Test("JSON values render in key order with shortest floats")
    func json() {
        let value = JSONValue.object([("b", .int(1)), ("a", .array([.float(0.1), .float(2), .float(.nan)])), ("s", .string("q\"\n\u{01}"))])
        #expect(value.rendered() == #"{"b":1,"a":[0.1,2,null],"s":"q\"\n\u0001"}"#)
        #expect(JSONValue.parse(value.rendered()) != nil)
    }

    @Test("Cancellation throws once the flag is set")
    func cancellation() {
        Interrupt.clear()
        #expect(throws: Never.self) { try Cancellation.interrupt.check() }
        Interrupt.raise()
        #expect(throws: LabError.interrupted) { try Cancellation.interrupt.check() }
        Interrupt.clear()
    }
}

@Suite("JSON paths for expect")
struct JSONPathTests {
    @Test("Paths reach into arrays and objects; booleans stay booleans", arguments: [
        ("0.ids.length", "3"), ("0.ids.1", "320"), ("0.ok", "true"), ("0.text", "a cat"), ("0.text.length", "5"),
    ])
    func lookup(path: String, shown: String) throws {
        let json = JSONValue.parse(#"[{"ids":[49406,320,49407],"ok":true,"text":"a cat"}]"#)!
        #expect(JSONPath.describe(try JSONPath.lookup(path, in: json)) == shown)
    }

    @Test("Comparisons are numeric for numbers and textual otherwise", arguments: [
        ("1", ">=", "1", true), ("true", "==", "1", false), ("10", ">", "9", true), ("cat", "contains", "a", true),
    ])
    func compare(found: String, op: String, expected: String, holds: Bool) throws {
        let value = JSONValue.parse(found.first!.isNumber || found == "true" ? found : "\"\(found)\"")!
        #expect(try JSONPath.compare(value, op, expected) == holds)
    }
}
