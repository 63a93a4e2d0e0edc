import CLIPFuzz
import Foundation

// libFuzzer's driver for the parsers in CLIPFuzz. Built with `-sanitize=fuzzer` by
// `make fuzz` (Tests/Fuzz/run.sh); CLIPLAB_FUZZ_TARGET names the parser, e.g.
//   CLIPLAB_FUZZ_TARGET=png .build-fuzz/debug/cliplab-fuzz -max_total_time=60 corpus/

nonisolated(unsafe) var target = FuzzTarget.png

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    do {
        try target.run(bytes)
    } catch {
        FileHandle.standardError.write(Data("broken promise (\(target.rawValue)): \(error)\n".utf8))
        abort()
    }
    return 0
}

typealias RunDriver = @convention(c) (UnsafeMutablePointer<Int32>,
                                      UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                                      @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(2)
}

let name = ProcessInfo.processInfo.environment["CLIPLAB_FUZZ_TARGET"] ?? ""
guard let chosen = FuzzTarget(rawValue: name) else {
    fail("set CLIPLAB_FUZZ_TARGET to one of: " + FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))
}
guard let driver = dlsym(nil, "LLVMFuzzerRunDriver") else {
    fail("cliplab-fuzz needs libFuzzer: build and run it with `make fuzz`")
}
target = chosen
var argc = CommandLine.argc
var argv = CommandLine.unsafeArgv
exit(unsafeBitCast(driver, to: RunDriver.self)(&argc, &argv, testOneInput))
