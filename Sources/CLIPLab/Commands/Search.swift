import CLIPCore
import CLIPData
import CLIPImage
import CLIPModel
import CLIPTraining
import CLIPViz
import Foundation

extension Command {
    static let search = Command(
        name: "search", group: .model,
        summary: "Find pictures in a folder by a text or by another picture",
        help: """
        Walks FOLDER at any depth (PNG and JPEG; other files are skipped and counted), embeds
        each picture once and ranks them by cosine similarity with --text or --image. The
        embeddings are cached per model and folder in ~/.cache/cliplab/embeddings ($XDG_CACHE_HOME/cliplab) as a float32
        .npy matrix beside a .files.json list of [path, mtime, size] (numpy.load reads it):
        only new or changed files are encoded again, deleted ones are forgotten, and Ctrl-C
        while indexing keeps every batch embedded so far.

        Results show small half-block thumbnails (a character ramp when colour is off);
        --png writes a contact sheet with names and scores. --duplicates lists pairs of
        pictures at least --threshold similar instead of answering a query.

        Example: search --data Examples/images --text "a cat on a sofa" --top 2
                 search --data Examples/images --image Examples/images/cat.jpg --json
                 search --data Examples/images --duplicates --threshold 0.95
        """,
        options: [.data,
                  .searchText,
                  .searchImage,
                  .model,
                  .searchTop,
                  .searchPng,
                  .duplicates,
                  .threshold,
                  .noCache,
                  .resizeOrder],
        json: true
    ) { context, args in try SearchRun.run(&context, args) }
}

/// What `search` does, step by step.
enum SearchRun {
    static func run(_ context: inout Context, _ args: ParsedArgs) throws -> Output {
        let data = try args.required(.data)
        let text = args.value(.searchText), image = args.value(.searchImage), duplicates = args.flag(.duplicates)
        guard duplicates || (text == nil) != (image == nil) else {
            throw LabError.usage("give either --text QUERY or --image FILE (or --duplicates)", usage: args.usage)
        }
        let top = try args.int(.searchTop, default: 5)
        let threshold = Float(try args.number(.threshold, default: 0.95))
        let choice = try context.commandModel(args), model = choice.pipeline
        let index = try buildIndex(&context, model: model, folder: data, noCache: args.flag(.noCache))
        if duplicates {
            let pairs = try index.duplicates(threshold: threshold, isCancelled: context.isCancelled)
            return args.json ? .json(duplicatesJSON(pairs, index: index, threshold: threshold))
                : Output(duplicatesText(pairs, index: index, threshold: threshold))
        }
        let start = Date()
        let query: [Float]
        if let text {
            query = try model.textEmbeddings([text]).data
        } else {
            query = try model.imageEmbeddings([image!], isCancelled: context.isCancelled).data
        }
        let hits = index.top(query, k: top)
        let queryMilliseconds = Date().timeIntervalSince(start) * 1000
        let label = text ?? image!
        if let png = args.value(.searchPng) {
            try SearchSheet.write(hits, root: index.root, title: label, to: (png as NSString).expandingTildeInPath)
        }
        if args.json {
            return .json(.object([("query", .string(label)),
                                  ("results", .array(hits.map { .object([("file", .string($0.file)), ("score", .float($0.score))]) })),
                                  ("n_images", .int(index.files.count)), ("skipped", .int(index.skippedCount))] + choice.jsonFields))
        }
        var lines = ["\(model.displayName) (\(model.origin)): " + summary(index) + String(format: "; query %.1f ms", queryMilliseconds)]
        context.console.show(png: SearchSheet.sheet(hits, root: index.root, title: label), text: "search: \(label)")
        lines.append(SearchSheet.terminal(hits, root: index.root, color: context.settings.color))
        if let png = args.value(.searchPng) { lines.append("wrote the contact sheet to \(png)") }
        if let note = choice.line(context.style) { lines.append(note) }
        return Output(lines.joined(separator: "\n"))
    }

