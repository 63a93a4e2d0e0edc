import Foundation

extension Command {
    static let source = Command(
        name: "source", group: .tools,
        summary: "Print the code that implements a stage of CLIP",
        help: """
        Prints the function that computes a stage, read from the project's own Sources
        folder, with its file and line numbers — the code behind the numbers the other
        commands print. Without NAME, lists the stages. The Sources folder is found next
        to the build, in the current folder, or in $CLIPLAB_SOURCES.

        Stages: \(SourceStage.all.map(\.name).joined(separator: ", ")).

        Example: source loss
                 source patchify --json
        """,
        positionals: [Positional("NAME", .optional, completion: .choices(SourceStage.all.map(\.name)))],
        json: true
    ) { _, args in
        guard let name = args.positional(0) else {
            let root = try SourceStage.sourcesRoot()
            let files = try SourceStage.all.map { stage throws(LabError) in try stage.file(root: root) }
            if args.json {
                return .json(.array(zip(SourceStage.all, files).map { stage, file in
                    .object([("name", .string(stage.name)), ("file", .string(file)), ("about", .string(stage.about))])
                }))
            }
            let width = SourceStage.all.map(\.name.count).max() ?? 0
            return Output((["stage" + String(repeating: " ", count: width - 3) + "file"] + zip(SourceStage.all, files).map {
                $0.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + $1 + "  — " + $0.about
            }).joined(separator: "\n"))
        }
        let stage = try SourceStage.named(name)
        let excerpt = try stage.excerpt(root: try SourceStage.sourcesRoot())
        if args.json {
            return .json(.object([("name", .string(stage.name)), ("file", .string(excerpt.file)),
                                  ("first_line", .int(excerpt.firstLine)), ("last_line", .int(excerpt.lastLine)),
                                  ("code", .string(excerpt.text))]))
        }
        let numbered = excerpt.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map {
            String(format: "%4d  ", excerpt.firstLine + $0.offset) + $0.element
        }
        return Output((["\(excerpt.file):\(excerpt.firstLine)–\(excerpt.lastLine) — \(stage.about)"] + numbered)
            .joined(separator: "\n"))
    }
}

/// One stage of CLIP and where its implementation lives: a declaration (`marker`) inside a
/// type (`owner`), found in whichever file under `Sources/` declares or extends that type and
/// holds the marker — so code can move between files without the table changing. Printed
/// with its doc comment up to the matching closing brace.
struct SourceStage: Sendable {
    var name: String
    /// The type the code belongs to: a file that declares or extends it is searched.
    var owner: String
    var marker: String
    var about: String

    static let all: [SourceStage] = [
        SourceStage(name: "tokenize", owner: "ToyTokenizer", marker: "public func encode(",
                    about: "the toy word tokenizer: words to ids, start and end tokens"),
        SourceStage(name: "bpe", owner: "CLIPTokenizer", marker: "public func encode(",
                    about: "the real byte-pair tokenizer, padded to the context length"),
        SourceStage(name: "preprocess", owner: "CLIPPreprocess", marker: "public func callAsFunction(",
                    about: "resize, centre-crop and normalise a picture"),
        SourceStage(name: "patchify", owner: "VisionTransformer", marker: "public func patchify(",
                    about: "cut the picture into patches, one token each"),
        SourceStage(name: "vit", owner: "VisionTransformer", marker: "public func callAsFunction(",
                    about: "the image tower: patches, class token, positions, layers"),
        SourceStage(name: "attention", owner: "Tensor", marker: "public static func attention(",
                    about: "multi-head scaled dot-product attention"),
        SourceStage(name: "layer", owner: "EncoderLayer", marker: "public func callAsFunction(",
                    about: "one residual block: attention then MLP"),
        SourceStage(name: "text", owner: "TextTransformer", marker: "public func callAsFunction(",
                    about: "the text tower: causal layers, the end token's state"),
        SourceStage(name: "encode-image", owner: "CLIP", marker: "public func encodeImage(",
                    about: "image tower, projection, unit length"),
        SourceStage(name: "encode-text", owner: "CLIP", marker: "public func encodeText(",
                    about: "text tower, projection, unit length"),
        SourceStage(name: "logits", owner: "Objective", marker: "public func output(imageEmbeds",
                    about: "one matrix product of unit vectors, cosines scaled by e^t (+ SigLIP's bias)"),
        SourceStage(name: "loss", owner: "ContrastiveLoss", marker: "public static func symmetric(",
                    about: "the symmetric cross-entropy of Figure 3"),
        SourceStage(name: "sigmoid-loss", owner: "SigmoidLoss", marker: "public static func pairwise(",
                    about: "SigLIP's loss: a sigmoid per pair, summed over all N² pairs"),
        SourceStage(name: "zero-shot", owner: "ZeroShotClassifier", marker: "public func logits(",
                    about: "class prompts as the weights of a linear classifier"),
    ]

