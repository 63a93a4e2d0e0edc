import CLIPCore
import CLIPData
import CLIPModel
import CLIPTraining
import Foundation

extension Command {
    static let benchTrain = Command(
        name: "train", group: .tools,
        summary: "Milliseconds per training step (forward, backward, AdamW) of a config",
        help: """
        Times full training steps on random data of the config's shapes: pixels [B,3,S,S],
        texts of 8 tokens, the symmetric contrastive loss (--objective siglip: SigLIP's
        sigmoid loss), backward, AdamW and the temperature clamp. Without --config it is
        the toy model `train` uses.
        Tests/Reference/bench_torch_train.py does the same steps in PyTorch:
          env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /work/venv/bin/python Tests/Reference/bench_torch_train.py

        Example: bench train
                 bench train --objective siglip
                 bench train --config my-config.json --batch 32 --json
        """,
        options: [
            .benchTrainConfig,
            .batch,
            .benchTrainSteps,
            .objective,
        ],
        json: true
    ) { context, args in
        let batch = try args.int(.batch, default: 64)
        let steps = try args.int(.benchTrainSteps, default: 20)
        let tokenizer = ToyTrainer.tokenizer()
        var config = ToyTrainer.toyConfig(for: tokenizer)
        if let path = args.value(.benchTrainConfig) { config = ToyTrainer.fitted(try TrainConfigFile.read(path), to: tokenizer) }
        if try TrainCommand.objective(args) == .siglip { config = config.withSigmoidLoss() }
        context.console.transient("timing \(steps) training steps…")
        let result = try TrainBenchmark.run(config: config, batch: batch, steps: steps, isCancelled: context.isCancelled)
        context.console.clearTransient()
        if context.isCancelled() { throw LabError.interrupted }
        if args.json {
            return .json(.object([
                ("ms_per_step", .double(result.msPerStep)), ("batch", .int(result.batch)), ("steps", .int(result.steps)),
                ("parameters", .int(result.parameters)), ("threads", .int(result.threads)),
                ("blas_core", .string(result.blasCore)), ("fixed_order_build", .string(ProductKernel.fixedOrderBuild.rawValue)),
                ("objective", .string(config.objective.rawValue)),
            ]))
        }
        return Output(String(format: "%.2f ms per training step", result.msPerStep)
                      + "  (\(config.objective.rawValue) loss, batch \(result.batch), \(result.parameters) parameters, median of \(result.steps) steps, "
                      + "\(result.threads) threads, fixed-order kernel \(ProductKernel.fixedOrderBuild.rawValue), OpenBLAS \(result.blasCore))")
    }
}

/// Reads a Hugging Face CLIP `config.json` named on the command line (`train`, `bench train`).
enum TrainConfigFile {
    static func read(_ path: String) throws -> CLIPConfig {
        let expanded = (path as NSString).expandingTildeInPath
        let data: Data
        do { data = Data(try FileAccess.read(expanded, maxBytes: CheckpointLoader.maxConfigBytes)) } catch {
            throw LabError.file(path: path, reason: error.problem)
        }
        do {
            return try JSONDecoder().decode(CLIPConfig.self, from: data)
        } catch {
            throw LabError.file(path: path, reason: "not a CLIP config.json (\(error.localizedDescription))")
        }
    }
}

/// The options of this file's commands, read by name (`args.value(.x)`): a misspelt one does not compile.
extension Option {
    static let benchTrainConfig: Option = .value("config", "FILE", completion: .files, help: "Hugging Face config.json (default: the toy model)")
    static let benchTrainSteps: Option = .integer("steps", "N", in: 1...10_000, help: "timed steps (default 20, after 3 warm-up steps)")
}
