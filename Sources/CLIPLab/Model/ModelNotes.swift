import CLIPData
import CLIPModel
import CLIPText
import CLIPViz
import Foundation

/// One-line notes printed next to results that could otherwise mislead: words a toy model
/// cannot read, and scores from weights that were never trained.
enum ModelNotes {
    /// `note: the toy model does not know 'sea', 'desert' — …`, or nil when every word is known.
    static func unknownWords(_ words: [String], model: CLIPPipeline, style: Style) -> String? {
        unknownWords(words, tokenizer: model.tokenizer, style: style)
    }

    static func unknownWords(_ words: [String], tokenizer: any TextTokenizer, style: Style) -> String? {
        guard !words.isEmpty else { return nil }
        let shown = words.prefix(8).map { "'\(LabError.printable($0, limit: 24))'" }.joined(separator: ", ")
        let more = words.count > 8 ? " and \(words.count - 8) more" : ""
        let known = (tokenizer as? ToyTokenizer).map { toy in
            " (it knows \(toy.words.count) words, e.g. " + examples(toy.words).joined(separator: ", ") + ")"
        } ?? ""
        return style.muted("note: the toy model does not know \(shown)\(more) — each reads as <|unknown|>\(known)")
    }

    /// A few vocabulary words spread over the list (colours, shapes, counts come in runs).
    private static func examples(_ words: [String]) -> [String] {
        let letters = words.filter { $0.allSatisfy(\.isLetter) && $0.count > 2 }
        guard letters.count > 3 else { return letters }
        return (1...3).map { letters[$0 * letters.count / 4] }
    }

    /// `random weights — the ranking means nothing yet …`, or nil for trained or loaded weights.
    static func randomWeights(_ model: CLIPPipeline, style: Style) -> String? {
        guard model.weights == .random else { return nil }
        let fix = model.isToy ? "'train' the toy model first" : "load a checkpoint for real scores"
        return style.muted("random weights — the ranking means nothing yet (\(fix))")
    }

    /// The unknown words of `texts` for the toy model's word tokenizer (empty for BPE).
    static func unknownWords(in texts: [String], model: CLIPPipeline) -> [String] {
        model.tokenize(texts).unknownWords
    }

    /// The word tokenizer that the session's model uses (the toy one when none is loaded yet,
    /// as the toy model is then the default), or nil when the model reads text with BPE.
    static func toyTokenizer(_ context: Context) -> ToyTokenizer? {
        guard let model = context.session.model else { return ToyTokenizer(words: ToyWorld.vocabulary) }
        return model.tokenizer as? ToyTokenizer
    }

    /// `text` followed by whichever notes apply, one per line.
    static func append(_ notes: [String?], to text: String) -> String {
        ([text] + notes.compactMap { $0 }).joined(separator: "\n")
    }

    /// `"unknown_words": [...]` and `"weights": "random"`, for `--json` objects.
    static func jsonFields(unknown: [String]?, model: CLIPPipeline?) -> [(String, JSONValue)] {
        var fields: [(String, JSONValue)] = []
        if let model { fields.append(("weights", .string(model.weights.rawValue))) }
        if let unknown { fields.append(("unknown_words", .strings(unknown))) }
        return fields
    }
}

extension Array where Element == String {
    /// The strings, each once, in order of first appearance.
    func uniqued() -> [String] {
        var seen = Set<String>()
        return filter { seen.insert($0).inserted }
    }
}
