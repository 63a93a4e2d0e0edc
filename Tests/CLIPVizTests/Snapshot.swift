import Foundation
import Testing
import CLIPViz

/// Golden-file check for drawings: compares `actual` with Tests/Fixtures/viz/NAME.txt.
///
/// Run with `RECORD_SNAPSHOTS=1` to (re)write the golden files. On a mismatch the message
/// names the first differing line (escape sequences shown as `⎋`) and where the actual
/// output was written, so `diff` can show the rest.
func assertSnapshot(_ actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let url = snapshotDirectory.appendingPathComponent(name + ".txt")
    let text = actual.hasSuffix("\n") ? actual : actual + "\n"
    if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
        do {
            try FileManager.default.createDirectory(at: snapshotDirectory, withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        } catch {
            Issue.record("could not record snapshot \(url.path): \(error)", sourceLocation: sourceLocation)
        }
        return
    }
    guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
        Issue.record("no golden file \(url.path); run the tests with RECORD_SNAPSHOTS=1 to record it",
                     sourceLocation: sourceLocation)
        return
    }
    guard expected != text else { return }
    let actualURL = FileManager.default.temporaryDirectory.appendingPathComponent(name + ".actual.txt")
    try? text.write(to: actualURL, atomically: true, encoding: .utf8)
    let e = expected.components(separatedBy: "\n")
    let a = text.components(separatedBy: "\n")
    let line = (0..<min(e.count, a.count)).first { e[$0] != a[$0] } ?? min(e.count, a.count)
    func visible(_ lines: [String], _ i: Int) -> String {
        i < lines.count ? lines[i].replacingOccurrences(of: "\u{1B}", with: "⎋") : "<end of output>"
    }
    Issue.record("""
        snapshot \(name) differs at line \(line + 1) (expected \(e.count - 1) lines, got \(a.count - 1)):
          expected: \(visible(e, line))
          actual:   \(visible(a, line))
        diff \(url.path) \(actualURL.path)   (RECORD_SNAPSHOTS=1 re-records if the change is intended)
        """, sourceLocation: sourceLocation)
}

let snapshotDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures").appendingPathComponent("viz")

/// Every line of a plain drawing fits `width` display columns.
func expectFits(_ drawing: String, width: Int, sourceLocation: SourceLocation = #_sourceLocation) {
    for line in drawing.split(separator: "\n", omittingEmptySubsequences: false) {
        #expect(DisplayWidth.of(String(line)) <= width, "line wider than \(width): \(line)",
                sourceLocation: sourceLocation)
    }
}
