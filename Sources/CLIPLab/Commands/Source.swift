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
            if args.json {
                return .json(.array(SourceStage.all.map { .object([("name", .string($0.name)), ("file", .string($0.file)),
                                                                  ("about", .string($0.about))]) }))
            }
            let width = SourceStage.all.map(\.name.count).max() ?? 0
            return Output((["stage" + String(repeating: " ", count: width - 3) + "file"] + SourceStage.all.map {
                $0.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + $0.file + "  — " + $0.about
            }).joined(separator: "\n"))
        }
        let stage = try SourceStage.named(name)
        let excerpt = try stage.excerpt(root: try SourceStage.sourcesRoot())
        if args.json {
            return .json(.object([("name", .string(stage.name)), ("file", .string(stage.file)),
                                  ("first_line", .int(excerpt.firstLine)), ("last_line", .int(excerpt.lastLine)),
                                  ("code", .string(excerpt.text))]))
        }
        let numbered = excerpt.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map {
            String(format: "%4d  ", excerpt.firstLine + $0.offset) + $0.element
        }
        return Output((["\(stage.file):\(excerpt.firstLine)–\(excerpt.lastLine) — \(stage.about)"] + numbered)
            .joined(separator: "\n"))
    }
}

/// One stage of CLIP and where its implementation lives: a file under `Sources/` and the
/// start of a declaration, printed with its doc comment up to the matching closing brace.
struct SourceStage: Sendable {
    var name: String
    var file: String
    var marker: String
    var about: String

    static let all: [SourceStage] = [
        SourceStage(name: "tokenize", file: "CLIPText/ToyTokenizer.swift", marker: "public func encode(",
                    about: "the toy word tokenizer: words to ids, start and end tokens"),
        SourceStage(name: "bpe", file: "CLIPText/CLIPTokenizer.swift", marker: "public func encode(",
                    about: "the real byte-pair tokenizer, padded to the context length"),
        SourceStage(name: "preprocess", file: "CLIPImage/CLIPPreprocess.swift", marker: "public func callAsFunction(",
                    about: "resize, centre-crop and normalise a picture"),
        SourceStage(name: "patchify", file: "CLIPModel/VisionTransformer.swift", marker: "public func patchify(",
                    about: "cut the picture into patches, one token each"),
        SourceStage(name: "vit", file: "CLIPModel/VisionTransformer.swift", marker: "public func callAsFunction(",
                    about: "the image tower: patches, class token, positions, layers"),
        SourceStage(name: "attention", file: "CLIPCore/Tensor+Attention.swift", marker: "public static func attention(",
                    about: "multi-head scaled dot-product attention"),
        SourceStage(name: "layer", file: "CLIPModel/EncoderLayer.swift", marker: "public func callAsFunction(",
                    about: "one residual block: attention then MLP"),
        SourceStage(name: "text", file: "CLIPModel/TextTransformer.swift", marker: "public func callAsFunction(",
                    about: "the text tower: causal layers, the end token's state"),
        SourceStage(name: "encode-image", file: "CLIPModel/CLIP.swift", marker: "public func encodeImage(",
                    about: "image tower, projection, unit length"),
        SourceStage(name: "encode-text", file: "CLIPModel/CLIP.swift", marker: "public func encodeText(",
                    about: "text tower, projection, unit length"),
        SourceStage(name: "logits", file: "CLIPModel/CLIP.swift", marker: "public func callAsFunction(pixels",
                    about: "both towers, cosines scaled by e^t"),
        SourceStage(name: "loss", file: "CLIPModel/ContrastiveLoss.swift", marker: "public static func symmetric(",
                    about: "the symmetric cross-entropy of Figure 3"),
        SourceStage(name: "zero-shot", file: "CLIPTraining/ZeroShotClassifier.swift", marker: "public func logits(",
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
        where FileManager.default.fileExists(atPath: candidate + "/CLIPModel/ContrastiveLoss.swift") {
            return candidate
        }
        throw LabError.missing("source: the project's Sources folder is not here — run cliplab from the project folder or set CLIPLAB_SOURCES")
    }

    /// The declaration at `marker`, with the doc comment above it, to its closing brace.
    func excerpt(root: String) throws(LabError) -> (text: String, firstLine: Int, lastLine: Int) {
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
        return (lines[first...last].joined(separator: "\n"), first + 1, last + 1)
    }
}