    /// Lists and embeds the folder, with a progress bar and ETA while encoding.
    static func buildIndex(_ context: inout Context, model: CLIPPipeline, folder: String, noCache: Bool) throws -> SearchIndex {
        let url = URL(fileURLWithPath: (folder as NSString).expandingTildeInPath)
        var isDirectory: ObjCBool = false
        guard (try? FileManager.default.attributesOfItem(atPath: url.path)) != nil else {
            throw LabError.file(path: folder, reason: "no such folder; give --data a folder of PNG or JPEG pictures")
        }
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw LabError.file(path: folder, reason: "not a folder; give --data a folder of PNG or JPEG pictures")
        }
        let cache = noCache ? nil : EmbeddingCache(model: model.clip, preprocess: model.preprocess, folder: url)
        let console = context.console, width = context.settings.width, style = context.style
        let start = Date()
        do {
            let index = try SearchIndex.build(pipeline: model, folder: url, cache: cache,
                                              batchSize: min(32, CLIPPipeline.cancellableBatchSize(model.clip.config)),
                                              progress: { p in
                guard p.done < p.total else { return }
                console.transient(ProgressBar(step: p.done, total: p.total, label: "indexing", rate: p.imagesPerSecond,
                                              elapsed: Date().timeIntervalSince(start), unit: "images")
                    .render(width: min(width, 100), style: style))
            }, isCancelled: context.isCancelled)
            console.clearTransient()
            return index
        } catch is CancellationError {
            console.clearTransient()
            throw LabError.failed("interrupted — the pictures embedded so far stay in the cache; run the same search to continue")
        }
    }

    static func summary(_ index: SearchIndex) -> String {
        var parts = ["\(index.files.count) pictures"]
        parts.append(index.encodedCount == 0 ? "all from the cache"
                     : String(format: "%d encoded (%.1f/s), %d from the cache", index.encodedCount,
                              Double(index.encodedCount) / max(index.encodeSeconds, 1e-9), index.cachedCount))
        if index.prunedCount > 0 { parts.append("\(index.prunedCount) deleted files forgotten") }
        if index.skippedCount > 0 {
            parts.append("\(index.skippedCount) skipped (\(index.ignored.count) not PNG/JPEG, \(index.unreadable.count) unreadable)")
        }
        return parts.joined(separator: ", ")
    }

    static func duplicatesText(_ pairs: [SearchIndex.Pair], index: SearchIndex, threshold: Float) -> String {
        var lines = [summary(index), String(format: "%d pair%@ with cosine ≥ %.2f", pairs.count, pairs.count == 1 ? "" : "s", threshold)]
        for p in pairs.prefix(200) { lines.append(String(format: "  %.4f  ", p.score) + p.first + "  ~  " + p.second) }
        if pairs.count > 200 { lines.append("  … \(pairs.count - 200) more (--json lists all)") }
        return lines.joined(separator: "\n")
    }

    static func duplicatesJSON(_ pairs: [SearchIndex.Pair], index: SearchIndex, threshold: Float) -> JSONValue {
        .object([("threshold", .float(threshold)),
                 ("pairs", .array(pairs.map { .object([("a", .string($0.first)), ("b", .string($0.second)), ("score", .float($0.score))]) })),
                 ("n_images", .int(index.files.count)), ("skipped", .int(index.skippedCount))])
    }
}

/// The options of this file's commands, read by name (`args.value(.x)`): a misspelt one does not compile.
extension Option {
    static let duplicates: Option = .flag("duplicates", help: "list near-duplicate pairs instead of a query")
    static let searchImage: Option = .value("image", "FILE", completion: .files, help: "find pictures like this one")
    static let searchPng: Option = .value("png", "OUT.png", completion: .files, help: "write a contact sheet of the results")
    static let searchText: Option = .value("text", "QUERY", help: "find pictures matching this text")
    static let searchTop: Option = .integer("top", "K", in: 1...10_000, help: "how many results (default 5)")
    static let threshold: Option = .number("threshold", "T", in: -1...1, aboveLower: true, example: "0.95", help: "cosine for --duplicates (default 0.95)")
}
