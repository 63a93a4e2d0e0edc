import CLIPCore
import Foundation
import Testing
@testable import CLIPLab

/// Hostile files given to the `cliplab` binary: each run ends with status 1 and one
/// `error: …` line naming the file — no crash, no hang — and a session keeps its state.
///
/// Unreadable files are made real even though the tests run as root: the binary is run as
/// `nobody` through `setpriv` (root reads any file, so a chmod alone proves nothing).
@Suite("Hostile files through the cliplab binary", .serialized, .timeLimit(.minutes(5)))
struct HostileFileCLITests {
    static let tiny = Support.root.appendingPathComponent("Tests/Fixtures/model/tiny-a/hf").path
    static let tinyWeights = tiny + "/model.safetensors"
    static let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"].first { FileManager.default.isExecutableFile(atPath: $0) }
    /// Whether a file without read permission can be made unreadable to the binary.
    static let canDropPrivileges = getuid() != 0 || setpriv != nil

    /// Runs the binary (as `nobody` when `unprivileged` and root), killing it after `timeout` seconds.
    static func run(_ arguments: [String], stdin: String = "", unprivileged: Bool = false,
                    environment: [String: String] = [:], timeout: Double = 60) throws -> (status: Int32, signalled: Bool, timedOut: Bool, stdout: String, stderr: String) {
        guard FileManager.default.isExecutableFile(atPath: Support.binary.path) else { throw Support.CLIMissing(path: Support.binary.path) }
        let process = Process()
        if unprivileged, getuid() == 0, let setpriv {
            process.executableURL = URL(fileURLWithPath: setpriv)
            process.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", Support.binary.path] + arguments
        } else {
            process.executableURL = Support.binary
            process.arguments = arguments
        }
        let home = Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        chmod(home.path, 0o777)
        var env = ProcessInfo.processInfo.environment
        env["HOME"] = home.path
        env["NO_COLOR"] = "1"
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try? input.fileHandleForWriting.close()
        let box = Support.Box()
        let reader = Thread { box.put(errors.fileHandleForReading.readDataToEndOfFile()) }
        reader.start()
        let killed = Killed()
        let pid = process.processIdentifier
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout) {
            if process.isRunning { killed.set(); kill(pid, SIGKILL) }
        }
        let out = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, process.terminationReason == .uncaughtSignal, killed.value,
                String(decoding: out, as: UTF8.self), String(decoding: box.take(), as: UTF8.self))
    }

    final class Killed: @unchecked Sendable {
        private let lock = NSLock()
        private var flag = false
        var value: Bool { lock.withLock { flag } }
        func set() { lock.withLock { flag = true } }
    }

    /// A folder every user can enter, for files `nobody` must reach.
    static func openFolder() -> URL {
        let url = Support.temporaryDirectory()
        chmod(url.path, 0o755)
        return url
    }

    static func expectOneErrorLine(_ run: (status: Int32, signalled: Bool, timedOut: Bool, stdout: String, stderr: String),
                                   naming path: String, containing fragment: String,
                                   sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!run.timedOut, "hung", sourceLocation: sourceLocation)
        #expect(!run.signalled, "crashed: \(run.stderr)", sourceLocation: sourceLocation)
        #expect(run.status == 1, "status \(run.status): \(run.stderr)", sourceLocation: sourceLocation)
        #expect(run.stderr.hasPrefix("error: "), "\(run.stderr)", sourceLocation: sourceLocation)
        #expect(run.stderr.filter { $0 == "\n" }.count == 1, "\(run.stderr)", sourceLocation: sourceLocation)
        #expect(run.stderr.contains(path), "\(run.stderr)", sourceLocation: sourceLocation)
        #expect(run.stderr.contains(fragment), "expected '\(fragment)' in \(run.stderr)", sourceLocation: sourceLocation)
    }

    enum Kind: String, CaseIterable { case missing, directory, symlinkLoop, empty, fifo }

    static func make(_ kind: Kind, named name: String, in folder: URL) -> String {
        let path = folder.appendingPathComponent(name).path
        switch kind {
        case .missing: break
        case .directory: try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        case .symlinkLoop:
            symlink(path + ".2", path)
            symlink(path, path + ".2")
        case .empty: _ = FileManager.default.createFile(atPath: path, contents: Data())
        case .fifo: mkfifo(path, 0o644)
        }
        return path
    }

    /// The command that reads a file of each loader's kind, and the name it is given.
    enum Loader: String, CaseIterable {
        case model, image, npy, notebook

        var fileName: String {
            switch self {
            case .model: "weights.safetensors"
            case .image: "photo.png"
            case .npy: "pixels.npy"
            case .notebook: "lesson.md"
            }
        }

        func arguments(_ path: String) -> [String] {
            switch self {
            case .model: ["embed", "--model", path, "--text", "a cat", "--json"]
            case .image, .npy: ["embed", "--model", HostileFileCLITests.tiny, "--image", path, "--json"]
            case .notebook: ["lesson", "run", path]
            }
        }
    }

    /// What each (loader, kind) pair must say.
    static func fragment(_ loader: Loader, _ kind: Kind) -> String {
        switch (loader, kind) {
        case (.model, .missing): "no such file or folder"
        case (.model, .directory): "no model files"
        case (.image, .missing): "no such file; check the path"
        case (.image, .directory): "is a directory, not an image file"
        case (.image, .empty): "the file is empty (0 bytes)"
        case (.npy, .empty): "not a .npy file (the file is empty)"
        case (.model, .empty): "file is truncated: 0 bytes"
        case (.notebook, .empty): ""   // an empty notebook is a valid, empty lesson: see below
        case (_, .missing): "no such file"
        case (_, .directory): "is a directory"
        case (_, .symlinkLoop): "symbolic link loop — fix or remove the link"
        case (_, .fifo): "is a FIFO (named pipe), not a regular file — give the path of a file"
        }
    }

    @Test("Every loader refuses a missing path, a directory, a symlink loop, an empty file and a FIFO",
          arguments: Loader.allCases, Kind.allCases)
    func hostilePaths(loader: Loader, kind: Kind) throws {
        let folder = Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = Self.make(kind, named: loader.fileName, in: folder)
        let run = try Self.run(loader.arguments(path), timeout: 30)
        if loader == .notebook && kind == .empty {
            #expect(!run.timedOut && !run.signalled && run.status == 0, "\(run.stderr)")
            return
        }
        Self.expectOneErrorLine(run, naming: path, containing: Self.fragment(loader, kind))
    }

    @Test("A file without read permission is refused by name for every loader", .enabled(if: canDropPrivileges),
          arguments: Loader.allCases)
    func unreadable(loader: Loader) throws {
        let folder = Self.openFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = switch loader {
        case .model: Self.tinyWeights
        case .image: Support.root.appendingPathComponent("Tests/Fixtures/image/decode/rgb8.png").path
        case .npy: Support.root.appendingPathComponent("Tests/Fixtures/model/tiny-a/pixels.npy").path
        case .notebook: Support.fixtures.appendingPathComponent("en/01-sample.md").path
        }
        var path = folder.appendingPathComponent(loader.fileName).path
        var target = path
        if loader == .model {   // a whole Hugging Face folder whose weights only root may read
            let model = folder.appendingPathComponent("model")
            try FileManager.default.createDirectory(at: model, withIntermediateDirectories: false)
            chmod(model.path, 0o755)
            try FileManager.default.copyItem(atPath: Self.tiny + "/config.json", toPath: model.path + "/config.json")
            target = model.path
            path = model.path + "/model.safetensors"
        }
        try? FileManager.default.copyItem(atPath: source, toPath: path)
        if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: Data("# x\n".utf8)) }
        chmod(path, 0o600)
        if getuid() != 0 { chmod(path, 0) }
        let run = try Self.run(loader.arguments(target), unprivileged: true)
        Self.expectOneErrorLine(run, naming: path, containing: "permission denied — make it readable (chmod a+r) or run as its owner")
        // The same file is read as its owner.
        if getuid() == 0 { #expect(try Self.run(loader.arguments(target)).status == 0) }
    }

    @Test("A checkpoint truncated at every 10% point is refused by the binary", arguments: Array(0..<10))
    func truncatedCheckpoint(tenth: Int) throws {
        let folder = Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Self.tinyWeights))
        let path = folder.appendingPathComponent("cut.safetensors").path
        try bytes.prefix(bytes.count * tenth / 10).write(to: URL(fileURLWithPath: path))
        Self.expectOneErrorLine(try Self.run(Loader.model.arguments(path)), naming: path, containing: "truncated")
    }

    @Test("A checkpoint header claiming 1 TB is refused at once")
    func terabyteHeader() throws {
        let folder = Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("huge.safetensors").path
        var data = Data()
        withUnsafeBytes(of: (UInt64(1) << 40).littleEndian) { data.append(contentsOf: $0) }
        data.append(contentsOf: Array("{}".utf8))
        try data.write(to: URL(fileURLWithPath: path))
        Self.expectOneErrorLine(try Self.run(Loader.model.arguments(path)), naming: path,
                                containing: "header claims 1099511627776 bytes, over the 100 MB limit")
    }

    @Test("A model that does not fit the memory limit is refused with how much it needs")
    func memory() throws {
        let run = try Self.run(Loader.model.arguments(Self.tiny), environment: [SystemMemory.limitVariable: "100K"])
        Self.expectOneErrorLine(run, naming: Self.tinyWeights,
                                containing: "about 102400 bytes available; close other programs or use a smaller model")
        #expect(run.stderr.contains(": needs 1.6 MB, "), "\(run.stderr)")
    }

    @Test("A PNG claiming 100000 x 100000 pixels and a JPEG cut mid-scan are refused by the binary")
    func images() throws {
        let folder = Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        // The giant PNG: signature, IHDR for 100000×100000 RGB, an empty IDAT, IEND (CRCs computed).
        func crc32(_ bytes: [UInt8]) -> UInt32 {
            var crc: UInt32 = 0xFFFF_FFFF
            for byte in bytes {
                crc ^= UInt32(byte)
                for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
            }
            return ~crc
        }
        func be(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
        func chunk(_ type: String, _ body: [UInt8]) -> [UInt8] {
            let typed = Array(type.utf8) + body
            return be(UInt32(body.count)) + typed + be(crc32(typed))
        }
        let png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", be(100_000) + be(100_000) + [8, 2, 0, 0, 0])
            + chunk("IDAT", [0x78, 0x01, 0x01, 0x00, 0x00, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x01]) + chunk("IEND", [])
        let giant = folder.appendingPathComponent("giant.png").path
        try Data(png).write(to: URL(fileURLWithPath: giant))
        Self.expectOneErrorLine(try Self.run(Loader.image.arguments(giant)), naming: giant,
                                containing: "100000 x 100000 = 10000000000 pixels is over the limit of 89478485")
        let jpeg = [UInt8](try Data(contentsOf: Support.root.appendingPathComponent("Tests/Fixtures/image/decode/baseline420.jpg")))
        let scan = try #require(jpeg.indices.dropLast().first { jpeg[$0] == 0xFF && jpeg[$0 + 1] == 0xDA })
        let cut = folder.appendingPathComponent("cut.jpg").path
        try Data(jpeg.prefix(scan + (jpeg.count - scan) / 2)).write(to: URL(fileURLWithPath: cut))
        Self.expectOneErrorLine(try Self.run(Loader.image.arguments(cut)), naming: cut, containing: "the image is truncated")
    }

    @Test("After every hostile file a session still has its model and batch")
    func sessionSurvives() throws {
        let folder = Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        var abuse: [String] = []
        for loader in Loader.allCases {
            for kind in Kind.allCases where kind != .missing && !(loader == .notebook && kind == .empty) {
                let path = Self.make(kind, named: "\(kind)-" + loader.fileName, in: folder)
                switch loader {
                case .model: abuse.append("load \(path)")
                case .image, .npy: abuse.append("embed --image \(path)")
                case .notebook: abuse.append("lesson run \(path)")
                }
            }
        }
        let setup = "load \(Self.tiny)\nbatch toy 4\n"
        let state = "model\nbatch show\n"
        let before = try Self.run([], stdin: setup + state)
        let after = try Self.run([], stdin: setup + state + abuse.joined(separator: "\n") + "\n" + state)
        #expect(!after.timedOut && !after.signalled)
        let setupOnly = try Self.run([], stdin: setup)
        let shown = String(before.stdout.dropFirst(setupOnly.stdout.count))
        #expect(!shown.isEmpty && shown.contains("422.2k parameters"))
        #expect(after.stdout == setupOnly.stdout + shown + shown, "the state shown after the abuse differs")
        let errorLines = after.stderr.split(separator: "\n")
        #expect(errorLines.count == abuse.count && errorLines.allSatisfy { $0.hasPrefix("line ") && $0.contains(": error: ") }, "\(after.stderr)")
    }

    @Test("An eval image folder full of hostile entries skips each by name, and a hostile templates file is refused")
    func imageFolder() throws {
        let root = Self.openFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let data = root.appendingPathComponent("data")
        let png = Support.root.appendingPathComponent("Tests/Fixtures/image/decode/rgb8.png").path
        for label in ["cat", "dog"] {
            try FileManager.default.createDirectory(at: data.appendingPathComponent(label), withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: png, toPath: data.path + "/\(label)/good.png")
        }
        _ = Self.make(.fifo, named: "cat/fifo.png", in: data)
        _ = Self.make(.symlinkLoop, named: "dog/loop.jpg", in: data)
        _ = Self.make(.directory, named: "dog/folder.png", in: data)
        _ = Self.make(.empty, named: "cat/empty.jpg", in: data)
        let arguments = ["eval", "zeroshot", "--model", Self.tiny, "--data", data.path, "--templates", "simple"]
        let run = try Self.run(arguments)
        #expect(!run.timedOut && !run.signalled && run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("PARTIAL: 4 unreadable images skipped — the numbers cover the other 2"), "\(run.stdout)")
        for fragment in ["cat/fifo.png: is a FIFO (named pipe), not a regular file", "dog/loop.jpg: symbolic link loop",
                         "dog/folder.png: is a directory", "cat/empty.jpg: the file is empty"] {
            #expect(run.stdout.contains(fragment), "\(fragment)")
        }
        let templates = Self.make(.fifo, named: "templates.txt", in: root)
        Self.expectOneErrorLine(try Self.run(Array(arguments.dropLast()) + [templates]), naming: templates,
                                containing: "is a FIFO (named pipe), not a regular file")
        let loop = Self.make(.symlinkLoop, named: "data-loop", in: root)
        Self.expectOneErrorLine(try Self.run(["eval", "zeroshot", "--model", Self.tiny, "--data", loop]), naming: loop,
                                containing: "not a folder")
    }
}