    static func named(_ name: String) throws(LabError) -> SourceStage {
        if let stage = all.first(where: { $0.name == name.lowercased() }) { return stage }
        let near = EditDistance.suggestions(for: name, among: all.map(\.name), limit: 2)
        let hint = near.isEmpty ? "type 'source' for the list" : "did you mean \(near.joined(separator: " or "))?"
        throw LabError.missing("no stage '\(LabError.printable(name))' — \(hint)")
    }

    /// The project's `Sources` folder: `$CLIPLAB_SOURCES`, the tree this file was compiled
    /// from, `./Sources`, or a `Sources` folder above the executable.
    static func sourcesRoot() throws(LabError) -> String {
        var candidates: [String] = []
        if let env = ProcessInfo.processInfo.environment["CLIPLAB_SOURCES"] { candidates.append(env) }
        // #filePath is …/Sources/CLIPLab/Commands/Source.swift.
        candidates.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path)
        candidates += ProjectFolder.nearby("Sources")
        for candidate in candidates
        where FileManager.default.fileExists(atPath: candidate + "/CLIPModel/CLIP.swift") {
            return candidate
        }
        throw LabError.missing("source: the project's Sources folder is not here — run cliplab from the project folder or set CLIPLAB_SOURCES")
    }

    /// The file under `root` (relative, e.g. `CLIPModel/Objective.swift`) that declares or
    /// extends `owner` and holds `marker`; the first in path order.
    func file(root: String) throws(LabError) -> String {
        let declarations = ["class", "struct", "enum", "extension", "protocol", "actor"].map { "\($0) \(owner)" }
        func declares(_ text: String) -> Bool {
            text.split(separator: "\n").contains { line in
                let words = line.split(whereSeparator: { " \t:{<".contains($0) }).map(String.init)
                return zip(words, words.dropFirst()).contains { declarations.contains("\($0) \($1)") }
            }
        }
        let files = (FileManager.default.subpaths(atPath: root) ?? []).filter { $0.hasSuffix(".swift") }.sorted()
        for relative in files {
            guard let text = try? String(contentsOfFile: root + "/" + relative, encoding: .utf8),
                  text.contains(marker), declares(text) else { continue }
            return relative
        }
        throw LabError.failed("no file under \(root) declares \(owner) with '\(marker)' — the stage table in Source.swift needs updating")
    }

    /// The declaration at `marker`, with the doc comment above it, to its closing brace.
    func excerpt(root: String) throws(LabError) -> (file: String, text: String, firstLine: Int, lastLine: Int) {
        let file = try file(root: root)
        let path = root + "/" + file
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw LabError.file(path: path, reason: "cannot be read — set CLIPLAB_SOURCES to the project's Sources folder")
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(where: { $0.contains(marker) }) else {
            throw LabError.failed("\(file) no longer has '\(marker)' — the stage table in Source.swift needs updating")
        }
        var first = start
        while first > 0 {
            let above = lines[first - 1].trimmingCharacters(in: .whitespaces)
            guard above.hasPrefix("///") || above.hasPrefix("@") else { break }
            first -= 1
        }
        var depth = 0, opened = false, last = start
        scan: for index in start..<lines.count {
            for character in lines[index] {
                if character == "{" { depth += 1; opened = true }
                if character == "}" { depth -= 1 }
                if opened && depth == 0 { last = index; break scan }
            }
            last = index
        }
        return (file, lines[first...last].joined(separator: "\n"), first + 1, last + 1)
    }
}
