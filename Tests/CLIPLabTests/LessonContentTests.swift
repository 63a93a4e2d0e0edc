import Foundation
import Testing
@testable import CLIPLab

/// The real lessons under `Lessons/`: both languages teach the same cells, and every cell
/// still prints what the lesson recorded.
@Suite("Lesson content: Lessons/en and Lessons/zh")
struct LessonContentTests {
    static let root = Support.root.appendingPathComponent("Lessons").path
    static let catalog = LessonCatalog(root: root)

    /// Every lesson file of both languages, as `en/01-why-clip.md`.
    static let files: [String] = ["en", "zh"].flatMap { lang -> [String] in
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root + "/" + lang)) ?? []
        return names.filter { $0.hasSuffix(".md") && $0 != "README.md" }.sorted().map { lang + "/" + $0 }
    }

    @Test("Every lesson has an id, a title and an order in its front matter, and its file is named NN-id.md",
          arguments: files)
    func frontMatter(file: String) throws {
        let notebook = try NotebookIO.read(Self.root + "/" + file)
        let id = try #require(notebook.meta("id"), "\(file) has no id")
        let title = try #require(notebook.meta("title"), "\(file) has no title")
        let order = try #require(notebook.meta("order").flatMap { Int($0) }, "\(file) has no numeric order")
        #expect(!title.isEmpty)
        let name = URL(fileURLWithPath: file).lastPathComponent
        #expect(name == String(format: "%02d-%@.md", order, id), "\(file): expected \(String(format: "%02d-%@.md", order, id))")
        #expect(!notebook.cells.isEmpty, "\(file) has no cells")
    }

    @Test("en and zh have the same lessons, in the same order")
    func sameLessons() throws {
        let en = try Self.catalog.lessons(lang: "en"), zh = try Self.catalog.lessons(lang: "zh")
        #expect(!en.isEmpty)
        #expect(en.map(\.id) == zh.map(\.id))
        #expect(en.map(\.order) == zh.map(\.order))
        #expect(en.map(\.needs) == zh.map(\.needs))
        #expect(Set(en.map(\.order)).count == en.count, "two lessons share an order number")
    }

    @Test("en and zh lessons run identical cells: commands, options, solutions and checks")
    func sameCells() throws {
        let zh = Dictionary(uniqueKeysWithValues: try Self.catalog.lessons(lang: "zh").map { ($0.id, $0) })
        for lesson in try Self.catalog.lessons(lang: "en") {
            guard let other = zh[lesson.id] else { Issue.record("\(lesson.id) is missing in zh/"); continue }
            let a = try NotebookIO.read(lesson.path).cells, b = try NotebookIO.read(other.path).cells
            #expect(a.count == b.count, "\(lesson.id): \(a.count) cells in en, \(b.count) in zh")
            for (index, (x, y)) in zip(a, b).enumerated() {
                let cell = "\(lesson.id) cell \(index + 1)"
                #expect(x.source == y.source, "\(cell): commands differ")
                #expect(x.options == y.options, "\(cell): options differ")
                #expect(x.solution == y.solution, "\(cell): solutions differ")
                #expect(x.check == y.check, "\(cell): checks differ")
                #expect((x.hint == nil) == (y.hint == nil), "\(cell): a hint in one language only")
            }
        }
    }

    @Test("Every exercise has a hint, a solution and a check")
    func exercisesComplete() throws {
        for lang in ["en", "zh"] {
            for lesson in try Self.catalog.lessons(lang: lang) {
                for (index, cell) in try NotebookIO.read(lesson.path).cells.enumerated() where cell.isExercise {
                    let name = "\(lang)/\(lesson.id) cell \(index + 1)"
                    #expect(cell.hint?.isEmpty == false, "\(name) has no hint")
                    #expect(cell.solution?.isEmpty == false, "\(name) has no solution")
                    #expect(cell.check?.isEmpty == false, "\(name) has no check")
                }
            }
        }
    }
    // Recorded outputs are compared by `cliplab lesson check`, which `make test` runs once.
}
