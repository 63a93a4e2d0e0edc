import Foundation
import Testing
@testable import CLIPLab

/// Output that would look broken without a word of explanation: words the toy model cannot
/// read, scores from untrained weights, points drawn on top of each other, and pair numbers.
@Suite("Honest output")
struct HonestOutputTests {
    static let note = "note: the toy model does not know"

    @Test("Every command that tokenizes for the toy names its unknown words in one line", arguments: [
        ("classify toy:beach --labels \"sea,desert,city\"", 1),
        ("batch add toy:red-circle \"a red sea\"", 1),
        ("encode text \"a sea\"", 1),
        ("batch add toy:cat \"a sea\"\nmatrix", 2),
        ("load toy\ntokenize \"a red sea\"", 1),
    ])
    func unknownWordsNote(script: String, commands: Int) throws {
        let run = try Support.cli([], stdin: script + "\n")
        #expect(run.status == 0, "\(run.stderr)")
        let notes = run.stdout.split(separator: "\n").filter { $0.hasPrefix(Self.note) }
        #expect(notes.count == commands, "\(run.stdout)")
        #expect(notes.allSatisfy { $0.contains("'sea'") && !$0.contains("'.'") })
    }

    @Test("Known words get no note, and tokenize without the toy model loaded gives none")
    func noNoteWhenKnown() throws {
        let known = try Support.cli([], stdin: "classify toy:red-circle --labels \"red circle,blue square\"\n")
        #expect(known.status == 0 && !known.stdout.contains(Self.note), "\(known.stdout)")
        let bpe = try Support.cli(["tokenize", "a zebra"])
        #expect(bpe.status == 0 && !bpe.stdout.contains(Self.note), "\(bpe.stdout)")
    }

    @Test("--json carries the unknown words", arguments: [
        ("classify toy:beach --labels \"sea,desert,city\" --json", "\"unknown_words\":[\"sea\",\"desert\",\"city\"]"),
        ("batch add toy:cat \"a sea\" --json", "\"unknown_words\":[\"sea\"]"),
        ("encode text \"a sea\" --json", "\"unknown_words\":[\"sea\"]"),
        ("batch add toy:cat \"a sea\"\nmatrix --json", "\"unknown_words\":[\"sea\"]"),
        ("load toy\ntokenize \"a sea\" --json", "\"unknown_words\":[\"sea\"]"),
        ("classify toy:cat --labels \"red circle,blue square\" --json", "\"unknown_words\":[]"),
    ])
    func unknownWordsJSON(script: String, expected: String) throws {
        let run = try Support.cli([], stdin: script + "\n")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains(expected), "\(run.stdout)")
    }

    @Test("classify and matrix say when the weights are random, and --json names the weights")
    func randomWeights() throws {
        let line = "random weights — the ranking means nothing yet"
        let random = try Support.cli([], stdin: "classify toy:cat --labels \"red circle,blue square\"\nbatch scenes\nmatrix\n"
                                     + "classify toy:cat --labels \"red circle,blue square\" --json\nmatrix --json\n")
        #expect(random.stdout.components(separatedBy: line).count - 1 == 2, "\(random.stdout)")
        #expect(random.stdout.components(separatedBy: "\"weights\":\"random\"").count - 1 == 2)
        let home = Support.temporaryDirectory()
        let trained = try Support.cli([], stdin: "train --steps 3 --batch 4\nbatch scenes\nmatrix\nmatrix --json\nsave ~/toy\n"
                                      + "load ~/toy\nclassify toy:cat --labels \"red circle,blue square\" --json\n",
                                      environment: ["HOME": home.path])
        #expect(trained.status == 0, "\(trained.stderr)")
        #expect(!trained.stdout.contains(line))
        #expect(trained.stdout.contains("\"weights\":\"trained\"") && trained.stdout.contains("\"weights\":\"checkpoint\""))
    }

    @Test("space lists the markers that land on one spot under the plot")
    func spaceOverlaps() throws {
        let run = try Support.cli([], stdin: "batch scenes\nspace\n")
        #expect(run.status == 0)
        let lines = run.stdout.split(separator: "\n")
        let overlap = try #require(lines.last { $0.hasPrefix("overlapping (drawn on one spot): ") })
        #expect(overlap.split(separator: " ").count >= 6, "\(overlap)")
        #expect(lines.last == overlap)
    }

    @Test("batch show, matrix and space number pairs the same way, from 1")
    func oneNumbering() throws {
        let run = try Support.cli([], stdin: "batch scenes\nspace\n")
        #expect(run.stdout.contains("1  toy:cat") && run.stdout.contains("4  toy:forest"))
        #expect(run.stdout.contains("'space' draws pair 1 as A and a"))
        #expect(run.stdout.contains("1 A cat") && run.stdout.contains("4 D forest"))
        let matrix = try Support.cli([], stdin: "batch scenes\nmatrix\n")
        #expect(matrix.stdout.contains("  1 a photo of a cat") && matrix.stdout.contains("  4 a photo of a forest"))
    }
}
