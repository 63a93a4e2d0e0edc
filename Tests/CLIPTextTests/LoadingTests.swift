import Foundation
import Testing
@testable import CLIPText

@Suite("Loading vocabularies")
struct LoadingTests {
    @Test("The bundled vocabulary has CLIP's 49,408 ids and 48,894 merges")
    func bundledShape() throws {
        let tok = try CLIPTokenizer.bundled()
        #expect(tok.vocabularySize == 49408)
        #expect(tok.mergeCount == 48894)
        #expect(tok.startToken == 49406 && tok.endToken == 49407)
        #expect(tok.token(for: 320) == "a</w>")
        #expect(tok.token(for: 49406) == "<|startoftext|>")
        #expect(tok.id(for: "cat</w>") == 2368)
        #expect(tok.token(for: 49408) == nil && tok.token(for: -1) == nil)
    }

    /// Writes a Hugging Face style vocab.json + merges.txt from the bundled tables.
    static func writeHuggingFaceFiles(_ tok: CLIPTokenizer, to dir: URL) throws {
        var vocab: [String: Int] = [:]
        for (id, token) in tok.vocab.tokens.enumerated() { vocab[token] = id }
        try JSONSerialization.data(withJSONObject: vocab).write(to: dir.appendingPathComponent("vocab.json"))
        var merges = "#version: 0.2\n"
        for (a, b) in tok.vocab.pairs {
            merges += tok.vocab.tokens[Int(a)] + " " + tok.vocab.tokens[Int(b)] + "\n"
        }
        try Data(merges.utf8).write(to: dir.appendingPathComponent("merges.txt"))
    }

    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cliptext-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test("vocab.json + merges.txt give the same ids as the bundled file on the whole corpus")
    func huggingFaceFolder() throws {
        let bundled = try CLIPTokenizer.bundled()
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.writeHuggingFaceFiles(bundled, to: dir)
        let hf = try CLIPTokenizer(vocabJSON: dir.appendingPathComponent("vocab.json"),
                                   merges: dir.appendingPathComponent("merges.txt"))
        #expect(hf.vocabularySize == 49408 && hf.mergeCount == 48894)
        #expect(hf.startToken == 49406 && hf.endToken == 49407)
        for c in Fixtures.corpus {
            #expect(hf.encode(c.text).ids == bundled.encode(c.text).ids, "\(c.text.debugDescription)")
        }
    }

    @Test("A gzip or plain BPE file loads like the bundled one")
    func bpeFile() throws {
        let url = try #require(Bundle.module.url(forResource: "bpe_simple_vocab_16e6.txt", withExtension: "gz"))
        let tok = try CLIPTokenizer(bpeFile: url)
        #expect(tok.encode("a photo of a cat").ids == [49406, 320, 1125, 539, 320, 2368, 49407])
    }

    @Test("Broken tokenizer files give a one-line error, not a crash", arguments: [
        ("{not json", "a b\n", "not valid JSON"),
        ("[1, 2]", "a b\n", "not an object"),
        ("{\"a\": 0}", "a b\n", "no entry"),
    ])
    func brokenFiles(vocab: String, merges: String, message: String) throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(vocab.utf8).write(to: dir.appendingPathComponent("vocab.json"))
        try Data(merges.utf8).write(to: dir.appendingPathComponent("merges.txt"))
        do {
            _ = try CLIPTokenizer(vocabJSON: dir.appendingPathComponent("vocab.json"), merges: dir.appendingPathComponent("merges.txt"))
            Issue.record("loaded a broken vocabulary")
        } catch {
            #expect(error.description.contains(message), "\(error.description)")
            #expect(!error.description.contains("\n"))
        }
    }

    @Test("A missing file names its path")
    func missingFile() {
        let url = URL(fileURLWithPath: "/nonexistent/vocab.json")
        #expect(throws: TextError.self) { try CLIPTokenizer(vocabJSON: url, merges: url) }
    }

    @Test("A corrupt gzip file is reported")
    func corruptGzip() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("bpe.txt.gz")
        try Data([0x1F, 0x8B, 0x08, 0x00, 0x01, 0x02]).write(to: url)
        #expect(throws: TextError.self) { try CLIPTokenizer(bpeFile: url) }
    }
}

