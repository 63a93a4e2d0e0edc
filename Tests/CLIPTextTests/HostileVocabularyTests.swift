import CLIPCore
import Foundation
import Testing
@testable import CLIPText

/// Tokenizer files made hostile at test time.
@Suite("Hostile vocabulary files give one clear error", .timeLimit(.minutes(1)))
struct HostileVocabularyTests {
    enum Kind: String, CaseIterable { case missing, directory, symlinkLoop, fifo, oversized }

    func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cliplab-vocab-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("A vocab.json or merges.txt that is not a readable file is named", arguments: Kind.allCases, ["vocab.json", "merges.txt"])
    func hostileFile(kind: Kind, spoiled: String) throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(#"{"a": 0}"#.utf8).write(to: dir.appendingPathComponent("vocab.json"))
        try Data("#version: 0.2\n".utf8).write(to: dir.appendingPathComponent("merges.txt"))
        let path = dir.appendingPathComponent(spoiled).path
        try FileManager.default.removeItem(atPath: path)
        switch kind {
        case .missing: break
        case .directory: try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        case .symlinkLoop:
            symlink(path + ".2", path)
            symlink(path, path + ".2")
        case .fifo: mkfifo(path, 0o644)
        case .oversized:
            _ = FileManager.default.createFile(atPath: path, contents: Data())
            #expect(truncate(path, 1 << 30) == 0)
        }
        let expected: FileAccessError = switch kind {
        case .missing: .notFound(path: path)
        case .directory: .isDirectory(path: path)
        case .symlinkLoop: .symlinkLoop(path: path)
        case .fifo: .notRegularFile(path: path, kind: "a FIFO (named pipe)")
        case .oversized: .tooLarge(path: path, bytes: 1 << 30, limit: CLIPTokenizer.maxFileBytes)
        }
        #expect(throws: TextError.access(expected)) {
            _ = try CLIPTokenizer(vocabJSON: dir.appendingPathComponent("vocab.json"), merges: dir.appendingPathComponent("merges.txt"))
        }
        #expect(TextError.access(expected).description.hasPrefix(path + ": "))
        #expect(!TextError.access(expected).description.contains("\n"))
    }

    @Test("A vocab.json with a huge id is refused before sizing a table by it")
    func sparseIds() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(#"{"a": 0, "b": 9999999}"#.utf8).write(to: dir.appendingPathComponent("vocab.json"))
        try Data("#version: 0.2\n".utf8).write(to: dir.appendingPathComponent("merges.txt"))
        #expect(throws: TextError.badVocabulary("vocab.json has 2 tokens but ids up to 9999999; ids must be dense")) {
            _ = try CLIPTokenizer(vocabJSON: dir.appendingPathComponent("vocab.json"), merges: dir.appendingPathComponent("merges.txt"))
        }
    }
}
