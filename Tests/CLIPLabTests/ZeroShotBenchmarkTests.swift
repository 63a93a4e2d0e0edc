import CLIPImage
import Foundation
import Testing

/// `bench zeroshot` through the real binary on a small folder: it counts what it encoded and
/// skipped and reports a rate (speed itself is never asserted; `make bench` compares it).
struct ZeroShotBenchmarkTests {
    /// Two classes of two PNGs each, plus one file that is not an image.
    static func folder() throws -> URL {
        let root = Support.temporaryDirectory()
        for (name, colour) in [("red", [UInt8](arrayLiteral: 220, 30, 30)), ("blue", [30, 30, 220])] {
            let dir = root.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            for i in 0..<2 {
                let side = 24 + 8 * i
                let image = RGBImage(width: side, height: side + 4, pixels: Array((0..<side * (side + 4)).map { _ in colour }.joined()))
                try ImageIO.writePNG(image, path: dir.appendingPathComponent("\(i).png").path)
            }
        }
        try Data("not a picture".utf8).write(to: root.appendingPathComponent("red/broken.png"))
        return root
    }

    @Test("bench zeroshot encodes every readable image of the folder and names the skipped one")
    func countsImages() throws {
        let run = try Support.cli(["bench", "zeroshot", try Self.folder().path, "--model", "toy", "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(json["images"] as? Int == 4)
        #expect(json["skipped"] as? Int == 1)
        #expect(json["classes"] as? Int == 2)
        #expect((json["images_per_second"] as? Double ?? 0) > 0)
    }

    @Test("bench zeroshot refuses a missing folder and a bad batch in one line")
    func badInput() throws {
        let missing = try Support.cli(["bench", "zeroshot", "/nonexistent/photos", "--model", "toy"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("no such folder"))
        #expect(missing.stderr.split(separator: "\n").count == 1)
        let batch = try Support.cli(["bench", "zeroshot", try Self.folder().path, "--model", "toy", "--batch", "0"])
        #expect(batch.status != 0)
        #expect(batch.stderr.contains("--batch"))
    }
}
