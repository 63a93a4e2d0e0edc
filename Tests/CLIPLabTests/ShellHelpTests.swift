import CLIPImage
import CLIPViz
import Foundation
import Testing
@testable import CLIPLab

/// The rough edges a newcomer meets in a shell: `--help`, usage lines, script errors, typos
/// of preset names, `set`, saved notebooks, the exported PNG and `quit`.
@Suite("Shell and help")
struct ShellHelpTests {
    @Test("cliplab --help says how to start the REPL and run a script, and names REPL-only commands apart")
    func shellHelp() throws {
        let run = try Support.cli(["--help"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("cliplab                    start the interactive REPL"))
        #expect(run.stdout.contains("cliplab < script.clip"))
        let listed = run.stdout.split(separator: "\n").filter { $0.hasPrefix("  ") }.map { $0.split(separator: " ").first.map(String.init) ?? "" }
        for name in ["quit", "next", "back", "hint", "check", "solution"] {
            #expect(!listed.contains(name), "\(name) is listed in cliplab --help")
        }
        #expect(run.stdout.contains("Inside the REPL also: quit"))
        #expect(listed.contains("tokenize") && listed.contains("lesson"))
    }

    @Test("A help paragraph written over several lines wraps as one; a table row's continuation joins it; e.g. and example lines stay")
    func helpParagraphs() {
        let text = """
        One paragraph written by hand at a
        width the window does not have,
        which wraps as a whole.

          --flag X  a description that goes
                    on here
          f(x)      what f does
                    e.g. f(2)
        Example: run this
                 then this
        """
        #expect(HelpFormatter.fit(text, width: 40) == """
        One paragraph written by hand at a width
        the window does not have, which wraps as
        a whole.

          --flag X  a description that goes on
                    here
          f(x)      what f does
                    e.g. f(2)
        Example: run this
                 then this
        """)
    }

    @Test("No help page, at 60, 80 or 120 columns, leaves a short line in the middle of a paragraph")
    func helpFillsLines() {
        func pages(_ commands: [Command], prefix: String) -> [(String, String)] {
            commands.flatMap { c in [(prefix + c.name, HelpFormatter.detail(c, prefix: prefix))] + pages(c.subcommands, prefix: prefix + c.name + " ") }
        }
        for width in [60, 80, 120] {
            for (name, page) in pages(CommandTable.standard.commands, prefix: "") {
                let lines = HelpFormatter.fit(page, width: width).components(separatedBy: "\n")
                for (line, next) in zip(lines, lines.dropFirst()) {
                    let indent = line.prefix { $0 == " " }.count
                    // Two prose lines of one paragraph: the first is not a stub (a line break the
                    // source made, which the window did not ask for).
                    guard indent == 0, next.first != " ", !next.isEmpty, !line.isEmpty,
                          !(line.hasSuffix(":") && line.split(separator: " ").count <= 3),
                          !line.contains("  "), !next.contains("  "),
                          !["usage:", "Example:", "aliases:"].contains(where: { next.hasPrefix($0) || line.hasPrefix($0) }) else { continue }
                    let word = DisplayWidth.of(String(next.split(separator: " ").first ?? ""))
                    #expect(DisplayWidth.of(line) > width / 2 || DisplayWidth.of(line) + 1 + word > width,
                            "help \(name) at \(width): '\(line)' is cut short before '\(next)'")
                }
            }
        }
    }

    @Test("Usage lines show required options and alternatives as required", arguments: [
        (["help", "classify"], "usage: classify --labels A,B,C [--template T…]"),
        (["help", "tokenize"], "[--json] (TEXT…|--stdin)"),
        (["help", "eval", "zeroshot"], "--data FOLDER"),
    ])
    func usageLines(arguments: [String], expected: String) throws {
        let run = try Support.cli(arguments)
        // The usage line, with the lines it wraps onto at the window's width joined back.
        let lines = run.stdout.components(separatedBy: "\n")
        let usage = ([lines[0]] + lines.dropFirst().prefix { $0.hasPrefix("       ") }.map { $0.trimmingCharacters(in: .whitespaces) })
            .joined(separator: " ")
        #expect(usage.contains(expected), "\(usage)")
        #expect(!usage.contains("[--labels") && !usage.contains("[--data"))
    }

    @Test("A piped script's error names its line")
    func scriptLineNumbers() throws {
        let run = try Support.cli([], stdin: "batch scenes\nmatirx\n\nload vit-b32\n")
        #expect(run.stderr == "line 2: error: unknown command 'matirx' — did you mean 'matrix'?\n"
                + "line 4: error: no model or file 'vit-b32' — did you mean vit-b-32? ('help load' lists the names)\n")
    }

    @Test("load suggests the nearest preset for a typo")
    func presetTypo() throws {
        let run = try Support.cli(["load", "vit-b32"])
        #expect(run.status == 1 && run.stderr.contains("did you mean vit-b-32?"), "\(run.stderr)")
    }

    @Test("set confirms the change, and set lang zh answers in Chinese; lesson-engine messages follow")
    func setConfirms() throws {
        let run = try Support.cli([], stdin: "set width 90\nset lang zh\nlessons\nhint\n")
        #expect(run.stdout.hasPrefix("width = 90\n语言：中文"), "\(run.stdout)")
        #expect(run.stdout.contains("开始一课：lesson N"))
        #expect(run.stderr.contains("还没有打开课程"), "\(run.stderr)")
        let back = try Support.cli(["set", "lang", "en"])
        #expect(back.stdout.hasPrefix("lang = en"))
    }

    @Test("save NOTEBOOK.md with colour on writes plain Markdown")
    func saveIsPlain() throws {
        let dir = Support.temporaryDirectory()
        let run = try Support.cli([], stdin: "set color on\nbatch scenes\nmatrix\nsave out.md\n", directory: dir)
        #expect(run.status == 0 && run.stdout.contains("\u{1B}["), "colour was not on")
        let saved = try String(contentsOf: dir.appendingPathComponent("out.md"), encoding: .utf8)
        #expect(!saved.contains("\u{1B}") && saved.contains("matching pair"), "\(saved.prefix(300))")
    }

    @Test("The exported matrix PNG has a legend for the outlined diagonal and the best-in-row marks")
    func pngLegend() throws {
        let dir = Support.temporaryDirectory()
        let run = try Support.cli([], stdin: "batch scenes\nexport matrix m.png\n", directory: dir)
        #expect(run.status == 0, "\(run.stderr)")
        let image = try ImageIO.load(path: dir.appendingPathComponent("m.png").path)
        // The outlined diagonal is one band of accent-coloured rows (its cells touch at the
        // corners); the legend's box and square below the grid are a second band.
        let accent = Theme.default.accent
        let accentRows = (0..<image.height).filter { y in
            (0..<image.width).contains { x in
                let i = (y * image.width + x) * 3
                return image.pixels[i] == accent.r && image.pixels[i + 1] == accent.g && image.pixels[i + 2] == accent.b
            }
        }
        let bands = 1 + zip(accentRows, accentRows.dropFirst()).filter { $1 - $0 > 4 }.count
        #expect(bands == 2, "\(accentRows)")
        #expect(Raster.heatmap(Heatmap([[1, 0], [0, 1]], rowLabels: ["a", "b"], columnLabels: ["x", "y"])).height
                > Raster.heatmap(Heatmap([[1, 0], [0, 1]], rowLabels: ["a", "b"], columnLabels: ["x", "y"], highlightDiagonal: false, best: .none)).height)
    }

    @Test("quit after training without saving keeps the model under HOME and 'load toy --last' brings it back")
    func quitKeepsTheModel() throws {
        let home = Support.temporaryDirectory()
        let lost = try Support.cli([], stdin: "train --steps 2 --batch 4 --seed 5\nquit\n", environment: ["HOME": home.path])
        #expect(lost.status == 0 && lost.stdout.contains("kept the toy model trained here in ~/.cliplab/last-toy"), "\(lost.stdout)")
        #expect(FileManager.default.fileExists(atPath: home.path + "/.cliplab/last-toy/model.safetensors"))
        let back = try Support.cli(["load", "toy", "--last", "--json"], environment: ["HOME": home.path])
        #expect(back.status == 0 && back.stdout.contains("last-toy"), "\(back.stderr)")
        let state = Support.temporaryDirectory()
        let xdg = try Support.cli([], stdin: "train --steps 2 --batch 4\nquit\n",
                                  environment: ["HOME": home.path, "XDG_STATE_HOME": state.path])
        #expect(xdg.stdout.contains(state.path + "/cliplab/last-toy"))
        let kept = try Support.cli([], stdin: "train --steps 2 --batch 4\nsave ~/toy\nquit\n", environment: ["HOME": home.path])
        #expect(kept.status == 0 && !kept.stdout.contains("kept the toy model"))
        let untrained = try Support.cli([], stdin: "batch scenes\nquit\n")
        #expect(!untrained.stdout.contains("kept the toy model"))
        let none = try Support.cli(["load", "toy", "--last"])
        #expect(none.status != 0 && none.stderr.contains("no toy model was kept yet"))
    }
}
