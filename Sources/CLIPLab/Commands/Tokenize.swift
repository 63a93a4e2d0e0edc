import CLIPCore
import CLIPModel
import CLIPViz
import CLIPText
import Foundation

extension Command {
    static let tokenize = Command(
        name: "tokenize", aliases: ["tok"], group: .text,
        summary: "Split text into CLIP's BPE tokens and ids",
        help: """
        Cleans each TEXT as CLIP does, splits it into byte-level BPE pieces and shows each
        piece over its id, from <|startoftext|> (49406) to <|endoftext|> (49407). Each
        argument is one text: quote a text with spaces. Texts longer than the context
        length are cut, keeping <|endoftext|> last. `</w>` marks the end of a word.

        --trace shows how each word became its tokens: the cleaned text, the byte-level
        symbols, and every merge applied in rank order (lower ranks were learned first).

        --json prints [{"text", "ids", "tokens", "truncated"}, …] (with --trace, each object
        also has "trace": the words with their merges; with the toy model loaded,
        "unknown_words": the words its word tokenizer lacks). With --stdin (one-shot
        only) each input line is one text; with --stdin --json each line prints one JSON
        array of ids.

        Example: tokenize "a photo of a cat"
                 tokenize --trace "unbelievably"
                 tokenize --context-length 8 "a very long caption about a cat on a mat"
                 cliplab tokenize --stdin --json < captions.txt
        """,
        positionals: [{ var text = Positional("TEXT", .variadic); text.alternative = "--stdin"; return text }()],
        options: [.contextLength,
                  .trace,
                  .stdin],
        json: true
    ) { context, args in
        let length = try args.int(.contextLength, default: defaultContextLength)
        let tokenizer = try CLIPTokenizer.bundled()
        if args.flag(.stdin) {
            guard context.standardInputIsFree else {
                throw LabError.usage("--stdin works in one-shot use (cliplab tokenize --stdin < FILE); here, give the text as arguments", usage: args.usage)
            }
            guard args.positionals.isEmpty else { throw LabError.usage("give TEXT or --stdin, not both", usage: args.usage) }
            try TokenizeView.streamStandardInput(tokenizer, contextLength: length, json: args.json, context: context)
            return .empty
        }
        guard !args.positionals.isEmpty else { throw LabError.usage("missing TEXT", usage: args.usage) }
        let results = args.positionals.map { tokenizer.encode($0, contextLength: length) }
        if results.count == 1 { context.session.bind(["ids": Tensor(shape: [results[0].ids.count], data: results[0].ids.map(Float.init))], by: "tokenize") }
        let trace = args.flag(.trace)
        // With the toy model loaded, also say which words its word tokenizer lacks.
        let toy = (context.session.model?.tokenizer as? ToyTokenizer)
        let unknown = toy.map { toy in results.map { toy.encode($0.text, contextLength: length).unknownWords } }
        if args.json {
            return .json(.array(results.enumerated().map { i, t in
                guard case .object(var fields) = TokenizeView.json(t) else { return TokenizeView.json(t) }
                if trace { fields.append(("trace", TokenizeTraceView.json(t.text, tokenizer: tokenizer))) }
                if let unknown { fields.append(("unknown_words", .strings(unknown[i]))) }
                return .object(fields)
            }))
        }
        let width = context.settings.width
        let text = results.map { t in
            TokenizeView.render(t, width: width, contextLength: length)
                + (trace ? "\n" + TokenizeTraceView.render(t.text, tokenizer: tokenizer, width: width) : "")
        }.joined(separator: "\n\n")
        let note = toy.flatMap { ModelNotes.unknownWords((unknown ?? []).flatMap { $0 }.uniqued(), tokenizer: $0, style: context.style) }
        return Output(ModelNotes.append([note], to: text))
    }
}

/// Drawing and JSON for `tokenize`.
enum TokenizeView {
    /// `{"text": …, "ids": […], "tokens": […], "truncated": false}`.
    static func json(_ t: TokenizedText) -> JSONValue {
        .object([("text", .string(t.text)), ("ids", .array(t.ids.map { .int($0) })),
                 ("tokens", .array(t.tokens.map { .string($0) })), ("truncated", .bool(t.truncated))])
    }

    /// A header, then rows of pieces over ids, wrapped to `width` columns.
    ///
    /// ```
    /// "a cat" → 4 tokens
    /// <|startoftext|> a</w> cat</w> <|endoftext|>
    /// 49406           320   2368    49407
    /// ```
    static func render(_ t: TokenizedText, width: Int, contextLength: Int) -> String {
        var header = "\"\(LabError.printable(t.text, limit: 60))\" → \(t.ids.count) token\(t.ids.count == 1 ? "" : "s")"
        if t.truncated { header += " (cut to \(contextLength), <|endoftext|> kept last)" }
        var lines = [header]
        var pieces = "", ids = ""
        for (piece, id) in zip(t.tokens.map(shown), t.ids) {
            let cell = max(DisplayWidth.of(piece), String(id).count)
            if !pieces.isEmpty && DisplayWidth.of(pieces) + cell > width {
                lines.append(trimmed(pieces)); lines.append(trimmed(ids))
                pieces = ""; ids = ""
            }
            pieces += DisplayWidth.pad(piece, to: cell + 1)
            ids += DisplayWidth.pad(String(id), to: cell + 1)
        }
        if !pieces.isEmpty { lines.append(trimmed(pieces)); lines.append(trimmed(ids)) }
        return lines.joined(separator: "\n")
    }

    /// A piece as printable text (control characters never reach the terminal).
    private static func shown(_ piece: String) -> String { LabError.printable(piece, limit: 40) }

    private static func trimmed(_ s: String) -> String {
        var s = s
        while s.last == " " { s.removeLast() }
        return s
    }

    /// Tokenizes stdin line by line, printing as it goes (so a 10 MB input streams).
    static func streamStandardInput(_ tokenizer: CLIPTokenizer, contextLength: Int, json: Bool, context: Context) throws(LabError) {
        let input = FileHandle.standardInput
        var pending: [UInt8] = []
        var out = ""
        func emit(_ line: ArraySlice<UInt8>) {
            var bytes = Array(line)
            if bytes.last == 13 { bytes.removeLast() }
            let t = tokenizer.encode(bytes: bytes, contextLength: contextLength)
            if json {
                out += "[" + t.ids.map(String.init).joined(separator: ",") + "]\n"
            } else {
                out += render(t, width: context.settings.width, contextLength: contextLength) + "\n\n"
            }
            if out.utf8.count > 1 << 16 { context.console.write(out); out = "" }
        }
        while true {
            let chunk = input.availableData
            if chunk.isEmpty { break }
            pending.append(contentsOf: chunk)
            var start = 0
            while let newline = pending[start...].firstIndex(of: 10) {
                emit(pending[start..<newline])
                start = newline + 1
            }
            pending.removeFirst(start)
            if context.isCancelled() { throw LabError.interrupted }
        }
        if !pending.isEmpty { emit(pending[...]) }
        context.console.write(out)
    }
}

/// The options of this file's commands, read by name (`args.value(.x)`): a misspelt one does not compile.
extension Option {
    static let contextLength: Option = .integer("context-length", "N", in: 2...1_000_000, help: "longest id list, SOT and EOT included (default 77)")
    static let stdin: Option = .flag("stdin", help: "read one text per line from standard input (one-shot use)")
    static let trace: Option = .flag("trace", help: "show every BPE merge, word by word")
}
