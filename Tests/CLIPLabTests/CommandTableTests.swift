import Testing
@testable import CLIPLab

@Suite("The command table")
struct CommandTableTests {
    @Test("Names and aliases are unique")
    func unique() {
        let names = CommandTable.standard.allNames
        #expect(Set(names).count == names.count)
    }

    @Test("Every command has a summary, help with an example, and a handler or subcommands")
    func documented() {
        func check(_ command: Command) {
            #expect(!command.summary.isEmpty, "\(command.name) has no summary")
            #expect(command.help.contains("Example:"), "\(command.name) help has no example")
            #expect(command.handler != nil || !command.subcommands.isEmpty, "\(command.name) does nothing")
            command.subcommands.forEach(check)
        }
        CommandTable.standard.commands.forEach(check)
    }

    @Test("help lists every command and help NAME shows its usage")
    func help() throws {
        let overview = HelpFormatter.overview(.standard)
        for command in CommandTable.standard.commands { #expect(overview.contains("  \(command.name) ")) }
        let detail = try HelpFormatter.detail(for: ["lesson", "run"], table: .standard)
        #expect(detail.hasPrefix("usage: lesson run [--out FILE] FILE"))
    }

    @Test("Unknown commands suggest the nearest names", arguments: [
        ("hepl", ["help"]), ("lesons", ["lessons", "lesson"]), ("versoin", ["version"]), ("zzzzzzzz", []),
    ])
    func suggestions(typed: String, expected: [String]) {
        let found = EditDistance.suggestions(for: typed, among: CommandTable.standard.allNames)
        #expect(found == expected)
    }

    @Test("Edit distance counts insertions, deletions and substitutions", arguments: [
        ("", "abc", 3), ("kitten", "sitting", 3), ("tokenise", "tokenize", 1), ("same", "same", 0),
    ])
    func distance(a: String, b: String, d: Int) {
        #expect(EditDistance.distance(a, b) == d)
    }
}
