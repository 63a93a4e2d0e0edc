import Foundation
import Testing
@testable import CLIPLab

@Suite("The notebook format")
struct NotebookTests {
    static let canonical = """
    ---
    id: demo
    title: A demo
    order: 2
    ---

    # Heading

    Some prose with `code`.

    ```python
    # not a cell
    ```

    ```cliplab
    set width 60
    version
    ```

    ```output
    cliplab 0.1.0
    ```

    ```cliplab exercise volatile
    set seed ___
    ```

    ```hint
    A number.
    ```

    ```solution
    set seed 1
    ```

    ```check
    expect 'set' seed == 1
    ```

    ````output
    ```
    inner fence
    ```
    ````

    Closing prose.

    """

    @Test("Parsing then rendering gives the same text")
    func roundTrip() throws {
        let notebook = try NotebookParser.parse(Self.canonical)
        #expect(NotebookRenderer.render(notebook) == Self.canonical)
        #expect(try NotebookParser.parse(NotebookRenderer.render(notebook)) == notebook)
    }

    @Test("Windows (CRLF) and old Mac (CR) line endings read like Unix ones", arguments: ["\r\n", "\r"])
    func lineEndings(ending: String) throws {
        let text = Self.canonical.replacingOccurrences(of: "\n", with: ending)
        #expect(try NotebookParser.parse(text) == NotebookParser.parse(Self.canonical))
    }

    @Test("Front matter, prose, cells and their attachments are read")
    func structure() throws {
        let notebook = try NotebookParser.parse(Self.canonical)
        #expect(notebook.meta("id") == "demo" && notebook.meta("order") == "2")
        let cells = notebook.cells
        #expect(cells.count == 2)
        #expect(cells[0].source == ["set width 60", "version"])
        #expect(cells[0].output == "cliplab 0.1.0\n")
        #expect(cells[1].isExercise && cells[1].isVolatile)
        #expect(cells[1].hint == "A number.")
        #expect(cells[1].runnableLines == ["set seed 1"])
        #expect(cells[1].output == "```\ninner fence\n```\n")
        guard case .prose(let prose) = notebook.blocks[0] else { Issue.record("first block is not prose"); return }
        #expect(prose.contains("```python"))
    }

    @Test("An output block after prose is prose, not a cell's output")
    func detached() throws {
        let notebook = try NotebookParser.parse("```cliplab\nversion\n```\n\ntext\n\n```output\nx\n```\n")
        #expect(notebook.cells[0].output == nil)
        #expect(notebook.blocks.count == 2)
    }

    @Test("Broken notebooks give one-line errors", arguments: [
        "---\nid: x\n", "```cliplab\nversion\n", "---\nnot a pair\n---\n",
    ])
    func broken(text: String) {
        #expect(throws: LabError.self) { try NotebookParser.parse(text) }
    }

    @Test("A session becomes a notebook that replays to the same outputs")
    func saveAndReplay() throws {
        let lab = Support.interpreter()
        for line in ["set width 70", "set --json", "set lang xx", "version --json"] { lab.run(line: line) }
        let dir = Support.temporaryDirectory()
        let path = dir.appendingPathComponent("session.md").path
        #expect(!lab.run(line: "save \(path)").failed)
        #expect(lab.run(line: "save \(path)").error?.contains("--force") == true)
        let saved = try NotebookIO.read(path)
        #expect(saved.cells.count == 4)
        #expect(saved.cells[2].mayFail)
        let (ran, problems) = try NotebookRunner().run(saved)
        #expect(problems.isEmpty)
        for (a, b) in zip(saved.cells, ran.cells) { #expect(a.output == b.output) }
    }

    @Test("Volatile outputs compare with digits masked", arguments: [
        ("took 12.5 ms\n", "took 9.75 ms\n", true, true),
        ("took 12.5 ms\n", "took 9.75 ms\n", false, false),
        ("a  \nb\n\n", "a\nb", false, true),
        ("a\nb\n", "a\nc\n", true, false),
    ])
    func comparison(expected: String, actual: String, volatile: Bool, same: Bool) {
        #expect((OutputComparison.difference(expected: expected, actual: actual, volatile: volatile) == nil) == same)
    }

    @Test("A difference names the line and both texts")
    func differenceText() {
        let diff = OutputComparison.difference(expected: "a\nb\n", actual: "a\nc\n", volatile: false)
        #expect(diff == "line 2: expected \"b\", got \"c\"")
    }
}
