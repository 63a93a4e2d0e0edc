import Foundation

/// The parsers CLIPLab runs on untrusted input, each with the promises it keeps on any
/// bytes at all: no crash, no hang, and the checks below (bounds, round trips, one-line
/// errors).
///
/// libFuzzer drives them (`make fuzz`, Tests/Fuzz); the test suite replays the committed
/// seeds and every input that once broke a promise.
///
/// Example: `try FuzzTarget.png.run(Array(data))`   // throws `FuzzFinding` on a broken promise
public enum FuzzTarget: String, CaseIterable, Sendable {
    case safetensors, npy, png, jpeg, config, tokenizer, commandLine = "command-line", lesson, expression
    case kernelMessage = "kernel-message"

    /// Runs one input through the parser and checks its promises; true when the parser
    /// accepted the input (rejecting it with an error is a kept promise too).
    /// - Throws: `FuzzFinding` saying which promise broke.
    @discardableResult
    public func run(_ bytes: [UInt8]) throws(FuzzFinding) -> Bool {
        switch self {
        case .safetensors: try SafeTensorsFuzz.run(bytes)
        case .npy: try NPYFuzz.run(bytes)
        case .png, .jpeg: try ImageFuzz.run(bytes)
        case .config: try ConfigFuzz.run(bytes)
        case .tokenizer: try TokenizerFuzz.run(bytes)
        case .commandLine: try CommandLineFuzz.run(bytes)
        case .lesson: try LessonFuzz.run(bytes)
        case .expression: try ExpressionFuzz.run(bytes)
        case .kernelMessage: try KernelMessageFuzz.run(bytes)
        }
    }
}

/// A promise a parser broke on some input.
public struct FuzzFinding: Error, CustomStringConvertible {
    public let description: String
}

/// Throws a `FuzzFinding` with `message` unless `condition` holds.
func expect(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) throws(FuzzFinding) {
    if !condition() { throw FuzzFinding(description: message()) }
}

/// A file in /dev/shm (or the temp folder), rewritten per input, for parsers that read paths.
enum ScratchFile {
    static let base: URL = {
        let folder = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        return URL(fileURLWithPath: folder).appendingPathComponent("cliplab-fuzz-\(getpid())-\(UUID().uuidString)")
    }()

    static func write(_ bytes: [UInt8], suffix: String) throws(FuzzFinding) -> URL {
        let file = base.appendingPathExtension(suffix)
        guard FileManager.default.createFile(atPath: file.path, contents: Data(bytes)) else {
            throw FuzzFinding(description: "cannot write the scratch file \(file.path)")
        }
        return file
    }

    static func remove(_ file: URL) { unlink(file.path) }
}
