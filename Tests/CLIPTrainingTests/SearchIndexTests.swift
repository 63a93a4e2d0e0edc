import CLIPCore
import CLIPText
import CLIPData
import CLIPImage
import CLIPModel
import Foundation
import Testing
@testable import CLIPTraining

/// `SearchIndex` over Tests/Fixtures/search/photos with the tiny Hugging Face model, against
/// the transformers ranking written by make_search_fixtures.py.
@Suite(.serialized)
struct SearchIndexTests {
    struct Expected: Decodable {
        struct Result: Decodable { let file: String, score: Float }
        struct Query: Decodable { let text: String?, ids: [Int]?, image: String?, results: [Result] }
        let files: [String], skipped: [String]
        let queries: [Query]
    }

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")
    static let photos = fixtures.appendingPathComponent("search/photos")

    static func expected() throws -> Expected {
        try JSONDecoder().decode(Expected.self, from: Data(contentsOf: fixtures.appendingPathComponent("search/expected.json")))
    }

    static func checkpoint() throws -> LoadedCheckpoint {
        try CheckpointLoader.loadHuggingFace(folder: fixtures.appendingPathComponent("model/tiny-a/hf"))
    }

    /// A scratch copy of the photos and an empty cache folder, removed by the caller.
    static func scratch() throws -> (photos: URL, cache: URL, root: URL) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("cliplab-search-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: photos, to: root.appendingPathComponent("photos"))
        return (root.appendingPathComponent("photos"), root.appendingPathComponent("cache"), root)
    }

    static func index(_ model: CLIP, _ folder: URL, cacheFolder: URL?) throws -> SearchIndex {
        let pipeline = CLIPPipeline(clip: model, tokenizer: try CLIPTokenizer.bundled(), displayName: "tiny-a", origin: "fixture", weights: .checkpoint)
        let cache = cacheFolder.map { EmbeddingCache(model: model, preprocess: pipeline.preprocess, folder: folder, directory: $0) }
        return try SearchIndex.build(pipeline: pipeline, folder: folder, cache: cache, batchSize: 3)
    }

