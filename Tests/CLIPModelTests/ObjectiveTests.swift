import CLIPCore
import Foundation
import Testing
@testable import CLIPModel

/// SigLIP's loss and its gradients against PyTorch running the paper's pseudo-code
/// (`Tests/Reference/make_objective_fixtures.py`), and the objective as the one seam.
@Suite("The objective: CLIP's softmax and SigLIP's sigmoid loss")
struct ObjectiveTests {
    struct Case: Decodable {
        var name: String
        var n: Int
        var dim: Int
        var groups: [Int]?
        var image: [Double], text: [Double]
        var logit_scale: Double, logit_bias: Double
        var logits: [Double]
        var loss: Double
        var grad_image: [Double], grad_text: [Double]
        var grad_logit_scale: Double, grad_logit_bias: Double
    }

    static let cases: [Case] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/objective/sigmoid_loss.json")
        struct File: Decodable { var cases: [Case] }
        guard let data = try? Data(contentsOf: url), let file = try? JSONDecoder().decode(File.self, from: data) else { return [] }
        return file.cases
    }()

    /// Largest `|swift − torch|` over two lists.
    static func maxDiff(_ a: [Float], _ b: [Double]) -> Double {
        zip(a, b).reduce(0) { max($0, abs(Double($1.0) - $1.1)) }
    }

    @Test("The fixture file holds the four cases")
    func fixturePresent() {
        #expect(Self.cases.map(\.name) == ["paper start", "peaked", "peaked, one caption flipped", "caption groups"])
    }

    @Test("Sigmoid loss and its gradients match PyTorch within 1e-5", arguments: cases.map(\.name))
    func parity(name: String) throws {
        let c = try #require(Self.cases.first { $0.name == name })
        let image = Tensor(shape: [c.n, c.dim], data: c.image.map(Float.init), requiresGrad: true)
        let text = Tensor(shape: [c.n, c.dim], data: c.text.map(Float.init), requiresGrad: true)
        let objective = Objective(kind: .siglip, logitScale: Tensor(shape: [], data: [Float(c.logit_scale)], requiresGrad: true),
                                  logitBias: Tensor(shape: [], data: [Float(c.logit_bias)], requiresGrad: true))
        let out = objective.output(imageEmbeds: image, textEmbeds: text)
        let loss = out.loss(captionGroups: c.groups)
        loss.backward()
        let logitDiff = Self.maxDiff(out.logitsPerImage.data, c.logits)
        let lossDiff = abs(Double(loss.item) - c.loss)
        let gradDiff = max(Self.maxDiff(image.grad ?? [], c.grad_image), Self.maxDiff(text.grad ?? [], c.grad_text),
                           abs(Double(objective.logitScale.grad?[0] ?? .nan) - c.grad_logit_scale),
                           abs(Double(objective.logitBias!.grad?[0] ?? .nan) - c.grad_logit_bias))
        #expect(loss.item.isFinite)
        #expect(logitDiff <= 1e-4, "logits differ by \(logitDiff)")
        #expect(lossDiff <= 1e-5, "loss \(loss.item) vs \(c.loss): \(lossDiff)")
        #expect(gradDiff <= 1e-5, "gradients differ by up to \(gradDiff)")
        let parts = objective.breakdown(logits: out.logitsPerImage, captionGroups: c.groups)
        #expect(abs(Double(parts.total) - c.loss) <= 1e-5, "breakdown total \(parts.total) vs \(c.loss)")
    }

    @Test("The sigmoid loss's gradient matches finite differences, through the scale and the bias too")
    func finiteDifferences() {
        var rng = RNG(seed: 11)
        let n = 4, d = 5
        let image = Tensor.randn([n, d], rng: &rng).l2Normalized().detachedLeaf()
        let text = Tensor.randn([n, d], rng: &rng).l2Normalized().detachedLeaf()
        let t = Tensor(shape: [], data: [1.2], requiresGrad: true), b = Tensor(shape: [], data: [-1.5], requiresGrad: true)
        for groups in [nil, [0, 1, 0, 2]] as [[Int]?] {
            let inputs = [image, text, t, b]
            func loss() -> Tensor {
                Objective(kind: .siglip, logitScale: t, logitBias: b).output(imageEmbeds: image, textEmbeds: text).loss(captionGroups: groups)
            }
            for x in inputs { x.grad = nil }
            loss().backward()
            let h: Float = 1e-2
            for (k, x) in inputs.enumerated() {
                let analytic = x.grad ?? []
                for i in 0..<x.count {
                    let old = x.data[i]
                    x.data[i] = old + h; let up = Double(GradMode.noGrad { loss().item })
                    x.data[i] = old - h; let down = Double(GradMode.noGrad { loss().item })
                    x.data[i] = old
                    let numeric = Float((up - down) / Double(2 * h))
                    #expect(abs(analytic[i] - numeric) <= 2e-3 + 2e-2 * abs(numeric),
                            "input \(k) element \(i): analytic \(analytic[i]) vs numeric \(numeric)")
                }
            }
        }
    }

    @Test("SigLIP starts as the paper does: t' = ln 10, b = −10, and a checkpoint keeps the objective")
    func initialisation() throws {
        let config = CLIPConfig.toy.withSigmoidLoss()
        let model = try CLIP(config: config, parameters: .random(seed: 1))
        #expect(model.objective.kind == .siglip)
        #expect(abs(model.temperatureScale - 10) < 1e-4)
        #expect(model.objective.bias == -10)
        #expect(model.namedParameters().map(\.0).suffix(2) == ["logit_scale", "logit_bias"])
        #expect(config.parameterCount == model.parameterCounts.total)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("siglip-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        model.objective.logitBias!.data[0] = -7.25
        try CheckpointLoader.save(model, to: folder)
        let back = try CheckpointLoader.load(folder.path).model
        #expect(back.objective.kind == .siglip)
        #expect(back.objective.bias == -7.25)
        let plain = try CLIP(config: .toy, parameters: .random(seed: 1))
        let json = String(decoding: try JSONEncoder().encode(plain.config), as: UTF8.self)
        #expect(!json.contains("objective"), "a CLIP config.json stays what transformers writes")
    }

    @Test("A sigmoid pair that is very wrong costs its logit, not infinity")
    func stable() {
        let logits = Tensor(shape: [2, 2], data: [-120, -30, -30, 50])
        let loss = SigmoidLoss.pairwise(logits: logits)
        // −log σ(−120) = 120, −log σ(30) ≈ 0, −log σ(50) ≈ 0 → 120 / 2.
        #expect(abs(loss.item - 60) < 1e-4)
        #expect(abs(SigmoidLoss.breakdown(logits: logits).total - 60) < 1e-4)
    }

    @Test("CLIP's probabilities are a softmax per row, SigLIP's one sigmoid per pair")
    func probabilities() {
        let logits = Tensor(shape: [1, 2], data: [2, 2])
        #expect(Objective.fixed(.clip, scale: 1).probabilities(logits: logits).data == [0.5, 0.5])
        let sigmoid = Objective.fixed(.siglip, scale: 1, bias: 0).probabilities(logits: logits).data
        #expect(sigmoid.allSatisfy { abs($0 - 0.8808) < 1e-3 })   // σ(2), together more than 1
    }

    @Test("The scaled cosine and each loss are written once in Sources")
    func writtenOnce() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources")
        let files = (FileManager.default.subpaths(atPath: sources.path) ?? []).filter { $0.hasSuffix(".swift") }
        func count(_ needle: String) -> [String] {
            files.filter { (try? String(contentsOf: sources.appendingPathComponent($0), encoding: .utf8))?.contains(needle) == true }
        }
        #expect(count("logitScale.exp()") == ["CLIPModel/Objective.swift"])
        #expect(count(".crossEntropy(probabilities:") == ["CLIPModel/ContrastiveLoss.swift"])
        #expect(count(".logSigmoid()") == ["CLIPModel/SigmoidLoss.swift"])
    }
}
