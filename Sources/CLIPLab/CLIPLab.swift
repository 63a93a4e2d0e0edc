import Foundation

/// Entry point shared by the `cliplab` executable.
public enum CLIPLabMain {
    public static let version = "0.1.0"

    public static func run(_ arguments: [String]) -> Int32 {
        if arguments.isEmpty || arguments == ["help"] || arguments == ["--help"] {
            print("cliplab \(version) — learn CLIP by running it\nusage: cliplab [COMMAND ARGS…]")
            return 0
        }
        if arguments == ["--version"] || arguments == ["version"] { print("cliplab \(version)"); return 0 }
        FileHandle.standardError.write("error: unknown command '\(arguments[0])' — try 'cliplab help'\n".data(using: .utf8)!)
        return 2
    }
}
