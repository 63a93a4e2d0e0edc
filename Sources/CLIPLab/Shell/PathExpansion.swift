import Foundation

/// Expands what a shell would in a path argument: `~`, `~user`, `$VAR` and `${VAR}`.
///
/// The REPL splits lines without a shell, so `load ~/models/clip` would otherwise look for a
/// folder literally named `~`. Arguments declared as paths (completion `.files` or `.nameOrPath`)
/// pass through here once, in `ArgumentParser`, so every command, script and lesson agrees.
/// A word that already names an existing file is left alone, and so is an unset variable
/// (the error then shows what was typed).
///
/// Example: with `HOME=/home/ada`, `expand("~/photos/$USER.jpg")` → `/home/ada/photos/ada.jpg`.
enum PathExpansion {
    static func expand(_ word: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        guard word.hasPrefix("~") || word.contains("$") else { return word }
        if FileManager.default.fileExists(atPath: word) { return word }
        return variables(in: tilde(word, environment: environment), environment: environment)
    }

    /// `~` and `~/…` become HOME; `~name` and `~name/…` that user's home folder.
    static func tilde(_ word: String, environment: [String: String]) -> String {
        guard word.hasPrefix("~") else { return word }
        let slash = word.firstIndex(of: "/") ?? word.endIndex
        let user = String(word[word.index(after: word.startIndex)..<slash])
        let rest = String(word[slash...])
        if user.isEmpty {
            guard let home = environment["HOME"] ?? homeOf(user: nil) else { return word }
            return home + rest
        }
        guard let home = homeOf(user: user) else { return word }
        return home + rest
    }

    /// `$NAME` and `${NAME}` replaced by set variables; anything else kept as typed.
    static func variables(in word: String, environment: [String: String]) -> String {
        guard word.contains("$") else { return word }
        var out = ""
        var rest = Substring(word)
        while let dollar = rest.firstIndex(of: "$") {
            out += rest[..<dollar]
            let after = rest[rest.index(after: dollar)...]
            var name: Substring
            var consumed: Substring.Index
            if after.first == "{", let close = after.firstIndex(of: "}") {
                name = after[after.index(after: after.startIndex)..<close]
                consumed = after.index(after: close)
            } else {
                let end = after.firstIndex { !($0.isLetter || $0.isNumber || $0 == "_") || !$0.isASCII } ?? after.endIndex
                name = after[..<end]
                consumed = end
            }
            if !name.isEmpty, let value = environment[String(name)] {
                out += value
            } else {
                out += rest[dollar..<consumed]
            }
            rest = rest[consumed...]
        }
        return out + rest
    }

    private static func homeOf(user: String?) -> String? {
        let entry = user.map { getpwnam($0) } ?? getpwuid(getuid())
        guard let entry, let dir = entry.pointee.pw_dir else { return nil }
        return String(cString: dir)
    }
}
