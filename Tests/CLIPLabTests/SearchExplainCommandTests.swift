import Foundation
import Testing
@testable import CLIPLab

/// `search`, `explain` and `eval pointing` through the interpreter on the untrained toy
/// model, with `--json` parsed back.
@Suite("Search, explain and the pointing game")
struct SearchExplainCommandTests {
    static let photos = Support.root.appendingPathComponent("Tests/Fixtures/search/photos").path

    func json(_ lab: Interpreter, _ line: String) throws -> [String: Any] {
        let result = lab.run(line: line)
        #expect(result.error == nil, "\(line): \(result.error ?? "")")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
    }

    @Test("search --json ranks every picture by cosine and counts the skipped file; --png writes a contact sheet")
    func searchContract() throws {
        let lab = Support.interpreter()
        let out = Support.temporaryDirectory().appendingPathComponent("sheet.png").path
        let r = try json(lab, "search --data \(Self.photos) --text \"a red circle\" --top 8 --no-cache --png \(out) --json")
        #expect(r["query"] as? String == "a red circle")
        #expect(r["n_images"] as? Int == 8 && r["skipped"] as? Int == 1)
        let results = try #require(r["results"] as? [[String: Any]])
        let scores = results.compactMap { $0["score"] as? Double }
        #expect(results.count == 8 && scores.count == 8)
        #expect(zip(scores, scores.dropFirst()).allSatisfy { $0 >= $1 })
        #expect(results.allSatisfy { FileManager.default.fileExists(atPath: Self.photos + "/" + ($0["file"] as? String ?? "")) })
        #expect(FileManager.default.fileExists(atPath: out))
        let byImage = try json(lab, "search --data \(Self.photos) --image \(Self.photos)/sun.png --top 1 --no-cache --json")
        let first = try #require((byImage["results"] as? [[String: Any]])?.first)
        #expect(first["file"] as? String == "sun.png")
        #expect(abs((first["score"] as? Double ?? 0) - 1) < 1e-4)
    }

    @Test("search without a query or with two says what to give")
    func searchUsage() {
        let lab = Support.interpreter()
        #expect(lab.run(line: "search --data \(Self.photos)").error?.contains("--text") == true)
        #expect(lab.run(line: "search --data \(Self.photos) --text a --image b").error?.contains("either") == true)
        #expect(lab.run(line: "search --text a").error?.contains("--data") == true)
    }

    @Test("explain --json gives a 4×4 grid in 0…1 with its peak; eval pointing --json has the contract's keys")
    func explainContract() throws {
        let lab = Support.interpreter()
        let out = Support.temporaryDirectory().appendingPathComponent("heat.png").path
        let r = try json(lab, "explain toy:small-red-circle-left \"a red circle\" --png \(out) --json")
        #expect(r["method"] as? String == "grad-cam" && r["grid"] as? Int == 4)
        let grid = try #require(r["relevance"] as? [[Double]])
        #expect(grid.count == 4 && grid.allSatisfy { $0.count == 4 })
        #expect(grid.joined().allSatisfy { $0 >= 0 && $0 <= 1 })
        #expect((r["peak"] as? [Int])?.count == 2)
        #expect(FileManager.default.fileExists(atPath: out))
        #expect(lab.run(line: "explain toy:cat \"a photo of a cat\"").output.contains("Grad-CAM"))
        let p = try json(lab, "eval pointing --count 10 --json")
        #expect(p["n"] as? Int == 10)
        let chance = try #require(p["chance"] as? Double), accuracy = try #require(p["pointing_accuracy"] as? Double)
        #expect(chance > 0 && chance < 1 && accuracy >= 0 && accuracy <= 1)
    }
}
