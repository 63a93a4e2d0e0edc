import CLIPModel
import Foundation
import Testing
@testable import CLIPLab

/// Every `Example:` of every help page, run through the real `cliplab`, so help cannot drift
/// from what the commands accept. Lines that need a full-size model (a checkpoint folder, a
/// hub name, a placeholder such as DIR, or a published preset) are only parsed.
///
/// The examples' toy runs are kept in one train cache, so an example that trains what another
/// example or a lesson trains (`train --steps 400 --seed 1`) reuses that run, which is exact
/// (`TrainCache`; a run another example is training is waited for).
@Suite("Help examples")
struct HelpExampleTests {
    struct Example: Sendable, CustomTestStringConvertible {
        var page: String
        var lines: [String]
        var testDescription: String { "help \(page)" }
    }

    /// Every command and subcommand with its example lines.
    static let examples: [Example] = collect(CommandTable.standard.commands, prefix: "")

    static func collect(_ commands: [Command], prefix: String) -> [Example] {
        commands.flatMap { command -> [Example] in
            let page = prefix.isEmpty ? command.name : "\(prefix) \(command.name)"
            return [Example(page: page, lines: exampleLines(command.help))] + collect(command.subcommands, prefix: page)
        }
    }

    /// The line after `Example:` and the indented lines that follow it.
    static func exampleLines(_ help: String) -> [String] {
        var lines: [String] = []
        var inExample = false
        for line in help.components(separatedBy: "\n") {
            if line.hasPrefix("Example: ") {
                inExample = true
                lines.append(String(line.dropFirst("Example: ".count)).trimmingCharacters(in: .whitespaces))
            } else if inExample, line.hasPrefix(" "), !line.trimmingCharacters(in: .whitespaces).isEmpty {
                lines.append(line.trimmingCharacters(in: .whitespaces))
            } else {
                inExample = false
            }
        }
        return lines
    }

    /// Whether `words` ask for a model that is not here: a checkpoint path that does not
    /// exist, a hub name, a placeholder, or a published (full-size) preset.
    static func needsFullSize(_ words: [String]) -> Bool {
        var models: [String] = []
        for (i, word) in words.enumerated() where word == "--model" && i + 1 < words.count { models.append(words[i + 1]) }
        if words.first == "load", words.count > 1 { models.append(words[1]) }
        if (words.starts(with: ["bench", "model"]) || words.starts(with: ["bench", "zeroshot"])) && models.isEmpty {
            models.append("vit-b-32")   // their default model
        }
        return models.contains { model in
            !["toy", "toy:new"].contains(model)
                && !FileManager.default.fileExists(atPath: Support.root.appendingPathComponent(model).path)
        }
    }

    /// A scratch folder with the repository's `Examples/`, one real lesson in each language
    /// under `Lessons/`, and the user files the examples name (`captions.txt`, `my-config.json`).
    static func scratch() throws -> URL {
        let dir = Support.temporaryDirectory()
        let fm = FileManager.default
        try fm.createSymbolicLink(at: dir.appendingPathComponent("Examples"),
                                  withDestinationURL: Support.root.appendingPathComponent("Examples"))
        for lang in ["en", "zh"] {
            let folder = dir.appendingPathComponent("Lessons/\(lang)")
            try fm.createDirectory(at: folder, withIntermediateDirectories: true)
            try fm.copyItem(at: Support.root.appendingPathComponent("Lessons/\(lang)/03-tokens.md"),
                            to: folder.appendingPathComponent("03-tokens.md"))
        }
        try "a photo of a cat\na diagram of a transformer\n".write(to: dir.appendingPathComponent("captions.txt"), atomically: true, encoding: .utf8)
        try JSONEncoder().encode(CLIPConfig.toy).write(to: dir.appendingPathComponent("my-config.json"))
        return dir
    }

    @Test("Every help page ends with an example")
    func everyPageHasAnExample() {
        for example in HelpExampleTests.examples {
            #expect(!example.lines.isEmpty, "help \(example.page) has no Example: line")
        }
    }

    @Test("Every file under Examples/ that a help example names exists", arguments: HelpExampleTests.examples)
    func examplePathsExist(_ example: Example) throws {
        for line in example.lines {
            for word in try ShellWords.split(line) where word.hasPrefix("Examples/") {
                let path = Support.root.appendingPathComponent(word).path
                #expect(FileManager.default.fileExists(atPath: path), "help \(example.page) names \(word), which does not exist")
            }
        }
    }

    @Test("Each help example runs against the real binary (full-size ones are parsed)", arguments: HelpExampleTests.examples)
    func exampleRuns(_ example: Example) throws {
        let dir = try HelpExampleTests.scratch()
        var script: [String] = []
        for line in example.lines {
            var words = try ShellWords.split(line)
            let oneShot = words.first == "cliplab"
            if oneShot { words.removeFirst() }
            var stdin: String?
            if let arrow = words.firstIndex(of: "<"), arrow + 1 < words.count {
                stdin = try String(contentsOf: dir.appendingPathComponent(words[arrow + 1]), encoding: .utf8)
                words.removeSubrange(arrow...)
            }
            if HelpExampleTests.needsFullSize(words) {
                let parsed = try Interpreter.parse(line: ShellWords.join(words), table: .standard)
                #expect(!parsed.command.name.isEmpty)
                continue
            }
            if oneShot {
                let run = try Support.cli(words, stdin: stdin, environment: ["CLIPLAB_TRAIN_CACHE": Support.trainCache], directory: dir)
                #expect(run.status == 0, "\(line): \(run.stderr)")
            } else {
                script.append(line)
            }
        }
        guard !script.isEmpty else { return }
        let run = try Support.cli([], stdin: script.joined(separator: "\n") + "\n", environment: ["CLIPLAB_TRAIN_CACHE": Support.trainCache],
                                  directory: dir)
        #expect(run.status == 0 && run.stderr.isEmpty, "help \(example.page): \(run.stderr)")
    }
}
