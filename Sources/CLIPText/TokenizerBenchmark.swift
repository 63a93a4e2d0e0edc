import Foundation

/// Throughput of the BPE tokenizer over the parity corpus (or a file's lines): what
/// `cliplab bench tokenize` runs and prints.
///
/// The corpus is repeated until it holds at least `minimumBytes` of UTF-8; each run encodes every
/// text in full (cleaning, split, merges; no truncation), like open_clip's `encode`. The first run
/// starts with an empty word cache; the reported figure is the median of the runs after it.
/// `Tests/Reference/bench_tokenizer.py` measures open_clip the same way on the same texts.
public enum TokenizerBenchmark {
    public struct Result: Equatable, Sendable, Codable {
        public var texts: Int
        public var bytes: Int
        public var tokens: Int
        /// Seconds per warm run.
        public var runSeconds: [Double]
        /// Seconds of the first run, from an empty word cache.
        public var coldSeconds: Double
        /// Median warm tokens per second.
        public var tokensPerSecond: Double
        public var coldTokensPerSecond: Double
        public var megabytesPerSecond: Double
        /// Median time to load the bundled vocabulary from the gzip file, in milliseconds.
        public var loadMilliseconds: Double
    }

    /// The parity corpus texts (602 strings of every class the tests cover).
    public static let standardCorpus: [String] = {
        (try? JSONDecoder().decode([String].self, from: Data(corpusJSON.utf8))) ?? []
    }()

    /// How many passes over `corpus` reach `minimumBytes` of UTF-8 (at least one).
    public static func passes(over corpus: [String], minimumBytes: Int) -> Int {
        let size = corpus.reduce(0) { $0 + $1.utf8.count }
        guard size > 0 else { return 1 }
        return max(1, (minimumBytes + size - 1) / size)
    }

    /// Median milliseconds to build the bundled vocabulary from scratch (inflate, parse, tables).
    public static func loadMilliseconds(runs: Int = 5) throws(TextError) -> Double {
        var times: [Double] = []
        for _ in 0..<max(1, runs) {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = try CLIPTokenizer.loadBundledVocabulary()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        return median(times)
    }

    /// Runs the benchmark: one cold run, then `runs` warm runs, each over the corpus repeated
    /// to `minimumBytes` (cycled, never copied). `isCancelled` is polled after every pass over
    /// the corpus; nil when it said stop.
    public static func run(tokenizer: CLIPTokenizer, corpus: [String] = standardCorpus, minimumBytes: Int = 1 << 20,
                           runs: Int = 5, isCancelled: () -> Bool = { false }) throws(TextError) -> Result? {
        let passes = passes(over: corpus, minimumBytes: minimumBytes)
        let bytes = passes * corpus.reduce(0) { $0 + $1.utf8.count }
        func once() -> (seconds: Double, tokens: Int)? {
            let start = DispatchTime.now().uptimeNanoseconds
            var tokens = 0
            for _ in 0..<passes {
                for text in corpus { tokens += tokenizer.countTokens(text) }
                if isCancelled() { return nil }
            }
            return (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, tokens)
        }
        tokenizer.clearCache()
        guard let (cold, tokens) = once() else { return nil }
        var warm: [Double] = []
        for _ in 0..<max(1, runs) {
            guard let run = once() else { return nil }
            warm.append(run.seconds)
        }
        let mid = median(warm)
        return Result(texts: passes * corpus.count, bytes: bytes, tokens: tokens, runSeconds: warm, coldSeconds: cold,
                      tokensPerSecond: Double(tokens) / mid, coldTokensPerSecond: Double(tokens) / cold,
                      megabytesPerSecond: Double(bytes) / mid / 1e6, loadMilliseconds: try loadMilliseconds())
    }

    static func median(_ xs: [Double]) -> Double {
        let s = xs.sorted()
        guard !s.isEmpty else { return 0 }
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
}
