import CLIPCore
import CLIPModel
import CLIPTraining
import Foundation
import Testing
@testable import CLIPLab

@Suite("train, eval, save and bench train", .serialized)
struct TrainCommandTests {
    /// Parses the last line of `text` as a JSON object.
    func lastObject(_ text: String) throws -> [String: Any] {
        let line = try #require(text.split(separator: "\n").last)
        return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test("piped train --json ends with a summary object whose numbers are in range")
    func pipedJSON() throws {
        let run = try Support.cli(["train", "--steps", "30", "--batch", "16", "--seed", "2", "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let summary = try lastObject(run.stdout)
        #expect(summary["steps"] as? Int == 30)
        let seconds = try #require(summary["seconds"] as? Double)
        let loss = try #require(summary["loss"] as? Double)
        #expect(seconds > 0 && loss > 0 && loss < Double(Foundation.log(16.0)))
        for key in ["zeroshot_top1_seen", "zeroshot_top1_unseen"] {
            let value = try #require(summary[key] as? Double)
            #expect((0...1).contains(value))
        }
        #expect(summary["stopped"] as? String == "finished")
    }

    @Test("piped train without --json prints plain progress lines, no escape codes")
    func pipedPlain() throws {
        let run = try Support.cli(["train", "--steps", "20", "--batch", "8"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("step 20/20"))
        #expect(!run.stdout.contains("\u{1B}["))
    }

    @Test("training makes the trained model current and keeps it after another load")
    func sessionModel() throws {
        let lab = Support.interpreter()
        let result = lab.run(line: "train --steps 12 --batch 8 --json")
        #expect(!result.failed, "\(result.output)")
        let trained = try #require(lab.context.session.model)
        #expect(lab.context.session.trainedModel === trained)
        #expect(trained.isToy)
        // A failing train leaves both as they were.
        let bad = lab.run(line: "train --lr nan")
        #expect(bad.failed && bad.status == 2)
        #expect(lab.context.session.model === trained)
    }

    @Test("bad hyper-parameters get one clear line", arguments: [
        ("train --steps -1", "--steps"), ("train --batch 0", "--batch"), ("train --lr nan", "--lr"),
        ("train --lr -3", "--lr"), ("train --embed-dim 0", "--embed-dim"), ("train --config /nonexistent.json", "nonexistent"),
        ("train --withhold four", "--withhold"), ("train --counts 0,0,1 --withhold three", "withhold three"),
        ("eval shift purple", "two, three, small, large, crimson, navy"),
    ])
    func badArguments(line: String, mention: String) {
        let lab = Support.interpreter()
        let result = lab.run(line: line)
        #expect(result.failed)
        #expect(result.error?.contains(mention) == true, "\(result.error ?? "")")
        #expect(result.error?.contains("\n") == false)
    }

    @Test("eval --json reports every measurement as a fraction")
    func evalJSON() throws {
        let lab = Support.interpreter()
        lab.run(line: "train --steps 10 --batch 8")
        let result = lab.run(line: "eval --json")
        #expect(!result.failed, "\(result.output)")
        let e = try lastObject(result.output)
        for key in ["zeroshot_top1_seen", "zeroshot_top1_unseen", "image_to_text_recall1", "text_to_image_recall1"] {
            let v = try #require(e[key] as? Double)
            #expect((0...1).contains(v))
        }
        let counting = try #require(e["counting"] as? [String: Any])
        #expect(counting["chance"] as? Double ?? 0 > 0.3)
    }

    @Test("save DIR then load DIR gives identical outputs")
    func saveLoad() throws {
        let lab = Support.interpreter()
        lab.run(line: "train --steps 8 --batch 8")
        let folder = Support.temporaryDirectory().appendingPathComponent("toy-model").path
        let saved = lab.run(line: "save \(folder)")
        #expect(!saved.failed, "\(saved.output)")
        let trained = try #require(lab.context.session.model)
        let loaded = lab.run(line: "load \(folder)")
        #expect(!loaded.failed, "\(loaded.output)")
        let back = try #require(lab.context.session.model)
        #expect(back !== trained)
        let sources = ["toy:red-circle", "toy:cat", "toy:two-blue-squares"]
        let texts = ["a red circle", "a photo of a cat", "two blue squares"]
        #expect(try trained.imageEmbeddings(sources).data == back.imageEmbeddings(sources).data)
        #expect(try trained.textEmbeddings(texts).data == back.textEmbeddings(texts).data)
        #expect(trained.clip.logitScale.item == back.clip.logitScale.item)
    }

    @Test("train --objective siglip trains with the sigmoid loss; loss, matrix, classify and a saved checkpoint say so")
    func siglip() throws {
        let lab = Support.interpreter()
        let trained = lab.run(line: "train --steps 12 --batch 8 --seed 2 --objective siglip --json")
        #expect(!trained.failed, "\(trained.output)")
        let summary = try lastObject(trained.output)
        #expect(summary["objective"] as? String == "siglip")
        #expect(summary["bias"] as? Double != nil)
        lab.run(line: "batch scenes")
        let loss = try #require(JSONValue.parse(lab.run(line: "loss --json").output) as? [String: Any])
        #expect(loss["objective"] as? String == "siglip")
        let perImage = try #require(loss["per_image"] as? [Double])
        let total = try #require(loss["loss"] as? Double)
        #expect(abs(perImage.reduce(0, +) / Double(perImage.count) - total) < 1e-5)   // Σ over all pairs / N
        #expect(lab.run(line: "loss").output.contains("each of the 16 pairs is its own yes/no question"))
        #expect(lab.run(line: "matrix --probs").output.contains("independent yes/no"))
        let classify = try #require(JSONValue.parse(lab.run(line: "classify toy:cat --labels \"cat,cat,car\" --json").output) as? [String: Any])
        #expect(classify["probabilities"] as? String == "sigmoid")
        #expect(lab.run(line: "classify toy:cat --labels \"cat,car\"").output.contains("not a softmax"))
        let folder = Support.temporaryDirectory().appendingPathComponent("siglip-toy").path
        #expect(!lab.run(line: "save \(folder)").failed)
        #expect(!lab.run(line: "load \(folder)").failed)
        #expect(lab.context.session.model?.clip.objective.kind == .siglip)
        #expect(lab.run(line: "train --steps 2 --objective softmax").error?.contains("--objective") == true)
    }

    @Test("save NOTEBOOK.md still writes a notebook")
    func saveNotebook() throws {
        let lab = Support.interpreter()
        lab.run(line: "version")
        let path = Support.temporaryDirectory().appendingPathComponent("s.md").path
        #expect(!lab.run(line: "save \(path)").failed)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("version"))
    }

    @Test("bench train --json reports milliseconds per step")
    func benchTrain() throws {
        let lab = Support.interpreter()
        let result = lab.run(line: "bench train --batch 8 --steps 2 --json")
        #expect(!result.failed, "\(result.output)")
        let e = try lastObject(result.output)
        let ms = try #require(e["ms_per_step"] as? Double)
        #expect(ms > 0)
    }
}

/// A child process of its own, so it trains beside the serialized suite above, not after it.
/// It types what lesson 11 types, in the same train cache, so `make test` trains that run once.
@Suite("SigLIP's default run")
struct SigLIPDefaultRunTests {
    @Test("train --objective siglip with its default steps (1200) tells seen combinations apart at ≥ 90 %")
    func siglipDefaultRun() throws {
        let run = try Support.cli(["train", "--seed", "1", "--objective", "siglip"],
                                  environment: ["CLIPLAB_TRAIN_CACHE": Support.trainCache])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(ToyTrainingOptions.defaultSteps(for: .siglip) == 1200)
        #expect(run.stdout.contains("trained 1200 steps in "))
        // "zero-shot top-1 on held-out pictures: seen combinations 94.3%, unseen …" (wrapped at 80 columns)
        let text = run.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let seen = try #require(text.firstMatch(of: /seen combinations ([0-9.]+)%/)).1
        #expect(try #require(Double(seen)) >= 90)
        // The temperature grew from the paper's start, e^t' = 10.
        let temperature = try #require(text.firstMatch(of: /step 1200\/1200 loss [0-9.]+ temperature ([0-9.]+)/)).1
        #expect(try #require(Double(temperature)) > 10)
    }
}
