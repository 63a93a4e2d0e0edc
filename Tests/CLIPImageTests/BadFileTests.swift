import Foundation
import Testing
@testable import CLIPImage
import CLIPCore

@Suite("Bad image files give one clear error, never a crash")
struct BadFileTests {
    /// Loads `path` and returns the error it must throw.
    func failure(_ path: String, maxPixels: Int = ImageIO.defaultMaxPixels) -> ImageError? {
        do {
            _ = try ImageIO.load(path: path, maxPixels: maxPixels)
            return nil
        } catch {
            return error
        }
    }

    func scratch(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = try Fixtures.scratchDirectory() + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    func fixtureBytes(_ folder: String, _ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: Fixtures.path(folder, name))))
    }

    @Test("A missing file is reported as missing")
    func missing() {
        let path = "/nonexistent/cliplab/photo.jpg"
        #expect(failure(path) == .missing(path: path))
        #expect(failure(path)?.description.contains(path) == true)
    }

    @Test("A directory is reported as a directory")
    func directory() throws {
        let dir = try Fixtures.scratchDirectory()
        #expect(failure(dir) == .isDirectory(path: dir))
    }

    @Test("A file without read permission is reported as unreadable", .enabled(if: getuid() != 0))
    func unreadable() throws {
        let path = try scratch("locked.png", fixtureBytes("decode", "rgb8.png"))
        chmod(path, 0)
        #expect(failure(path) == .access(.permissionDenied(path: path)))
    }

    @Test("A special file (a FIFO) is reported as unreadable, without blocking")
    func fifo() throws {
        let path = try Fixtures.scratchDirectory() + "/pipe.jpg"
        #expect(mkfifo(path, 0o644) == 0)
        #expect(failure(path) == .access(.notRegularFile(path: path, kind: "a FIFO (named pipe)")))
    }

    @Test("A zero-byte file is reported as empty")
    func empty() throws {
        let path = try scratch("empty.jpg", [])
        #expect(failure(path) == .empty(path: path))
    }

    @Test("Text is not an image", arguments: ["hello, this is not a picture\n", "{\"json\": true}", "P"])
    func notAnImage(text: String) throws {
        let path = try scratch("notes.jpg", Array(text.utf8))
        #expect(failure(path) == .notAnImage(path: path))
    }

    @Test("Other image formats are named and refused", arguments: [
        ("tiny.gif", "GIF"), ("tiny.bmp", "BMP"), ("tiny.webp", "WebP"),
    ])
    func otherFormats(file: String, format: String) {
        let path = Fixtures.path("bad", file)
        #expect(failure(path) == .unsupportedFormat(path: path, format: format))
    }

    @Test("Truncated files are reported as truncated", arguments: [
        ("rgb8.png", 0.5), ("rgb8.png", 0.95), ("rgb8_interlaced.png", 0.6), ("grey16.png", 0.5),
        ("baseline420.jpg", 0.5), ("progressive.jpg", 0.7), ("cmyk.jpg", 0.4), ("baseline444.jpg", 0.98),
    ])
    func truncated(file: String, fraction: Double) throws {
        let bytes = try fixtureBytes("decode", file)
        let path = try scratch("cut-" + file, Array(bytes.prefix(Int(Double(bytes.count) * fraction))))
        guard case .truncated(let p, _)? = failure(path) else {
            Issue.record("\(file) cut at \(fraction): expected .truncated, got \(String(describing: failure(path)))")
            return
        }
        #expect(p == path)
    }

    @Test("A file cut inside its header is an error", arguments: ["rgb8.png", "baseline420.jpg"])
    func cutHeader(file: String) throws {
        let bytes = try fixtureBytes("decode", file)
        for length in [3, 9, 20, 40] {
            let path = try scratch("head-\(length)-" + file, Array(bytes.prefix(length)))
            #expect(failure(path) != nil, "\(file) cut to \(length) bytes")
        }
    }

    @Test("Corrupted bytes give an error, never an abort", arguments: [
        "rgb8.png", "palette4.png", "grey16.png", "baseline420.jpg", "progressive.jpg", "grey.jpg", "cmyk.jpg",
    ])
    func corrupt(file: String) throws {
        let original = try fixtureBytes("decode", file)
        // Overwrite a run of bytes at several places past the signature: each variant must
        // either decode or throw (reaching the end of this test means nothing aborted).
        // PNG chunks are checksummed, so damage there must always throw; JPEG has no
        // checksum and damaged entropy data often still decodes, as in libjpeg and PIL.
        var errors = 0
        for start in stride(from: 12, to: original.count - 8, by: max(1, original.count / 9)) {
            var bytes = original
            for i in start..<min(start + 6, bytes.count) { bytes[i] ^= 0x5A }
            let path = try scratch("bad-\(start)-" + file, bytes)
            if let error = failure(path) {
                errors += 1
                switch error {
                case .corrupt, .truncated, .unsupported, .tooManyPixels: break
                default: Issue.record("\(file) damaged at \(start): unexpected \(error)")
                }
                #expect(error.description.hasPrefix(path))
            }
        }
        if file.hasSuffix(".png") {
            #expect(errors == (12..<(original.count - 8)).count(in: max(1, original.count / 9)))
        }
    }

    @Test("A JPEG whose scan data is noise is an error", arguments: [
        ("decode", "baseline420.jpg"), ("decode", "progressive.jpg"), ("parity", "coffee.jpg"),
        ("parity", "astronaut_progressive.jpg"),
    ])
    func noisyScan(folder: String, file: String) throws {
        var bytes = try fixtureBytes(folder, file)
        var state: UInt32 = 12345
        for i in (bytes.count / 2)..<(bytes.count - 2) {
            state = state &* 1_664_525 &+ 1_013_904_223
            bytes[i] = UInt8(truncatingIfNeeded: state >> 24)
        }
        let path = try scratch("noise-" + file, bytes)
        switch failure(path) {
        case .corrupt?, .truncated?: break
        case let other: Issue.record("expected a corrupt/truncated error, got \(String(describing: other))")
        }
    }

    @Test("JPEG kinds libjpeg cannot decode are reported as unsupported", arguments: [
        ("12-bit samples", 4, UInt8(12)), ("lossless (SOF3)", 1, UInt8(0xC3)),
    ])
    func unsupportedJPEG(kind: String, offset: Int, value: UInt8) throws {
        var bytes = try fixtureBytes("decode", "baseline420.jpg")
        let sof = try #require(bytes.indices.dropLast().first { bytes[$0] == 0xFF && bytes[$0 + 1] == 0xC0 })
        bytes[sof + offset] = value
        let path = try scratch("odd.jpg", bytes)
        guard case .unsupported(let p, let detail)? = failure(path) else {
            Issue.record("\(kind): expected .unsupported, got \(String(describing: failure(path)))")
            return
        }
        #expect(p == path)
        #expect(!detail.isEmpty)
    }

    @Test("A corrupt JPEG header is an error")
    func corruptJPEGHeader() throws {
        let path = try scratch("garbage.jpg", [0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x02] + Array(repeating: 0x41, count: 64))
        guard case .corrupt? = failure(path) else {
            Issue.record("expected .corrupt, got \(String(describing: failure(path)))")
            return
        }
    }

    @Test("Decompression bombs are refused before decoding", arguments: [
        ("bomb.png", 30000, 30000), ("bomb.jpg", 60000, 60000),
    ])
    func bombs(file: String, width: Int, height: Int) {
        let path = Fixtures.path("bad", file)
        #expect(failure(path) == .tooManyPixels(path: path, width: width, height: height,
                                                limit: ImageIO.defaultMaxPixels))
    }

    @Test("The pixel limit is configurable", arguments: ["rgb8.png", "baseline420.jpg"])
    func pixelLimit(file: String) throws {
        let path = Fixtures.path("decode", file)
        #expect(failure(path, maxPixels: 37 * 29 - 1) == .tooManyPixels(path: path, width: 37, height: 29, limit: 37 * 29 - 1))
        #expect(try ImageIO.load(path: path, maxPixels: 37 * 29).pixelCount == 37 * 29)
    }

    @Test("Every message names the file and is one line")
    func messages() throws {
        let errors: [ImageError] = [
            .missing(path: "a.png"), .isDirectory(path: "a.png"), .unreadable(path: "a.png", reason: "denied"),
            .empty(path: "a.png"), .notAnImage(path: "a.png"), .unsupportedFormat(path: "a.png", format: "GIF"),
            .corrupt(path: "a.png", detail: "x"), .truncated(path: "a.png", detail: "x"),
            .tooManyPixels(path: "a.png", width: 1, height: 2, limit: 1), .unsupported(path: "a.png", detail: "x"),
            .outOfMemory(path: "a.png", detail: "x"), .writeFailed(path: "a.png", reason: "x"),
        ]
        for error in errors {
            #expect(error.description.hasPrefix("a.png: "))
            #expect(!error.description.contains("\n"))
        }
    }
}

private extension Range where Bound == Int {
    /// How many values `stride(from: lowerBound, to: upperBound, by: step)` visits.
    func count(in step: Int) -> Int { (upperBound - lowerBound + step - 1) / step }
}
