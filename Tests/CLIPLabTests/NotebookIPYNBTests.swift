import Foundation
import Testing
@testable import CLIPLab

@Suite("Lessons as Jupyter notebooks, rich output for front ends")
struct NotebookIPYNBTests {
    @Test("a lesson exports as nbformat 4 with the CLIPLab kernelspec: prose as markdown, cells as code with their output")
    func export() throws {
        let lesson = try NotebookIO.read(Support.fixtures.appendingPathComponent("en/01-sample.md").path)
        let object = NotebookIPYNB.object(lesson, lang: "en")
        #expect(object["nbformat"] as? Int == 4)
        let kernelspec = (object["metadata"] as? [String: Any])?["kernelspec"] as? [String: Any]
        #expect(kernelspec?["name"] as? String == "cliplab")
        let cells = try #require(object["cells"] as? [[String: Any]])
        #expect((cells[0]["source"] as? [String]) == ["set lang en"])
        #expect(cells[1]["cell_type"] as? String == "markdown")
        let first = try #require(cells.first { (($0["metadata"] as? [String: Any])?["cliplab"] as? [String: Any])?["cell"] as? Int == 1 })
        #expect(first["source"] as? [String] == ["set width 60\n", "set --json"])
        let output = (first["outputs"] as? [[String: Any]])?.first
        #expect(output?["output_type"] as? String == "stream")
        #expect((output?["text"] as? [String])?.first == "width = 60\n")
        let failing = try #require(cells.first { (($0["metadata"] as? [String: Any])?["cliplab"] as? [String: Any])?["cell"] as? Int == 2 })
        #expect((failing["metadata"] as? [String: Any])?["tags"] as? [String] == ["raises-exception"])
    }

    @Test("an exercise keeps its blanks, folds hint tiers and the solution in <details>, and its checks become a cell")
    func exercise() throws {
        let lesson = try NotebookIO.read(Support.fixtures.appendingPathComponent("en/01-sample.md").path)
        let cells = try #require(NotebookIPYNB.object(lesson, lang: "en")["cells"] as? [[String: Any]])
        let index = try #require(cells.firstIndex { ($0["source"] as? [String]) == ["set seed ___"] })
        let meta = (cells[index]["metadata"] as? [String: Any])?["cliplab"] as? [String: Any]
        #expect(meta?["solution"] as? [String] == ["set seed 42"])
        let help = (cells[index + 1]["source"] as? [String])?.joined() ?? ""
        #expect(help.contains("<details><summary>Hint 1</summary>"))
        #expect(help.contains("<details><summary>Solution</summary>"))
        #expect(cells[index + 3]["source"] as? [String] == ["expect 'set' seed == 42"])
    }

    @Test("lesson export writes one notebook per lesson and language, valid JSON")
    func exportCommand() throws {
        let dir = Support.temporaryDirectory()
        let interpreter = Support.interpreter()
        let result = interpreter.run(line: "lesson export all --ipynb \(dir.path)")
        #expect(result.error == nil, "\(result.output)")
        for lang in ["en", "zh"] {
            let data = try Data(contentsOf: dir.appendingPathComponent("\(lang)/01-sample.ipynb"))
            let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            #expect(((object?["metadata"] as? [String: Any])?["cliplab"] as? [String: Any])?["lang"] as? String == lang)
        }
        #expect(interpreter.run(line: "lesson export 1").error?.contains("--ipynb") == true)
    }

    @Test("with a front end that shows pictures, matrix hands over a PNG and batch show an HTML table")
    func rich() throws {
        let interpreter = Support.interpreter()
        let shown = Shown()
        interpreter.context.console.presentRich = { shown.items.append($0) }
        #expect(interpreter.run(line: "batch toy 3").error == nil)
        #expect(interpreter.run(line: "matrix").error == nil)
        #expect(shown.items.last?.png?.prefix(4) == [0x89, 0x50, 0x4E, 0x47])
        #expect(interpreter.run(line: "batch show").error == nil)
        #expect(shown.items.last?.html?.contains("<table>") == true)
        // Without one, nothing is drawn twice.
        let plain = Support.interpreter()
        #expect(!plain.context.console.showsRich)
    }

    final class Shown: @unchecked Sendable { var items: [RichOutput] = [] }
}
