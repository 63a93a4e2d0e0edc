import Foundation
import Testing

/// `CLIPLAB_TRAIN_CACHE`: a piped `train` that another process already ran (or is running)
/// prints that run's output and loads its weights instead of training again.
@Suite("The train cache between processes")
struct TrainCacheTests {
    static let words = ["train", "--steps", "40", "--seed", "3", "--batch", "16", "--json"]

    /// The summary object of a `train --json` run.
    func summary(_ run: Support.Run) throws -> [String: Any] {
        #expect(run.status == 0, "\(run.stderr)")
        let line = try #require(run.stdout.split(separator: "\n").last)
        return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test("a second run prints the first run's output, its seconds included, and has the same weights")
    func reuse() throws {
        let cache = Support.temporaryDirectory().path
        let first = try Support.cli(Self.words, environment: ["CLIPLAB_TRAIN_CACHE": cache])
        let second = try Support.cli(Self.words, environment: ["CLIPLAB_TRAIN_CACHE": cache])
        #expect(second.stdout == first.stdout)
        let a = try summary(first), b = try summary(second)
        #expect("\(a["parameters_checksum"] ?? "")" == "\(b["parameters_checksum"] ?? "")")
        // Another seed is another run: trained, not read back.
        let other = try summary(try Support.cli(["train", "--steps", "40", "--seed", "4", "--batch", "16", "--json"],
                                                environment: ["CLIPLAB_TRAIN_CACHE": cache]))
        #expect("\(other["parameters_checksum"] ?? "")" != "\(a["parameters_checksum"] ?? "")")
    }

    @Test("two processes asking for the same run at once: one trains, the other waits for it and reads it")
    func concurrent() throws {
        let cache = Support.temporaryDirectory().path
        nonisolated(unsafe) var runs = [Support.Run?](repeating: nil, count: 2)
        let lock = NSLock()
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            let run = try? Support.cli(Self.words, environment: ["CLIPLAB_TRAIN_CACHE": cache])
            lock.lock(); runs[i] = run; lock.unlock()
        }
        let a = try summary(try #require(runs[0])), b = try summary(try #require(runs[1]))
        // Two trainings would each time themselves; one run read by the other has its seconds to the bit.
        #expect("\(a["seconds"] ?? "a")" == "\(b["seconds"] ?? "b")")
        #expect("\(a["parameters_checksum"] ?? "a")" == "\(b["parameters_checksum"] ?? "b")")
    }
}
