import CLIPCore
import CLIPText
import Foundation

extension Command {
    static let bench = Command(
        name: "bench", group: .tools,
        summary: "Measure speed: matrix multiply (gemm), tokenization, model encoding, training steps, zero-shot",
        help: """
        Speed lives here, never in tests. Compare the numbers with the reference scripts in
        Tests/Reference on the same machine.

        Example: bench gemm
                 bench tokenize --json
                 bench train --json
        """,
        subcommands: [.benchGemm, .benchTokenize, .benchModel, .benchTrain, .benchZeroShot]
    )

    static let benchTokenize = Command(
        name: "tokenize", group: .tools,
        summary: "Tokens per second of the BPE tokenizer over at least 1 MB of text",
        help: """
        Tokenizes a corpus (FILE, one text per line, or the 602 texts the tokenizer's parity
        tests use: captions, prompts, punctuation, numbers, non-Latin scripts, emoji) repeated
        to at least 1 MB (or --megabytes N): once from an empty word cache, then five times warm,
        and reports the median warm rate and the time to load the vocabulary.
        Tests/Reference/bench_tokenizer.py measures open_clip the same way. Ctrl-C stops it.

        Example: bench tokenize
                 bench tokenize captions.txt --json
        """,
        positionals: [Positional("FILE", .optional, completion: .files)],
        options: [.megabytes],
        json: true
    ) { context, args in
        let megabytes = try args.int(.megabytes, default: 1)
        var corpus = TokenizerBenchmark.standardCorpus
        if let path = args.positional(0) {
            let data: [UInt8]
            do { data = try FileAccess.read((path as NSString).expandingTildeInPath) } catch {
                throw LabError.file(path: path, reason: (error as? FileAccessError)?.problem ?? "\(error)")
            }
            corpus = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
            guard !corpus.isEmpty else { throw LabError.file(path: path, reason: "has no lines of text") }
        }
        guard let r = try TokenizerBenchmark.run(tokenizer: try CLIPTokenizer.bundled(), corpus: corpus,
                                                 minimumBytes: megabytes << 20, isCancelled: context.isCancelled) else {
            throw LabError.interrupted
        }
        if args.json {
            return .json(.object([("texts", .int(r.texts)), ("bytes", .int(r.bytes)), ("tokens", .int(r.tokens)),
                                  ("cold_seconds", .double(r.coldSeconds)), ("warm_seconds", .array(r.runSeconds.map { .double($0) })),
                                  ("tokens_per_second", .double(r.tokensPerSecond)),
                                  ("cold_tokens_per_second", .double(r.coldTokensPerSecond)),
                                  ("megabytes_per_second", .double(r.megabytesPerSecond)), ("load_ms", .double(r.loadMilliseconds))]))
        }
        return Output(String(format: "%d texts, %.2f MB, %d tokens: %.2f M tokens/s warm (median of %d), %.2f M cold; vocabulary loads in %.0f ms",
                             r.texts, Double(r.bytes) / 1e6, r.tokens, r.tokensPerSecond / 1e6, r.runSeconds.count,
                             r.coldTokensPerSecond / 1e6, r.loadMilliseconds))
    }
}

/// The options of this file's commands, read by name (`args.value(.x)`): a misspelt one does not compile.
extension Option {
    static let megabytes: Option = .integer("megabytes", "N", in: 1...4096, help: "corpus size in MB (default 1)")
}
