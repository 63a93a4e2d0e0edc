import CLIPViz
import Foundation

/// The Jupyter form of a notebook: nbformat 4, kernelspec `cliplab`.
///
/// Prose becomes markdown cells and each cell a code cell with its recorded output as a
/// stdout stream. An exercise is a code cell holding the exercise as written (its blanks
/// `___` to fill in), followed by a markdown cell with the hint tiers and the solution
/// folded in `<details>`, and a code cell with its checks (`expect …`). The `cliplab`
/// metadata of each code cell says what it was (`cell` number, `options`, the `solution`),
/// so a test can run a lesson in a kernel exactly as `lesson check` runs it.
public enum NotebookIPYNB {
    /// The notebook as an nbformat-4 object. A first code cell sets the language, so the
    /// kernel answers in the lesson's own (`set lang zh`), and builds the state the lesson's
    /// front matter declares (`model: fresh` → a fresh toy), as `lesson N` does in the REPL.
    public static func object(_ notebook: Notebook, lang: String) -> [String: Any] {
        let setup = (try? LessonSetup(notebook))?.commands(trainsFirst: LessonSetup.trains(notebook.cells.first)) ?? []
        var cells: [[String: Any]] = [code(["set lang \(lang)"] + setup, output: nil, metadata: ["setup": true])]
        var number = 0
        for block in notebook.blocks {
            switch block {
            case .prose(let text):
                cells.append(markdown(text))
            case .cell(let cell):
                number += 1
                var meta: [String: Any] = ["cell": number, "options": cell.options]
                if let solution = cell.solution { meta["solution"] = solution }
                if let check = cell.check { meta["check"] = check }
                var tags: [String] = []
                if cell.mayFail || cell.isExercise { tags.append("raises-exception") }
                cells.append(code(cell.source, output: cell.output, metadata: meta, tags: tags))
                if cell.isExercise { cells += exerciseHelp(cell, lang: lang) }
            }
        }
        return [
            "nbformat": 4, "nbformat_minor": 5,
            "metadata": [
                "kernelspec": ["name": "cliplab", "display_name": "CLIPLab", "language": "cliplab"],
                "language_info": ["name": "cliplab", "file_extension": ".clip", "mimetype": "text/x-cliplab",
                                  "codemirror_mode": "shell"],
                "cliplab": ["lang": lang, "id": notebook.meta("id") ?? "", "title": notebook.meta("title") ?? "",
                            "needs": (notebook.meta("needs") ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                                .filter { !$0.isEmpty }],
            ],
            "cells": cells,
        ]
    }

    /// The `.ipynb` text (pretty-printed, keys sorted, so exports diff well).
    public static func render(_ notebook: Notebook, lang: String) throws(LabError) -> Data {
        do {
            return try JSONSerialization.data(withJSONObject: object(notebook, lang: lang),
                                              options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        } catch {
            throw LabError.failed("cannot render the notebook as JSON: \(error.localizedDescription)")
        }
    }

    /// Hint tiers and the solution folded, then the checks as a cell to run.
    static func exerciseHelp(_ cell: NotebookCell, lang: String) -> [[String: Any]] {
        let zh = lang == "zh"
        var parts: [String] = []
        if let hint = cell.hint {
            let tiers = hint.split(separator: "\n").map(String.init).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            for (index, tier) in tiers.enumerated() {
                let text = tier.drop { $0.isNumber }.drop { $0 == ")" || $0 == "." || $0 == " " }
                parts.append("<details><summary>\(zh ? "提示" : "Hint") \(index + 1)</summary>\n\n\(text)\n\n</details>")
            }
        }
        if let solution = cell.solution {
            parts.append("<details><summary>\(zh ? "答案" : "Solution")</summary>\n\n```\n\(solution.joined(separator: "\n"))\n```\n\n</details>")
        }
        var cells: [[String: Any]] = []
        if !parts.isEmpty { cells.append(markdown(parts.joined(separator: "\n"))) }
        if let check = cell.check, !check.isEmpty {
            cells.append(markdown(zh ? "填好上面的 `___` 并运行后，运行下一格检查：" : "Fill in the `___` above, run it, then run the next cell to check:"))
            cells.append(code(check, output: nil, metadata: ["checks": true]))
        }
        return cells
    }

    static func markdown(_ text: String) -> [String: Any] {
        ["cell_type": "markdown", "id": cellID(), "metadata": [String: Any](), "source": lines(text)]
    }

    static func code(_ source: [String], output: String?, metadata: [String: Any], tags: [String] = []) -> [String: Any] {
        var meta: [String: Any] = ["cliplab": metadata]
        if !tags.isEmpty { meta["tags"] = tags }
        var outputs: [[String: Any]] = []
        if let output, !output.isEmpty {
            outputs.append(["output_type": "stream", "name": "stdout", "text": lines(ANSIText.plain(output))])
        }
        return ["cell_type": "code", "id": cellID(), "execution_count": NSNull(), "metadata": meta,
                "source": lines(source.joined(separator: "\n")), "outputs": outputs]
    }

    /// nbformat's multi-line strings: a list of lines, each but the last ending in `\n`.
    static func lines(_ text: String) -> [String] {
        var result = text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0) + "\n" }
        if let last = result.last {
            result[result.count - 1] = String(last.dropLast())
            if result[result.count - 1].isEmpty { result.removeLast() }
        }
        return result
    }

    /// Cell ids (nbformat 4.5): stable per export run is not needed, unique is.
    private static func cellID() -> String { String(UUID().uuidString.lowercased().prefix(8)) }
}
