import CLIPCore
import Foundation
import Testing
@testable import CLIPImage

/// Images made hostile at test time: giant headers over tiny files, cut scans, and paths
/// that are not image files at all.
@Suite("Hostile image files are refused in one line, before allocating", .timeLimit(.minutes(2)))
struct HostileImageTests {
    func failure(_ path: String, maxPixels: Int = ImageIO.defaultMaxPixels) -> ImageError? {
        do {
            _ = try ImageIO.load(path: path, maxPixels: maxPixels)
            return nil
        } catch {
            return error
        }
    }

    func expectOneLine(_ error: ImageError?, about path: String, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let error else { Issue.record("no error for \(path)", sourceLocation: sourceLocation); return }
        #expect(error.description.hasPrefix(path + ": "), sourceLocation: sourceLocation)
        #expect(!error.description.contains("\n"), sourceLocation: sourceLocation)
    }

    // MARK: - A PNG header claiming a giant image

    /// CRC-32 as PNG chunks use it (polynomial 0xEDB88320).
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    static func chunk(_ type: String, _ body: [UInt8]) -> [UInt8] {
        let typed = Array(type.utf8) + body
        return bigEndian(UInt32(body.count)) + typed + bigEndian(crc32(typed))
    }

    /// A valid PNG signature and IHDR for `width`×`height`, then a few bytes of image data.
    static func png(width: UInt32, height: UInt32, bitDepth: UInt8 = 8, colorType: UInt8 = 2) -> [UInt8] {
        let ihdr = bigEndian(width) + bigEndian(height) + [bitDepth, colorType, 0, 0, 0]
        let zlib: [UInt8] = [0x78, 0x01, 0x01, 0x00, 0x00, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x01]   // an empty stored block
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", ihdr) + chunk("IDAT", zlib) + chunk("IEND", [])
    }

    @Test("A PNG claiming 100000 x 100000 pixels is refused by the pixel cap", arguments: [
        (UInt32(100_000), UInt32(100_000), UInt8(8), UInt8(2)), (100_000, 100_000, 16, 6), (100_000, 100_000, 1, 0),
        (1, 100_000_000, 8, 2), (100_000_000, 1, 8, 0),
    ])
    func giantPNG(width: UInt32, height: UInt32, bitDepth: UInt8, colorType: UInt8) throws {
        let dir = try Fixtures.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/giant.png"
        let bytes = Self.png(width: width, height: height, bitDepth: bitDepth, colorType: colorType)
        #expect(bytes.count < 100)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let error = failure(path)
        #expect(error == .tooManyPixels(path: path, width: Int(width), height: Int(height), limit: ImageIO.defaultMaxPixels))
        #expect(error?.description.contains("pixels is over the limit of 89478485 (a possible decompression bomb)") == true)
        expectOneLine(error, about: path)
    }

    @Test("A PNG at the cap's edge is judged by its real pixel count")
    func capEdge() throws {
        let dir = try Fixtures.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/edge.png"
        try Data(Self.png(width: 9459, height: 9460)).write(to: URL(fileURLWithPath: path))   // 89,482,140 pixels
        #expect(failure(path) == .tooManyPixels(path: path, width: 9459, height: 9460, limit: ImageIO.defaultMaxPixels))
        // Under a cap it fits: then the missing pixel data is what is wrong.
        let error = failure(path, maxPixels: 100_000_000)
        switch error {
        case .truncated?, .corrupt?: break
        default: Issue.record("expected a truncated/corrupt error, got \(String(describing: error))")
        }
    }

    // MARK: - A JPEG cut mid-scan

    /// Offset of the first start-of-scan marker.
    func startOfScan(_ bytes: [UInt8]) throws -> Int {
        try #require(bytes.indices.dropLast().first { bytes[$0] == 0xFF && bytes[$0 + 1] == 0xDA })
    }

    @Test("A JPEG cut mid-scan is an error, not grey padding", arguments: [
        ("decode", "baseline420.jpg"), ("decode", "progressive.jpg"), ("decode", "grey.jpg"), ("parity", "coffee.jpg"),
    ])
    func cutMidScan(folder: String, file: String) throws {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Fixtures.path(folder, file))))
        let scan = try startOfScan(bytes)
        for fraction in [0.1, 0.5, 0.9] {
            let cut = scan + 4 + Int(Double(bytes.count - scan - 4) * fraction)
            let dir = try Fixtures.scratchDirectory()
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let path = dir + "/cut-" + file
            try Data(bytes.prefix(cut)).write(to: URL(fileURLWithPath: path))
            let error = failure(path)
            guard case .truncated? = error else {
                Issue.record("\(file) cut at \(fraction) of its scan: expected .truncated, got \(String(describing: error))")
                continue
            }
            #expect(error?.description.contains("the image is truncated") == true)
            expectOneLine(error, about: path)
        }
    }

    // MARK: - Paths that are not image files

    enum Kind: String, CaseIterable { case missing, directory, symlinkLoop, empty, fifo, dangling, oversized }

    @Test("Every path that is not an image file gets its own one-line error", arguments: Kind.allCases)
    func hostilePath(kind: Kind) throws {
        let dir = try Fixtures.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/photo.png"
        switch kind {
        case .missing: break
        case .directory: try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        case .symlinkLoop:
            symlink(dir + "/other.png", path)
            symlink(path, dir + "/other.png")
        case .dangling: symlink(dir + "/gone.png", path)
        case .empty: _ = FileManager.default.createFile(atPath: path, contents: Data())
        case .fifo: mkfifo(path, 0o644)
        case .oversized:
            _ = FileManager.default.createFile(atPath: path, contents: Data(Self.png(width: 4, height: 4)))
            #expect(truncate(path, 2 << 30) == 0)   // sparse: no disk used
        }
        let error = failure(path)
        let expected: ImageError = switch kind {
        case .missing, .dangling: .missing(path: path)
        case .directory: .isDirectory(path: path)
        case .symlinkLoop: .access(.symlinkLoop(path: path))
        case .empty: .empty(path: path)
        case .fifo: .access(.notRegularFile(path: path, kind: "a FIFO (named pipe)"))
        case .oversized: .access(.tooLarge(path: path, bytes: 2 << 30, limit: 1 << 30))
        }
        #expect(error == expected)
        expectOneLine(error, about: path)
    }
}
