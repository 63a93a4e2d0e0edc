import Foundation

/// One lesson file as its front matter describes it — the only place lesson metadata lives.
public struct LessonInfo: Sendable, Equatable {
    public var id: String
    public var title: String
    public var order: Int
    /// What the lesson needs to run (`weights` = a full-size checkpoint).
    public var needs: [String]
    public var path: String
    public var lang: String
}

/// Finds lessons under `ROOT/en` and `ROOT/zh`.
public struct LessonCatalog: Sendable {
    public let root: String

    public init(root: String) { self.root = root }

    /// `$CLIPLAB_LESSONS`, `./Lessons`, or a `Lessons` folder above the executable.
    public static func locate(_ explicit: String? = nil) throws(LabError) -> LessonCatalog {
        var candidates: [String] = []
        if let explicit { candidates.append(explicit) }
        if let env = ProcessInfo.processInfo.environment["CLIPLAB_LESSONS"] { candidates.append(env) }
        candidates += ProjectFolder.nearby("Lessons")
        for candidate in candidates where isDirectory(candidate + "/en") || isDirectory(candidate + "/zh") {
            return LessonCatalog(root: candidate)
        }
        if let explicit { throw LabError.file(path: explicit, reason: "has no en/ or zh/ lesson folder") }
        throw LabError.missing("no lessons found — run cliplab from the project folder or set CLIPLAB_LESSONS")
    }

    /// The languages with a lesson folder.
    public var languages: [String] { Settings.languages.filter { LessonCatalog.isDirectory(root + "/" + $0) } }

    /// The lessons of one language, by `order`.
    public func lessons(lang: String) throws(LabError) -> [LessonInfo] {
        let dir = root + "/" + lang
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return [] }
        var found: [LessonInfo] = []
        for name in names.sorted() where name.hasSuffix(".md") && name != "README.md" {
            let notebook = try NotebookIO.read(dir + "/" + name)
            let stem = String(name.dropLast(3))
            let digits = Int(stem.prefix { $0.isNumber }) ?? found.count + 1
            found.append(LessonInfo(
                id: notebook.meta("id") ?? stem,
                title: notebook.meta("title") ?? stem,
                order: notebook.meta("order").flatMap { Int($0) } ?? digits,
                needs: (notebook.meta("needs") ?? "").split(whereSeparator: { $0 == "," || $0 == " " || $0 == "[" || $0 == "]" })
                    .map(String.init).filter { !$0.isEmpty },
                path: dir + "/" + name, lang: lang))
        }
        return found.sorted { $0.order != $1.order ? $0.order < $1.order : $0.id < $1.id }
    }

    /// The lesson `key` names: its order number, its id, or a unique id prefix.
    public func find(_ key: String, lang: String) throws(LabError) -> LessonInfo {
        var all = try lessons(lang: lang)
        if all.isEmpty, lang != "en" { all = try lessons(lang: "en") }
        if let n = Int(key), let hit = all.first(where: { $0.order == n }) { return hit }
        if let hit = all.first(where: { $0.id == key }) { return hit }
        let prefixed = all.filter { $0.id.hasPrefix(key) }
        if prefixed.count == 1 { return prefixed[0] }
        let near = EditDistance.suggestions(for: key, among: all.map(\.id), limit: 2)
        let hint = near.isEmpty ? " — type 'lessons' for the list" : " — did you mean \(near.joined(separator: " or "))?"
        throw LabError.missing("no lesson '\(LabError.printable(key))'\(hint)")
    }

    static func isDirectory(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
    }
}
