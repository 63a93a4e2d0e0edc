import CLIPCore
import Foundation

extension Command {
    static let benchGemm = Command(
        name: "gemm", group: .tools,
        summary: "sgemm GFLOP/s on the matrix shapes of ViT-B/32, beside plain C calling the same BLAS",
        help: """
        Times each shape after a warm-up and prints the median, with the same measure from
        Tests/Reference/gemm_reference.c (C calling cblas_sgemm, same shapes, threads and
        repeats) and our share of it. `make bench` compiles that program next to cliplab;
        --reference names another build of it.

        Example: bench gemm --threads 1
                 bench gemm --repeats 5 --json
        """,
        options: [.benchGemmRepeats,
                  .benchGemmThreads,
                  .reference],
        json: true
    ) { context, args in
        let repeats = try args.int(.benchGemmRepeats, default: 15)
        let threads = try args.int(.benchGemmThreads, default: context.settings.threads == 0 ? Threads.count : context.settings.threads)
        let referenceFile = args.value(.reference).map { URL(fileURLWithPath: ($0 as NSString).expandingTildeInPath) }
            ?? GemmReference.defaultExecutable
        context.console.transient("measuring…")
        let results = GemmBenchmark.run(repeats: repeats, threads: threads, isCancelled: context.isCancelled)
        if context.isCancelled() { throw LabError.interrupted }
        let reference = referenceFile.flatMap { GemmReference.run(executable: $0, threads: threads, repeats: repeats) }
        context.console.clearTransient()
        if context.isCancelled() { throw LabError.interrupted }
        if let path = args.value(.reference), reference == nil {
            throw LabError.file(path: path, reason: "did not run as the gemm reference; build it with `make gemm-reference`")
        }
        let cGflops = { (i: Int) in reference.flatMap { i < $0.shapes.count ? $0.shapes[i].gflops : nil } }
        if args.json {
            return .json(.array(results.enumerated().map { i, r in
                .object([("shape", .string(r.label)), ("m", .int(r.m)), ("k", .int(r.k)), ("n", .int(r.n)),
                         ("threads", .int(threads)), ("median_ms", .double(r.medianMs)), ("gflops", .double(r.gflops)),
                         ("c_gflops", cGflops(i).map { .double($0) } ?? .null)])
            }))
        }
        let width = results.map { $0.label.count }.max() ?? 0
        var lines = ["\(threads) thread\(threads == 1 ? "" : "s") · OpenBLAS \(BLASCore.selectFastKernels()) · medians of \(repeats)"
                     + (reference == nil ? "" : " · C: cblas_sgemm alone")]
        lines += results.enumerated().map { i, r in
            var line = r.label.padding(toLength: width, withPad: " ", startingAt: 0)
                + String(format: "  %9.3f ms  %8.1f GFLOP/s", r.medianMs, r.gflops)
            if let c = cGflops(i) { line += String(format: "   C %8.1f GFLOP/s  (%3.0f %%)", c, 100 * r.gflops / c) }
            return line
        }
        if reference == nil { lines.append("(no C reference next to cliplab: `make gemm-reference` builds it)") }
        return Output(lines.joined(separator: "\n"))
    }
}

/// The options of this file's commands, read by name (`args.value(.x)`): a misspelt one does not compile.
extension Option {
    static let benchGemmRepeats: Option = .integer("repeats", "N", in: 1...1000, help: "timed runs per shape (default 15)")
    static let benchGemmThreads: Option = .integer("threads", "N", in: 1...256, help: "BLAS threads (default: the setting, else all cores)")
    static let reference: Option = .value("reference", "FILE", completion: .files, help: "the compiled gemm_reference.c")
}
