import CLIPFuzz
import Foundation
import Testing

/// Replays every committed seed and every input fuzzing once broke a promise with
/// (Tests/Fuzz/Corpus/<target>, Tests/Fuzz/Regressions/<target>) through its target.
@Suite("Fuzz corpora replay")
struct ReplayTests {
    static let fuzzFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz")

    static func inputs(_ kind: String, _ target: FuzzTarget) -> [URL] {
        let folder = fuzzFolder.appendingPathComponent(kind).appendingPathComponent(target.rawValue)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.sorted().map { folder.appendingPathComponent($0) }
    }

    @Test("Every target has valid seeds, each accepted with the target's promises kept", arguments: FuzzTarget.allCases)
    func seeds(target: FuzzTarget) throws {
        let files = Self.inputs("Corpus", target)
        #expect(files.count >= 3, "\(target.rawValue) needs seeds in Tests/Fuzz/Corpus")
        for file in files {
            let accepted = try target.run(Array(try Data(contentsOf: file)))
            #expect(accepted, "\(target.rawValue) rejects its seed \(file.lastPathComponent)")
        }
    }

    @Test("Inputs that once broke a promise keep it now", arguments: FuzzTarget.allCases)
    func regressions(target: FuzzTarget) throws {
        for file in Self.inputs("Regressions", target) {
            #expect(throws: Never.self, "\(file.lastPathComponent)") { try target.run(Array(try Data(contentsOf: file))) }
        }
    }
}
