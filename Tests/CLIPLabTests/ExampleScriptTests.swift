import Foundation
import Testing
@testable import CLIPLab

/// Every REPL script in Examples/ runs start to finish through the real binary.
@Suite("Examples run as documented")
struct ExampleScriptTests {
    static let scripts: [String] = {
        let dir = Support.root.appendingPathComponent("Examples")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".clip") }.sorted()
    }()

    @Test("Examples holds the documented scripts")
    func present() {
        for name in ["tour.clip", "matching-game.clip", "zero-shot.clip"] {
            #expect(Self.scripts.contains(name), "missing Examples/\(name)")
        }
    }

    @Test("cliplab < Examples/NAME.clip exits 0 with no error", arguments: scripts)
    func runs(name: String) throws {
        let text = try String(contentsOf: Support.root.appendingPathComponent("Examples/\(name)"), encoding: .utf8)
        let run = try Support.cli([], stdin: text)
        #expect(run.status == 0, "\(name): \(run.stderr)")
        #expect(!run.stdout.contains("error:") && run.stderr.isEmpty, "\(name): \(run.stderr)")
        // Every command line produced some output.
        #expect(run.stdout.split(separator: "\n").count >= text.split(separator: "\n").filter { !$0.hasPrefix("#") }.count)
    }

    @Test("every photo in Examples/images has a credit line")
    func credits() throws {
        let credits = try String(contentsOf: Support.root.appendingPathComponent("Examples/ATTRIBUTION.md"), encoding: .utf8)
        let images = try FileManager.default.contentsOfDirectory(atPath: Support.root.appendingPathComponent("Examples/images").path)
        #expect(!images.isEmpty)
        for image in images { #expect(credits.contains("images/\(image)"), "no credit for \(image)") }
    }
}
