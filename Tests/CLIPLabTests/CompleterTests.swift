import Foundation
import Testing
@testable import CLIPLab

@Suite("Tab completion from the table")
struct CompleterTests {
    static let directory: String = {
        let dir = Support.temporaryDirectory()
        try? FileManager.default.createDirectory(at: dir.appendingPathComponent("photos"), withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: dir.appendingPathComponent("photos/cat.png").path, contents: Data())
        _ = FileManager.default.createFile(atPath: dir.appendingPathComponent("notes.md").path, contents: Data())
        _ = FileManager.default.createFile(atPath: dir.appendingPathComponent(".hidden").path, contents: Data())
        return dir.path
    }()

    let completer = Completer(table: .standard, lessonNames: ["1", "sample", "2", "tokens"], toyWords: ["toy:cat", "toy:red-circle", "toy:red-square"],
                              directory: CompleterTests.directory)

    @Test("Completes commands, subcommands, options, settings, lessons and files", arguments: [
        ("", CommandTable.standard.commands.map(\.name).sorted()),
        ("ex", ["exp", "expect", "explain", "export"]),
        ("exi", ["exit"]),
        ("he", ["help"]),
        ("les", ["lesson", "lessons"]),
        ("lesson ", ["1", "2", "check", "export", "run", "sample", "tokens"]),
        ("lesson r", ["run"]),
        ("lesson run ", ["notes.md", "photos/"]),
        ("lesson run pho", ["photos/"]),
        ("lesson run photos/", ["photos/cat.png"]),
        ("lesson run .h", [".hidden"]),
        ("lesson run --", ["--out"]),
        ("lesson run --out n", ["notes.md"]),
        ("set ", ["color", "lang", "seed", "threads", "width"]),
        ("set lang ", ["en", "zh"]),
        ("set color o", ["off", "on"]),
        ("help to", ["tokenize"]),
        ("help les", ["lesson", "lessons"]),
        ("set --j", ["--json"]),
        ("expect 'set' width ", ["!=", "<", "<=", "==", ">", ">=", "contains"]),
        ("nonsense ", []),
        ("show toy:red", ["toy:red-circle", "toy:red-square"]),
    ])
    func completes(line: String, expected: [String]) {
        #expect(completer.complete(line) == expected)
    }

    @Test("The common prefix of candidates is what readline inserts")
    func commonPrefix() {
        #expect(LineReader.commonPrefix(["lesson", "lessons"]) == "lesson")
        #expect(LineReader.commonPrefix(["a", "b"]) == "")
        #expect(LineReader.commonPrefix([]) == "")
    }
}
