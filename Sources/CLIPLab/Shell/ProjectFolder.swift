import Foundation

/// Where a folder of the project (`Lessons`, `Sources`) can be found at run time.
enum ProjectFolder {
    /// `name` in the current folder, then beside the executable and in up to four folders
    /// above it (`.build/release/cliplab` sits three levels below the project).
    static func nearby(_ name: String) -> [String] {
        var candidates = [FileManager.default.currentDirectoryPath + "/" + name]
        if let exe = Bundle.main.executableURL?.resolvingSymlinksInPath() {
            var dir = exe.deletingLastPathComponent()
            for _ in 0..<5 {
                candidates.append(dir.appendingPathComponent(name).path)
                dir = dir.deletingLastPathComponent()
            }
        }
        return candidates
    }
}
