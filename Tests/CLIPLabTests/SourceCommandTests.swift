import Foundation
import Testing
@testable import CLIPLab

@Suite("source prints the implementation of a stage")
struct SourceCommandTests {
    @Test("source loss prints ContrastiveLoss.symmetric with its file and line numbers")
    func loss() {
        let output = Support.interpreter().run(line: "source loss").output
        #expect(output.hasPrefix("CLIPModel/ContrastiveLoss.swift:"))
        #expect(output.contains("public static func symmetric("))
        #expect(output.contains("crossEntropy"))
    }

    @Test("Every stage in the table still finds its declaration and ends at a closing brace",
          arguments: SourceStage.all.map(\.name))
    func everyStage(name: String) throws {
        let stage = try SourceStage.named(name)
        let excerpt = try stage.excerpt(root: try SourceStage.sourcesRoot())
        #expect(excerpt.text.contains(stage.marker))
        #expect(excerpt.text.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("}"))
        #expect(excerpt.lastLine > excerpt.firstLine)
    }

    @Test("source --json gives the file, the line range and the code")
    func json() throws {
        let output = Support.interpreter().run(line: "source patchify --json").output
        let object = try #require(JSONValue.parse(output) as? [String: Any])
        #expect(object["file"] as? String == "CLIPModel/VisionTransformer.swift")
        #expect((object["code"] as? String)?.contains("func patchify(") == true)
        #expect((object["first_line"] as? Int ?? 0) > 0)
    }

    @Test("An unknown stage fails in one line and suggests a near name")
    func unknown() {
        let result = Support.interpreter().run(line: "source los")
        #expect(result.failed)
        #expect(result.output.contains("did you mean loss"))
    }

    @Test("Without a name, source lists every stage")
    func list() {
        let output = Support.interpreter().run(line: "source").output
        for stage in SourceStage.all { #expect(output.contains(stage.name)) }
    }
}
