import Foundation
import Testing
@testable import CLIPLab

/// Paths as a shell user types them: `~`, `~user`, `$HOME` and `${VAR}` work in every path
/// argument (one-shot, piped scripts, lessons), and a path cut by a space says to quote it.
@Suite("Path arguments")
struct PathArgumentTests {
    /// A HOME holding a copy of the example cat photo.
    static func homeWithCat() throws -> URL {
        let home = Support.temporaryDirectory()
        try FileManager.default.copyItem(at: Support.root.appendingPathComponent("Examples/images/cat.jpg"),
                                         to: home.appendingPathComponent("cat.jpg"))
        return home
    }

    @Test("~, $HOME and ${VAR} expand in positional and option paths, one-shot", arguments: [
        ["show", "~/cat.jpg", "--width", "16"],
        ["show", "$HOME/cat.jpg", "--width", "16"],
        ["show", "${PICS}/cat.jpg", "--width", "16"],
        ["preprocess", "~/cat.jpg", "--npy", "~/cat.npy"],
    ])
    func expandsOneShot(arguments: [String]) throws {
        let home = try Self.homeWithCat()
        let run = try Support.cli(arguments, environment: ["HOME": home.path, "PICS": home.path])
        #expect(run.status == 0, "\(run.stderr)")
        if arguments.contains("--npy") {
            #expect(FileManager.default.fileExists(atPath: home.appendingPathComponent("cat.npy").path))
        }
    }

    @Test("~user expands to that user's home folder")
    func tildeUser() throws {
        let user = NSUserName()
        guard let entry = getpwnam(user), let dir = entry.pointee.pw_dir else { return }
        let home = String(cString: dir)
        let run = try Support.cli(["show", "~\(user)/no-such-picture.jpg"])
        #expect(run.stderr.contains("\(home)/no-such-picture.jpg"), "\(run.stderr)")
    }

    @Test("A piped script expands ~ in show, batch add, save and load")
    func expandsInScripts() throws {
        let home = try Self.homeWithCat()
        let script = ["show ~/cat.jpg --width 16", "batch add ~/cat.jpg \"a photo of a cat\"", "train --steps 2 --batch 4",
                      "save ~/my-toy", "load ~/my-toy", "save ~/session.md"]
        let run = try Support.cli([], stdin: script.joined(separator: "\n") + "\n", environment: ["HOME": home.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("loaded toy"))
        #expect(FileManager.default.fileExists(atPath: home.appendingPathComponent("my-toy/model.safetensors").path))
        #expect(FileManager.default.fileExists(atPath: home.appendingPathComponent("session.md").path))
    }

    @Test("A lesson notebook's cells expand ~ too")
    func expandsInLessons() throws {
        let home = try Self.homeWithCat()
        let notebook = home.appendingPathComponent("notebook.md")
        try "# Paths\n\n```cliplab\nshow ~/cat.jpg --width 16\n```\n".write(to: notebook, atomically: true, encoding: .utf8)
        let run = try Support.cli(["lesson", "run", notebook.path], environment: ["HOME": home.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try String(contentsOf: notebook, encoding: .utf8).contains("\(home.path)/cat.jpg — 451×300"))
    }

    @Test("The expansion leaves unset variables, existing names and non-path words alone")
    func expansionRules() {
        let env = ["HOME": "/home/ada", "DATA": "/data"]
        #expect(PathExpansion.expand("~", environment: env) == "/home/ada")
        #expect(PathExpansion.expand("~/x.jpg", environment: env) == "/home/ada/x.jpg")
        #expect(PathExpansion.expand("$DATA/x", environment: env) == "/data/x")
        #expect(PathExpansion.expand("${DATA}x", environment: env) == "/datax")
        #expect(PathExpansion.expand("$NOPE/x", environment: env) == "$NOPE/x")
        #expect(PathExpansion.expand("a$", environment: env) == "a$")
        #expect(PathExpansion.expand("toy:cat", environment: env) == "toy:cat")
        #expect(PathExpansion.expand("~nosuchuser-xyz/a", environment: env) == "~nosuchuser-xyz/a")
    }

    @Test("An unquoted path with a space says to quote it", arguments: [
        ["show", "my", "photo.jpg"],
        ["batch", "add", "my", "photo.jpg", "a", "cat"],
        ["save", "my", "notes.md"],
    ])
    func quotePaths(arguments: [String]) throws {
        let dir = Support.temporaryDirectory()
        try FileManager.default.copyItem(at: Support.root.appendingPathComponent("Examples/images/cat.jpg"),
                                         to: dir.appendingPathComponent("my photo.jpg"))
        let run = try Support.cli(arguments, directory: dir)
        #expect(run.status == 2)
        #expect(run.stderr.contains("quote paths with spaces"), "\(run.stderr)")
    }
}
