import CLIPCore
import CLIPData
import CLIPModel
import CLIPTraining
import Foundation

extension Command {
    static let benchModel = Command(
        name: "model", group: .tools,
        summary: "Load and encode times of a model (default: ViT-B/32 with random weights)",
        help: """
        Medians of: load time, image encode at batch 1 and per image at batch 8, text
        encode at batch 1 and per text at batch 8 (short prompts, never padded to 77), and
        the GFLOP/s achieved encoding 8 images. --model takes a preset (vit-b-32, vit-b-16,
        vit-l-14, toy) or a checkpoint folder/file. Compare with
        Tests/Reference/bench_torch_model.py on the same machine and thread count.

        Example: bench model --threads 2 --json
        """,
        options: [.benchModel,
                  .benchModelThreads,
                  .benchModelRepeats],
        json: true
    ) { context, args in
        let reference = args.value(.benchModel) ?? "vit-b-32"
        let threads = try args.int(.benchModelThreads, default: context.settings.threads == 0 ? Threads.count : context.settings.threads)
        let repeats = try args.int(.benchModelRepeats, default: 5)
        let source: ModelBenchmark.Source = CLIPConfig.presets.first { $0.name == reference.lowercased() }
            .map { .preset($0.name, $0.config) } ?? .checkpoint(reference)
        context.console.transient("measuring \(reference)…")
        let r = try ModelBenchmark.run(source, threads: threads, repeats: repeats, isCancelled: context.isCancelled)
        context.console.clearTransient()
        if args.json {
            let data = try JSONEncoder().encode(r)
            return Output(String(decoding: data, as: UTF8.self))
        }
        let f = { (x: Double) in String(format: "%8.1f ms", x) }
        var lines = [
            "\(r.model) · \(r.threads) thread\(r.threads == 1 ? "" : "s") · OpenBLAS \(r.blasCore) · medians of \(r.repeats)",
            "load                     \(f(r.loadMs))",
            "image, batch 1           \(f(r.imageMsB1))",
            "image, per image at b8   \(f(r.imageMsPerImageB8))   \(String(format: "%.1f", r.imageGflopsB8)) GFLOP/s",
            "text, batch 1            \(f(r.textMsB1))",
            "text, per text at b8     \(f(r.textMsPerTextB8))",
        ]
        if let hint = r.blasHint { lines.append("note: \(hint)") }
        return Output(lines.joined(separator: "\n"))
    }
}

/// The options of this file's commands, read by name (`args.value(.x)`): a misspelt one does not compile.
extension Option {
    static let benchModel: Option = .value("model", "M", completion: .nameOrPath(ModelResolver.names), help: "preset or checkpoint (default vit-b-32)")
    static let benchModelRepeats: Option = .integer("repeats", "N", in: 1...100, help: "timed runs per measure (default 5)")
    static let benchModelThreads: Option = .integer("threads", "N", in: 1...256, help: "threads (default: the setting, else all cores)")
}