    @Test("text and image queries rank the pictures as transformers does, scores within 1e-4")
    func rankingParity() throws {
        let ckpt = try Self.checkpoint(), expected = try Self.expected()
        let index = try Self.index(ckpt.model, Self.photos, cacheFolder: nil)
        #expect(index.files == expected.files)
        #expect(index.ignored == expected.skipped)
        #expect(index.unreadable.isEmpty)
        let tokenizer = try ckpt.tokenizer()
        for query in expected.queries {
            let vector: [Float]
            if let text = query.text {
                #expect(tokenizer.encode(text, contextLength: 77).ids == query.ids)
                vector = try GradMode.noGrad { try ckpt.model.encodeText([query.ids ?? []]).l2Normalized().data }
            } else {
                let row = try #require(index.files.firstIndex(of: query.image ?? ""))
                let d = index.embeddings.shape[1]
                vector = Array(index.embeddings.data[(row * d)..<((row + 1) * d)])
            }
            let hits = index.top(vector, k: index.files.count)
            #expect(hits.map(\.file) == query.results.map(\.file), "\(query.text ?? query.image ?? "")")
            for (hit, want) in zip(hits, query.results) { #expect(abs(hit.score - want.score) <= 1e-4, "\(hit.file)") }
        }
    }

    @Test("the cache notices added, changed and deleted pictures and encodes only those")
    func cacheInvalidation() throws {
        let (photos, cache, root) = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let model = try Self.checkpoint().model
        let first = try Self.index(model, photos, cacheFolder: cache)
        #expect(first.encodedCount == 8 && first.cachedCount == 0)
        let again = try Self.index(model, photos, cacheFolder: cache)
        #expect(again.encodedCount == 0 && again.cachedCount == 8)
        #expect(again.embeddings.data == first.embeddings.data)

        let fm = FileManager.default
        // Add one (a copy under a new folder), change one (other bytes), delete one.
        try fm.createDirectory(at: photos.appendingPathComponent("new"), withIntermediateDirectories: true)
        try fm.copyItem(at: photos.appendingPathComponent("sun.png"), to: photos.appendingPathComponent("new/sun-copy.png"))
        let changed = photos.appendingPathComponent("plain.png")
        try ImageIO.writePNG(RGBImage(width: 20, height: 20, red: 200, green: 10, blue: 10), path: changed.path)
        try fm.removeItem(at: photos.appendingPathComponent("sea.jpg"))
        let third = try Self.index(model, photos, cacheFolder: cache)
        #expect(third.encodedCount == 2 && third.cachedCount == 6 && third.prunedCount == 1)
        #expect(!third.files.contains("sea.jpg") && third.files.contains("new/sun-copy.png"))
        // The copy embeds like its original; the changed picture does not keep its old row.
        let d = third.embeddings.shape[1]
        func row(_ index: SearchIndex, _ file: String) -> [Float] {
            let i = index.files.firstIndex(of: file)!
            return Array(index.embeddings.data[(i * d)..<((i + 1) * d)])
        }
        #expect(zip(row(third, "new/sun-copy.png"), row(third, "sun.png")).allSatisfy { abs($0 - $1) < 1e-5 })
        #expect(row(third, "plain.png") != row(first, "plain.png"))

        // The cache is a plain .npy matrix with one list entry per row; the deleted file is gone.
        let store = EmbeddingCache(model: model, preprocess: CLIPPreprocess(size: 32), folder: photos, directory: cache)
        let matrix = try NPY.readTensor(store.file)
        let list = try JSONDecoder().decode([[String]].self, from: Data(contentsOf: store.listFile))
        #expect(matrix.shape == [8, d] && list.count == 8)
        #expect(!list.map { $0[0] }.contains("sea.jpg"))
    }

    @Test("unreadable pictures are skipped with a reason and the rest are still ranked")
    func unreadableFiles() throws {
        let (photos, cache, root) = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        try Data("not a png".utf8).write(to: photos.appendingPathComponent("broken.png"))
        try Data([0xFF, 0xD8, 0xFF]).write(to: photos.appendingPathComponent("red/cut.jpg"))
        let locked = photos.appendingPathComponent("blue/locked.png")
        try FileManager.default.copyItem(at: photos.appendingPathComponent("sun.png"), to: locked)
        try FileManager.default.setAttributes([.posixPermissions: 0], ofItemAtPath: locked.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: locked.path) }
        let model = try Self.checkpoint().model
        let index = try Self.index(model, photos, cacheFolder: cache)
        let unreadable = Set(index.unreadable.map(\.file))
        #expect(unreadable.isSuperset(of: ["broken.png", "red/cut.jpg"]))
        // Root reads any file, so the locked one is unreadable only for other users.
        #expect(unreadable.contains("blue/locked.png") == (getuid() != 0))
        #expect(index.files.count + index.unreadable.count == 11)
        #expect(index.skippedCount == index.unreadable.count + 1)
        #expect(index.unreadable.allSatisfy { !$0.reason.isEmpty })
        #expect(index.top([Float](repeating: 1, count: index.embeddings.shape[1]), k: 3).count == 3)
    }

    @Test("a folder without pictures is an error that says so")
    func noPictures() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("cliplab-search-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try Data("x".utf8).write(to: root.appendingPathComponent("a.txt"))
        let model = try Self.checkpoint().model
        #expect(throws: EvaluationError.self) { try Self.index(model, root, cacheFolder: nil) }
    }

    @Test("near-duplicate pairs are found above the threshold, most similar first")
    func duplicates() throws {
        let (photos, _, root) = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.copyItem(at: photos.appendingPathComponent("blue/square.png"),
                                         to: photos.appendingPathComponent("blue/square-again.png"))
        let index = try Self.index(try Self.checkpoint().model, photos, cacheFolder: nil)
        let pairs = try index.duplicates(threshold: 0.99999)
        #expect(pairs.first?.first == "blue/square-again.png" && pairs.first?.second == "blue/square.png")
        #expect(pairs.allSatisfy { $0.score >= 0.99999 })
        #expect(try index.duplicates(threshold: -0.99).count == 9 * 8 / 2)
    }
}
