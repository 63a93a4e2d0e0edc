import Testing
@testable import CLIPLab

@Suite("Argument parsing against a command's spec")
struct ArgumentParserTests {
    static let trace = Option.flag("trace", short: "t", help: "")
    static let contextLength = Option.value("context-length", "N", help: "")
    static let label = Option.value("label", "L", repeatable: true, help: "")
    static let sample = Command(
        name: "sample", summary: "s", help: "",
        positionals: [Positional("TEXT", .oneOrMore)],
        options: [trace, contextLength, label],
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

    @Test("An integer option outside its range names the option and the range")
    func intRange() throws {
        let args = try ArgumentParser.parse(["a", "--context-length", "0"], for: Self.sample)
        #expect(throws: LabError.invalidValue(name: "--context-length", value: "0", expected: "an integer 1…77")) {
            try args.int(Self.contextLength, default: 77, in: 1...77)
        }
    }

    @Test("Too many arguments for a fixed spec is an error")
    func tooMany() {
        #expect(throws: LabError.self) { try ArgumentParser.parse(["a", "b"], for: Command.save) }
    }
}
