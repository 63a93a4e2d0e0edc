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
        Tokenizes a corpus (FILE, or a built-in mix of captions, prompts, punctuation and
        non-Latin text) repeated to at least 1 MB (or --megabytes N), one text per line,
        with a cold word cache. Ctrl-C stops it.

        Example: bench tokenize
                 bench tokenize captions.txt --json
        """,
        positionals: [Positional("FILE", .optional, completion: .files)],
        options: [.megabytes],
        json: true
    ) { context, args in
        let megabytes = try args.int(.megabytes, default: 1, in: 1...4096)
        var lines = BenchCorpus.lines
        if let path = args.positional(0) {
            let data: [UInt8]
            do { data = try FileAccess.read((path as NSString).expandingTildeInPath) } catch {
                throw LabError.file(path: path, reason: (error as? FileAccessError)?.problem ?? "\(error)")
            }
            lines = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
            guard !lines.isEmpty else { throw LabError.file(path: path, reason: "has no lines of text") }
        }
        let tokenizer = try CLIPTokenizer.bundled()
        tokenizer.clearCache()
        // The lines are cycled until the target size, so no copy of the corpus is built.
        let target = megabytes << 20
        var bytes = 0, texts = 0, tokens = 0
        let start = DispatchTime.now().uptimeNanoseconds
        while bytes < target {
            for text in lines {
                tokens += tokenizer.encodeAll(text).count
                bytes += text.utf8.count + 1
                texts += 1
            }
            if context.isCancelled() { throw LabError.interrupted }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let rate = Double(tokens) / max(seconds, 1e-9)
        if args.json {
            return .json(.object([("texts", .int(texts)), ("bytes", .int(bytes)), ("tokens", .int(tokens)),
                                  ("seconds", .double(seconds)), ("tokens_per_second", .double(rate))]))
        }
        return Output(String(format: "%d texts, %.2f MB, %d tokens in %.3f s — %.2f M tokens/s",
                             texts, Double(bytes) / 1e6, tokens, seconds, rate / 1e6))
    }
}

/// A varied built-in corpus for `bench tokenize`.
enum BenchCorpus {
    static let lines: [String] = {
        let things = ["cat", "dog", "red car", "beach at sunset", "forest", "bicycle", "bowl of ramen", "skyscraper",
                      "golden retriever", "snow-covered mountain", "airplane", "cup of coffee"]
        let templates = ["a photo of a {}.", "a blurry photo of the {}.", "a sketch of a {}", "itap of a {}",
                         "A close-up photo of a {}, taken on 12/03/2019!", "there's a {} — isn't it nice?"]
        var out: [String] = []
        for t in templates { for thing in things { out.append(t.replacingOccurrences(of: "{}", with: thing)) } }
        out += ["一只猫坐在垫子上", "Café crème brûlée &amp; naïve façade", "مرحبا بالعالم", "👩‍👩‍👧 family 👍🏽",
                "THE QUICK BROWN FOX JUMPED OVER 1234567890 LAZY DOGS", "  tabs\tand   odd\u{00A0}spaces  ",
                "we're sure they'll say it's what you'd've done", "https://example.com/path?q=clip&lang=en"]
        return out
    }()
}

/// The options of this file's commands, read by name (`args.value(.x)`): a misspelt one does not compile.
extension Option {
    static let megabytes: Option = .value("megabytes", "N", help: "corpus size in MB (default 1)")
}
