import CLIPCore
import CLIPImage
import Foundation
import Testing
@testable import CLIPTraining
import CLIPData
import CLIPModel
import CLIPTestSupport

/// Zero-shot evaluation over the toy image folder, against the PyTorch reference run of
/// make_resnet_fixtures.py on the same model and images.
@Suite(.serialized)
struct ZeroShotEvaluationTests {
    struct Reference: Decodable {
        struct Run: Decodable {
            struct P: Decodable, Equatable { let file: String, label: String, predicted: String }
            let top1: Double, top5: Double
            let predictions: [P]
        }
        let classes: [String], folders: [String]
        let simple: Run, imagenet: Run
        let per_template: [Double]
    }

    static let datasetURL = ResNetFixture.url("dataset")

    static func reference() throws -> Reference {
        try JSONDecoder().decode(Reference.self, from: Data(contentsOf: ResNetFixture.url("expected/zeroshot.json")))
    }

    /// A scratch copy of the toy dataset (and a scratch cache folder) for tests that change files.
    static func scratch() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cliplab-zs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: datasetURL, to: dir.appendingPathComponent("data"))
        return dir
    }

    static func embed(_ model: CLIPPipeline, _ data: ImageFolderDataset, cache: EmbeddingCache? = nil) throws -> DatasetEmbeddings {
        try DatasetEmbedder.embed(pipeline: model, dataset: data, cache: cache, batchSize: 7)
    }

    @Test("the toy folder lists classes from classes.txt and files in sorted order, like the reference")
    func listing() throws {
        let data = try ImageFolderDataset(root: Self.datasetURL)
        let ref = try Self.reference()
        #expect(data.folders == ref.folders)
        #expect(data.classNames == ref.classes)
        #expect(data.items.map(\.relativePath) == ref.simple.predictions.map(\.file))
        #expect(data.countsPerClass == [5, 5, 5, 5])
        #expect(data.ignoredFiles.isEmpty)
    }

    @Test("dataset image embeddings (decode, resize, crop, ResNet) match PyTorch to 1e-4")
    func embeddings() throws {
        let model = try ResNetFixture.pipeline()
        let images = try Self.embed(model, try ImageFolderDataset(root: Self.datasetURL))
        let expected = try ResNetFixture.npy("expected/dataset_image_embeds.npy")
        #expect(images.isComplete && images.encodedCount == 20)
        #expect(maxAbsDifference(images.embeddings, expected) < 1e-4)
    }

    @Test("zero-shot predictions and accuracies equal the PyTorch reference", arguments: ["simple", "imagenet"])
    func zeroShot(_ set: String) throws {
        let model = try ResNetFixture.pipeline()
        let data = try ImageFolderDataset(root: Self.datasetURL)
        let images = try Self.embed(model, data)
        let templates = try ZeroShotEvaluation.templates(set)
        let tokenizer = try FixtureTokenizer()
        for t in templates { for c in data.classNames { #expect(tokenizer.table[PromptTemplates.fill(t, with: c)] != nil) } }
        let classifier = try ZeroShotClassifier(pipeline: model, labels: data.classNames, templates: templates)
        let report = ZeroShotEvaluation(classifier: classifier, images: images)
        let ref = try Self.reference()
        let run = set == "simple" ? ref.simple : ref.imagenet
        let mine = report.predictions.map {
            Reference.Run.P(file: $0.file, label: data.classNames[$0.label], predicted: data.classNames[$0.predicted])
        }
        #expect(mine == run.predictions)
        #expect(abs(report.top1 - run.top1) < 1e-6 && abs(report.top5 - run.top5) < 1e-6)
        #expect(report.isComplete && report.imageCount == 20)
        #expect(report.confusion.flatMap { $0 }.reduce(0, +) == 20)
        #expect(report.perClass.map(\.correct).reduce(0, +) == Int((run.top1 * 20).rounded()))
    }

    @Test("prompts compare gives each template's accuracy as the reference does, and the ensemble's")
    func promptsCompare() throws {
        let model = try ResNetFixture.pipeline()
        let data = try ImageFolderDataset(root: Self.datasetURL)
        let images = try Self.embed(model, data)
        let ref = try Self.reference()
        let comparison = try PromptComparison(pipeline: model, classNames: data.classNames,
                                              templates: PromptTemplates.imagenet, images: images)
        #expect(comparison.rows.count == 80)
        let worst = zip(comparison.rows.map(\.top1), ref.per_template).map { abs($0 - $1) }.max() ?? 1
        #expect(worst < 1e-6)
        #expect(abs(comparison.ensemble.top1 - ref.imagenet.top1) < 1e-6)
    }

    @Test("a rerun takes every embedding from the cache; a changed file alone is re-encoded")
    func cache() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = try ResNetFixture.pipeline()
        let data = try ImageFolderDataset(root: dir.appendingPathComponent("data"))
        let cacheDir = dir.appendingPathComponent("cache")
        let first = try Self.embed(model, data, cache: EmbeddingCache(model: model.clip, preprocess: CLIPPreprocess(size: 64),
                                                                       folder: data.root, directory: cacheDir))
        #expect(first.cachedCount == 0 && first.encodedCount == 20)
        let second = try Self.embed(model, data, cache: EmbeddingCache(model: model.clip, preprocess: CLIPPreprocess(size: 64),
                                                                        folder: data.root, directory: cacheDir))
        #expect(second.cachedCount == 20 && second.encodedCount == 0)
        #expect(second.embeddings.data == first.embeddings.data)
        let touched = data.path(of: data.items[3])
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 60)], ofItemAtPath: touched)
        let third = try Self.embed(model, data, cache: EmbeddingCache(model: model.clip, preprocess: CLIPPreprocess(size: 64),
                                                                       folder: data.root, directory: cacheDir))
        #expect(third.cachedCount == 19 && third.encodedCount == 1)
        #expect(maxAbsDifference(third.embeddings, first.embeddings) < 1e-6)
    }

    @Test("an unreadable image is skipped with its reason and the report says it is partial")
    func unreadableImage() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let root = dir.appendingPathComponent("data")
        try Data("not really a png".utf8).write(to: root.appendingPathComponent("red_circle/broken.png"))
        try Data([0xFF, 0xD8, 0xFF, 0xE0, 0x00]).write(to: root.appendingPathComponent("blue_square/cut.jpg"))
        try Data("notes".utf8).write(to: root.appendingPathComponent("blue_square/README.txt"))
        let data = try ImageFolderDataset(root: root)
        #expect(data.items.count == 22 && data.ignoredFiles == ["blue_square/README.txt"])
        let model = try ResNetFixture.pipeline()
        let images = try Self.embed(model, data)
        #expect(images.skipped.map(\.file) == ["blue_square/cut.jpg", "red_circle/broken.png"])
        #expect(images.skipped.allSatisfy { !$0.reason.isEmpty })
        let classifier = try ZeroShotClassifier(pipeline: model, labels: data.classNames)
        let report = ZeroShotEvaluation(classifier: classifier, images: images)
        #expect(!report.isComplete && report.imageCount == 20 && report.skipped.count == 2)
        #expect(abs(report.top1 - (try Self.reference()).simple.top1) < 1e-6)
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as? [String: Any]
        #expect(json?["skipped"] as? Int == 2 && json?["complete"] as? Bool == false && json?["n_images"] as? Int == 20)
        let first = (json?["predictions"] as? [[String: String]])?.first
        #expect(first == ["file": "blue_square/000.png", "label": "blue square", "predicted": first?["predicted"] ?? "?"])
    }

    @Test("a folder of only unreadable images is an error, not an empty report")
    func nothingReadable() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cliplab-zs-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        for c in ["a", "b"] {
            try FileManager.default.createDirectory(at: dir.appendingPathComponent(c), withIntermediateDirectories: true)
            try Data("x".utf8).write(to: dir.appendingPathComponent("\(c)/1.png"))
        }
        #expect(throws: EvaluationError.self) { try Self.embed(try ResNetFixture.pipeline(), try ImageFolderDataset(root: dir)) }
    }

    enum BadFolder: String, CaseIterable { case emptyClass, oneClass, noClasses, missing, badClassesFile }

    @Test("bad dataset folders give a clear error", arguments: BadFolder.allCases)
    func badFolders(_ bad: BadFolder) throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        var root = dir.appendingPathComponent("data")
        let fm = FileManager.default
        switch bad {
        case .emptyClass: try fm.createDirectory(at: root.appendingPathComponent("zebra"), withIntermediateDirectories: true)
        case .oneClass: for f in ["blue_square", "green_triangle", "red_circle"] { try fm.removeItem(at: root.appendingPathComponent(f)) }
        case .noClasses: root = root.appendingPathComponent("red_circle")
        case .missing: root = dir.appendingPathComponent("nope")
        case .badClassesFile: try "red_circle: red circle\nwhale: a whale\n".write(to: root.appendingPathComponent("classes.txt"), atomically: true, encoding: .utf8)
        }
        do {
            _ = try ImageFolderDataset(root: root)
            Issue.record("expected an error for \(bad)")
        } catch let error as DatasetError {
            let message = error.description
            switch bad {
            case .emptyClass: #expect(message.contains("zebra") && message.contains("no .png/.jpg images"))
            case .oneClass: #expect(message.contains("needs at least 2"))
            case .noClasses: #expect(message.contains("no class sub-folders"))
            case .missing: #expect(message.contains("no such folder"))
            case .badClassesFile: #expect(message.contains(":2:") && message.contains("whale"))
            }
        }
    }

    @Test("an unknown template set is refused; a template file is read line by line")
    func templateSets() throws {
        #expect(throws: EvaluationError.unknownTemplateSet("fancy")) { try ZeroShotEvaluation.templates("fancy") }
        #expect(try ZeroShotEvaluation.templates("simple") == ["a photo of a {}."])
        #expect(try ZeroShotEvaluation.templates("imagenet").count == 80)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("templates-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: file) }
        try "# mine\na photo of a {}.\n\na drawing of a {}.\n".write(to: file, atomically: true, encoding: .utf8)
        #expect(try ZeroShotEvaluation.templates(file.path) == ["a photo of a {}.", "a drawing of a {}."])
        try "# nothing\n".write(to: file, atomically: true, encoding: .utf8)
        #expect(throws: EvaluationError.self) { try ZeroShotEvaluation.templates(file.path) }
    }

    @Test("the linear probe splits each class, fits on frozen embeddings and reports zero-shot on the same test images")
    func linearProbe() throws {
        let model = try ResNetFixture.pipeline()
        let data = try ImageFolderDataset(root: Self.datasetURL)
        let images = try Self.embed(model, data)
        let classifier = try ZeroShotClassifier(pipeline: model, labels: data.classNames)
        let probe = try LinearProbeEvaluation(images: images, classes: 4, split: 0.8, zeroShot: classifier)
        #expect(probe.trainCount + probe.validationCount + probe.testCount == 20)
        #expect(probe.testCount == 4 && probe.validationCount == 4)
        #expect(probe.accuracy >= 0.75, "the toy classes are easy to separate: \(probe.accuracy)")
        #expect(probe.zeroShotAccuracy != nil)
        #expect(throws: EvaluationError.self) { try LinearProbeEvaluation(images: images, classes: 4, split: 1.5) }
    }
}