@Suite("Toy tokenizer")
struct ToyTokenizerTests {
    let toy = ToyTokenizer(words: ["a", "red", "circle", "Red", "square", ""])

    @Test("Words get ids in order, then unknown, SOT and EOT as the largest id")
    func ids() {
        #expect(toy.words == ["a", "red", "circle", "square"])
        #expect(toy.vocabularySize == 7)
        #expect(toy.encode("A red triangle").ids == [5, 0, 1, 4, 6])
        #expect(toy.encode("A red triangle").tokens == ["<|startoftext|>", "a", "red", "<|unknown|>", "<|endoftext|>"])
        #expect(toy.endToken == toy.vocabularySize - 1)
    }

    @Test("The documented example holds")
    func documented() {
        #expect(ToyTokenizer(words: ["a", "red", "circle"]).encode("A red square").ids == [4, 0, 1, 3, 5])
    }

    @Test("The toy tokenizer truncates, batches and decodes through the shared protocol")
    func sharedProtocol() {
        let tokenizer: any TextTokenizer = toy
        let t = tokenizer.encode("a a a a a", contextLength: 4)
        #expect(t.ids == [5, 0, 0, 6] && t.truncated)
        let b = tokenizer.batch(["red circle", "a"], contextLength: 5)
        #expect(b.ids == [[5, 1, 2, 6, 0], [5, 0, 6, 0, 0]])
        #expect(b.endPositions == [3, 2])
        #expect(tokenizer.decode([5, 0, 1, 2, 6]) == "a red circle")
    }

    @Test("A toy vocabulary fitted to captions covers every caption word")
    func fitted() {
        let captions = ["a red circle", "Two blue squares.", "a green triangle left of a red circle"]
        let toy = ToyTokenizer.fitted(to: captions)
        for c in captions { #expect(!toy.encode(c).ids.contains(toy.unknownToken)) }
        #expect(toy.words.prefix(3) == ["a", "red", "circle"])
    }
}

@Suite("Benchmark")
struct BenchmarkTests {
    @Test("The benchmark corpus is the parity corpus and counts every token")
    func corpus() throws {
        #expect(TokenizerBenchmark.standardCorpus == Fixtures.corpus.map(\.text))
        let tok = try CLIPTokenizer.bundled()
        let r = try #require(try TokenizerBenchmark.run(tokenizer: tok, minimumBytes: 1, runs: 1))
        #expect(r.texts == Fixtures.corpus.count)
        #expect(r.tokens == TokenizerBenchmark.standardCorpus.reduce(0) { $0 + tok.encodeAll($1).count })
        let twice = try #require(try TokenizerBenchmark.run(tokenizer: tok, minimumBytes: r.bytes + 1, runs: 1))
        #expect(twice.texts == 2 * r.texts && twice.tokens == 2 * r.tokens && twice.bytes == 2 * r.bytes)
        var polls = 0
        #expect(try TokenizerBenchmark.run(tokenizer: tok, minimumBytes: 10 * r.bytes, runs: 1, isCancelled: {
            polls += 1
            return polls == 3
        }) == nil)
        #expect(polls == 3)
    }

    @Test("Prints throughput and load time when CLIPTEXT_BENCH is set",
          .enabled(if: ProcessInfo.processInfo.environment["CLIPTEXT_BENCH"] != nil))
    func printBenchmark() throws {
        let r = try #require(try TokenizerBenchmark.run(tokenizer: CLIPTokenizer.bundled()))
        print("tokenizer bench: \(Int(r.tokensPerSecond)) tokens/s warm, \(Int(r.coldTokensPerSecond)) cold,",
              "\(r.megabytesPerSecond) MB/s, load \(r.loadMilliseconds) ms, \(r.tokens) tokens, runs \(r.runSeconds)")
        #expect(r.tokens > 0)
    }
}
