import Testing
@testable import CLIPLab

@Suite("Argument parsing against a command's spec")
struct ArgumentParserTests {
    static let trace = Option.flag("trace", short: "t", help: "")
    static let contextLength = Option.integer("context-length", "N", in: 1...77, help: "")
    static let scale = Option.number("scale", "X", in: 0...10, aboveLower: true, example: "0.002", help: "")
    static let tolerance = Option.number("tolerance", "T", in: 0...Double.greatestFiniteMagnitude, example: "1e-5", help: "")
    static let label = Option.value("label", "L", repeatable: true, help: "")
    static let sample = Command(
        name: "sample", summary: "s", help: "",
        positionals: [Positional("TEXT", .oneOrMore)],
        options: [trace, contextLength, scale, tolerance, label],
        json: true) { _, _ in .empty }

    @Test("Options, flags and positionals are told apart")
    func mixed() throws {
        let args = try ArgumentParser.parse(["--trace", "a", "--context-length", "8", "cat", "--json"], for: Self.sample)
        #expect(args.positionals == ["a", "cat"])
        #expect(args.flag(Self.trace) && args.json)
        #expect(try args.int(Self.contextLength, default: 77) == 8)
    }

    @Test("--name=value, short flags, repeated options, -- and negative numbers")
    func spellings() throws {
        let args = try ArgumentParser.parse(["--context-length=5", "-t", "--label", "x", "--label", "y", "-3", "--", "--trace"], for: Self.sample)
        #expect(try args.int(Self.contextLength, default: 0) == 5)
        #expect(args.flag(Self.trace))
        #expect(args.values(Self.label) == ["x", "y"])
        #expect(args.positionals == ["-3", "--trace"])
    }

    @Test("Mistakes give one line with the usage", arguments: [
        (["a", "--trase"], "unknown option '--trase' (did you mean --trace?)"),
        ([], "missing TEXT"),
        (["a", "--context-length"], "--context-length needs a value"),
        (["a", "--context-length", "1", "--context-length", "2"], "--context-length given twice"),
        (["a", "--trace=yes"], "--trace takes no value"),
    ])
    func mistakes(words: [String], message: String) {
        do {
            _ = try ArgumentParser.parse(words, for: Self.sample)
            Issue.record("expected an error for \(words)")
        } catch {
            #expect(error.description.hasPrefix(message))
            #expect(error.description.contains("usage: sample"))
            #expect(!error.description.contains("\n"))
        }
    }

    @Test("A typed option's value is checked by the parser, with one error per kind", arguments: [
        (["a", "--context-length", "0"], "--context-length", "0", "an integer 1…77"),
        (["a", "--context-length=7.5"], "--context-length", "7.5", "an integer 1…77"),
        (["a", "--scale", "0"], "--scale", "0", "a number in (0, 10], e.g. 0.002"),
        (["a", "--scale", "nan"], "--scale", "nan", "a number in (0, 10], e.g. 0.002"),
        (["a", "--scale", "11"], "--scale", "11", "a number in (0, 10], e.g. 0.002"),
        (["a", "--tolerance", "-1"], "--tolerance", "-1", "a number ≥ 0, e.g. 1e-5"),
    ])
    func typedValues(words: [String], name: String, value: String, expected: String) throws {
        #expect(throws: LabError.invalidValue(name: name, value: value, expected: expected)) {
            try ArgumentParser.parse(words, for: Self.sample)
        }
    }

    @Test("Typed values arrive converted; absent ones take the default")
    func typedDefaults() throws {
        let args = try ArgumentParser.parse(["a", "--context-length", "12", "--scale", "1e-3"], for: Self.sample)
        #expect(try args.int(Self.contextLength, default: 77) == 12)
        #expect(try args.number(Self.scale, default: 1) == 0.001)
        #expect(try args.number(Self.tolerance, default: 0.5) == 0.5)
    }

    @Test("A required option is enforced by the parser, naming it with the usage line")
    func requiredOption() throws {
        #expect(throws: LabError.usage("missing --labels A,B,C", usage: Command.classify.usage())) {
            try ArgumentParser.parse(["toy:cat"], for: Command.classify)
        }
        #expect(try ArgumentParser.parse(["toy:cat", "--labels", "cat,dog"], for: Command.classify).value(.labels) == "cat,dog")
        let lab = Support.interpreter()
        #expect(lab.run(line: "eval zeroshot").error?.contains("missing --data FOLDER") == true)
        #expect(lab.run(line: "lesson export 1").error?.contains("missing --ipynb DIR") == true)
    }

    @Test("Too many arguments for a fixed spec is an error")
    func tooMany() {
        #expect(throws: LabError.self) { try ArgumentParser.parse(["a", "b"], for: Command.save) }
    }
}
