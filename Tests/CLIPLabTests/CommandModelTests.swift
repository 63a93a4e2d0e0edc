import Foundation
import Testing
@testable import CLIPLab

/// `--model` means the same in every command that takes it: `toy` is the toy trained in this
/// session (and the output says so), else an untrained toy.
@Suite("--model picks the model one way in every command", .serialized)
struct CommandModelTests {
    static let photos = Support.root.appendingPathComponent("Tests/Fixtures/search/photos").path

    /// Three classes of six pictures each, copied from the search fixtures.
    static func classFolder() throws -> String {
        let root = Support.temporaryDirectory()
        let fm = FileManager.default
        for (name, picture) in [("red", "red/circle.png"), ("green", "green/triangle.png"), ("blue", "blue/square.png")] {
            let folder = root.appendingPathComponent(name)
            try fm.createDirectory(at: folder, withIntermediateDirectories: true)
            for i in 0..<6 {
                try fm.copyItem(atPath: photos + "/" + picture, toPath: folder.appendingPathComponent("\(i).png").path)
            }
        }
        return root.path
    }

    /// One line per command that takes `--model`, runnable on the toy model.
    static func lines(classes: String) -> [String: String] {
        [
            "classify": "classify toy:cat --labels \"cat,car\" --model toy",
            "embed": "embed --image toy:cat --text \"a photo of a cat\" --model toy --json",
            "search": "search --data \(photos) --text \"a red circle\" --top 2 --no-cache --model toy",
            "explain": "explain toy:cat \"a photo of a cat\" --model toy",
            "eval zeroshot": "eval zeroshot --data \(classes) --templates simple --no-cache --model toy",
            "eval linear-probe": "eval linear-probe --data \(classes) --no-cache --model toy",
            "prompts compare": "prompts compare --data \(classes) --templates simple --no-cache --model toy",
            "preprocess": "preprocess toy:cat --model toy --json",
        ]
    }

    /// Every command and subcommand whose options include `--model`, but the benchmarks: their
    /// `--model` names a shape to time (ViT-B/32 by default), not the model to compute with.
    static func commandsTakingModel(_ commands: [Command], prefix: String = "") -> [String] {
        commands.filter { !(prefix.isEmpty && $0.name == "bench") }.flatMap { command -> [String] in
            let name = prefix.isEmpty ? command.name : "\(prefix) \(command.name)"
            let own = command.options.contains { $0.name == "model" } ? [name] : []
            return own + commandsTakingModel(command.subcommands, prefix: name)
        }
    }

    @Test("Every command that takes --model is covered here")
    func covered() throws {
        let names = Set(Self.commandsTakingModel(CommandTable.standard.commands))
        #expect(names == Set(Self.lines(classes: "").keys))
    }

    @Test("--model toy is the trained toy in every command, and the output says which toy it is")
    func trainedToyEverywhere() throws {
        let lab = Support.interpreter()
        let classes = try Self.classFolder()
        for (name, line) in Self.lines(classes: classes).sorted(by: { $0.key < $1.key }) {
            let before = lab.run(line: line)
            #expect(before.error == nil, "\(name): \(before.error ?? "")")
            guard name != "preprocess" else { continue }   // only reads the model's image size
            #expect(before.output.contains("no toy has been trained in this session"), "\(name): \(before.output)")
        }
        #expect(lab.run(line: "train --steps 10 --batch 8 --seed 3").error == nil)
        for (name, line) in Self.lines(classes: classes).sorted(by: { $0.key < $1.key }) {
            let after = lab.run(line: line)
            #expect(after.error == nil, "\(name): \(after.error ?? "")")
            guard name != "preprocess" else { continue }
            #expect(after.output.contains("the toy trained in this session"), "\(name): \(after.output)")
        }
    }

    @Test("classify --model toy and search --model toy both use the trained toy, as the session's model does")
    func classifyAndSearchAgree() throws {
        let lab = Support.interpreter()
        #expect(lab.run(line: "train --steps 20 --batch 8 --seed 3").error == nil)
        let classify = "classify toy:cat --labels \"cat,car,beach\" --json"
        let search = "search --data \(Self.photos) --text \"a red circle\" --top 3 --no-cache --json"
        func logits(_ output: String) throws -> [Double] {
            let object = try #require(JSONValue.parse(output) as? [String: Any])
            return try #require(object["ranking"] as? [[String: Any]]).compactMap { $0["logit"] as? Double }
        }
        func scores(_ output: String) throws -> [Double] {
            let object = try #require(JSONValue.parse(output) as? [String: Any])
            return try #require(object["results"] as? [[String: Any]]).compactMap { $0["score"] as? Double }
        }
        let trainedClassify = try logits(lab.run(line: classify).output)
        let trainedSearch = try scores(lab.run(line: search).output)
        #expect(lab.run(line: "load toy:new").error == nil)   // the session now holds an untrained toy
        #expect(try logits(lab.run(line: classify + " --model toy").output) == trainedClassify)
        #expect(try scores(lab.run(line: search + " --model toy").output) == trainedSearch)
        #expect(try logits(lab.run(line: classify).output) != trainedClassify)
    }
}
