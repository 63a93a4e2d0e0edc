import CLIPCore
import Foundation
import Testing
import CLIPModel
@testable import CLIPLab

/// The model commands on the untrained toy model, through the interpreter, with `--json`
/// parsed back so the tests read numbers, not drawings.
@Suite("Model commands: load, batch, matrix, loss, classify, embed, preprocess")
struct ModelCommandTests {
    func json(_ lab: Interpreter, _ line: String) throws -> Any {
        let result = lab.run(line: line)
        #expect(result.error == nil, "\(line): \(result.error ?? "")")
        return try JSONSerialization.jsonObject(with: Data(result.output.utf8))
    }

    @Test("matrix --json is the scaled cosine matrix of the batch, and loss agrees with it")
    func matrixAndLoss() throws {
        let lab = Support.interpreter()
        lab.run(line: "batch scenes")
        let m = try #require(try json(lab, "matrix --json") as? [String: Any])
        let cosine = try #require(m["cosine"] as? [[Double]])
        let logits = try #require(m["logits_per_image"] as? [[Double]])
        let scale = try #require(m["temperature_scale"] as? Double)
        #expect(cosine.count == 4 && cosine.allSatisfy { $0.count == 4 })
        #expect(cosine.joined().allSatisfy { $0 >= -1.0001 && $0 <= 1.0001 })
        #expect(abs(logits[1][2] - scale * cosine[1][2]) < 1e-3)
        let probs = try #require(m["probs_per_image"] as? [[Double]])
        #expect(probs.allSatisfy { abs($0.reduce(0, +) - 1) < 1e-4 })
        // The symmetric loss from the same logits.
        func ce(_ row: [Double], _ t: Int) -> Double {
            let mx = row.max()!
            return -(row[t] - mx - Foundation.log(row.map { Foundation.exp($0 - mx) }.reduce(0, +)))
        }
        let columns = (0..<4).map { j in logits.map { $0[j] } }
        let expected = 0.5 * ((0..<4).map { ce(logits[$0], $0) }.reduce(0, +) / 4 + (0..<4).map { ce(columns[$0], $0) }.reduce(0, +) / 4)
        let l = try #require(try json(lab, "loss --json") as? [String: Any])
        #expect(abs((l["loss"] as? Double ?? 0) - expected) < 1e-3)
        #expect(abs((l["chance"] as? Double ?? 0) - Foundation.log(4.0)) < 1e-9)
    }

    @Test("temperature changes the scale the matrix uses; bad values are refused")
    func temperature() throws {
        let lab = Support.interpreter()
        lab.run(line: "batch toy 3")
        lab.run(line: "temperature 1")
        let m = try #require(try json(lab, "matrix --json") as? [String: Any])
        #expect(abs((m["temperature_scale"] as? Double ?? 0) - 1) < 1e-5)
        #expect(lab.run(line: "temperature 1000").failed)
        #expect(lab.run(line: "temperature nan").failed)
    }

    @Test("classify ranks every label once with probabilities summing to 1")
    func classify() throws {
        let lab = Support.interpreter()
        let c = try #require(try json(lab, "classify toy:cat --labels \"cat, beach,car,forest\" --json") as? [String: Any])
        let ranking = try #require(c["ranking"] as? [[String: Any]])
        #expect(Set(ranking.compactMap { $0["label"] as? String }) == ["cat", "beach", "car", "forest"])
        let p = ranking.compactMap { $0["probability"] as? Double }
        #expect(abs(p.reduce(0, +) - 1) < 1e-4 && p == p.sorted(by: >))
        #expect(lab.run(line: "classify toy:cat").failed)
        #expect(lab.run(line: "classify toy:cat --labels x --templates nope").failed)
    }

    @Test("embed --json follows the contract and matches preprocess → .npy → embed")
    func embedContract() throws {
        let lab = Support.interpreter()
        let dir = Support.temporaryDirectory()
        let npy = dir.appendingPathComponent("cat.npy").path
        #expect(lab.run(line: "preprocess toy:cat --npy \(npy)").error == nil)
        let a = try #require(try json(lab, "embed --image toy:cat --text \"a photo of a cat\" --text \"a photo of a car\" --json") as? [String: Any])
        let b = try #require(try json(lab, "embed --image \(npy) --text \"a photo of a cat\" --json") as? [String: Any])
        let ia = try #require(a["image_embeds"] as? [[Double]]), ib = try #require(b["image_embeds"] as? [[Double]])
        #expect(zip(ia[0], ib[0]).allSatisfy { abs($0 - $1) < 1e-6 })
        #expect(abs(ia[0].map { $0 * $0 }.reduce(0, +) - 1) < 1e-4)
        let logits = try #require(a["logits_per_image"] as? [[Double]])
        #expect(logits.count == 1 && logits[0].count == 2)
        #expect((a["text_embeds"] as? [[Double]])?.count == 2)
    }

    @Test("a failed load keeps the model, the batch and the settings", arguments: [
        "load /no/such/folder", "load openai/not-in-the-cache", "load vit-b-99",
    ])
    func failedLoadKeepsState(line: String) throws {
        let lab = Support.interpreter()
        lab.run(line: "batch toy 2")
        lab.run(line: "temperature 2")
        let before = try #require(lab.context.session.model)
        let result = lab.run(line: line)
        #expect(result.failed && !(result.error ?? "").contains("\n"))
        #expect(lab.context.session.model === before)
        #expect(lab.context.session.batch.count == 2)
    }

    @Test("a toy model saved as a folder loads back with identical outputs")
    func saveLoad() throws {
        let lab = Support.interpreter()
        lab.run(line: "temperature 3")
        let folder = Support.temporaryDirectory().appendingPathComponent("toy-clip").path
        let model = try #require(try lab.context.currentModel())
        try model.save(to: folder)
        let e1 = try json(lab, "embed --image toy:red-circle --text \"a red circle\" --json") as? [String: Any]
        #expect(lab.run(line: "load \(folder)").error == nil)
        let e2 = try json(lab, "embed --image toy:red-circle --text \"a red circle\" --json") as? [String: Any]
        #expect((e1?["logits_per_image"] as? [[Double]]) == (e2?["logits_per_image"] as? [[Double]]))
        #expect(try lab.context.currentModel() !== model)
    }

    @Test("bad images and batches give one-line errors", arguments: [
        "batch add /no/such.png a caption", "batch add toy:blob a blob", "batch toy 0", "batch toy 99", "matrix",
        "encode image /etc/hostname", "preprocess toy:cat --size 3",
    ])
    func badInput(line: String) {
        let lab = Support.interpreter()
        let result = lab.run(line: line)
        #expect(result.failed && !(result.error ?? "").isEmpty && !(result.error ?? "").contains("\n"), "\(line)")
    }

    @Test("space projects the batch into two dimensions")
    func space() throws {
        let lab = Support.interpreter()
        lab.run(line: "batch scenes")
        let s = try #require(try json(lab, "space --json") as? [String: Any])
        #expect((s["images"] as? [[Double]])?.count == 4 && (s["texts"] as? [[Double]])?.count == 4)
        #expect(s["projected"] as? Bool == true)
        #expect(lab.run(line: "space").output.contains("A–D images"))
    }

    @Test("step walks every stage of the forward pass when piped")
    func step() {
        let lab = Support.interpreter()
        lab.run(line: "batch scenes")
        let out = lab.run(line: "step").output
        for stage in ["token ids", "pixels", "patches", "vision transformer", "text transformer", "cosine matrix", "cross-entropy"] {
            #expect(out.contains(stage), "missing stage \(stage)")
        }
    }
}
