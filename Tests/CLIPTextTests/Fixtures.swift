import Foundation

/// Committed reference data under Tests/Fixtures/text/ (made by Tests/Reference/make_text_fixtures.py).
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/text")

    struct Case: Decodable {
        var category: String
        var text: String
        var openclip: [Int]
        var clip: [Int]?
        var hf: [Int]?
        /// Ids we aim for: the original OpenAI spelling of special tokens where it differs from open_clip.
        var expected: [Int] { clip ?? openclip }
    }

    struct Corpus: Decodable {
        var cases: [Case]
    }

    static let corpus: [Case] = {
        guard let data = try? Data(contentsOf: directory.appendingPathComponent("tokenizer_corpus.json")),
              let corpus = try? JSONDecoder().decode(Corpus.self, from: data) else { return [] }
        return corpus.cases
    }()

    static let patternClasses: [String: [[UInt32]]] = {
        guard let data = try? Data(contentsOf: directory.appendingPathComponent("pattern_classes.json")),
              let table = try? JSONDecoder().decode([String: [[UInt32]]].self, from: data) else { return [:] }
        return table
    }()
}
