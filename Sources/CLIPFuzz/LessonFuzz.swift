import CLIPLab
import Foundation

/// The lesson and notebook Markdown parser (front matter, prose, fenced `cliplab` cells,
/// recorded outputs): whatever parses must render and parse back to the same notebook.
enum LessonFuzz {
    static func run(_ bytes: [UInt8]) throws(FuzzFinding) -> Bool {
        guard let text = String(validating: bytes, as: UTF8.self),
              let notebook = try? NotebookParser.parse(text) else { return false }
        let rendered = NotebookRenderer.render(notebook)
        guard let again = try? NotebookParser.parse(rendered) else {
            throw FuzzFinding(description: "rendered notebook does not parse:\n\(rendered)")
        }
        try expect(again == notebook, "render/parse round trip changed the notebook:\n\(rendered)\nparsed:   \(notebook)\nreparsed: \(again)")
        return true
    }
}
