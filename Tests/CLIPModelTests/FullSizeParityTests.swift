import CLIPCore
import Foundation
import Testing
@testable import CLIPModel
import CLIPTestSupport

/// The random-weight ViT-B/32 check against transformers, written by
/// Tests/Reference/check_vitb32_parity.py; runs only when `CLIPLAB_VITB32_DIR` names its folder.
@Suite("Full-size parity (ViT-B/32, opt-in)")
struct FullSizeParityTests {
    static let folder = ProcessInfo.processInfo.environment["CLIPLAB_VITB32_DIR"].map { URL(fileURLWithPath: $0) }

    struct Inputs: Decodable {
        var ids: [[Int]]
        var loss: Float
    }

    @Test("ViT-B/32 matches transformers in both namings", .enabled(if: folder != nil, "set CLIPLAB_VITB32_DIR"),
          arguments: ["hf", "openai/ViT-B-32.safetensors"])
    func vitB32(source: String) throws {
        guard let folder = Self.folder else { return }
        let start = Date()
        let model = try CheckpointLoader.load(folder.appendingPathComponent(source).path).model
        let loadSeconds = Date().timeIntervalSince(start)
        #expect(model.config == .vitB32)
        let inputs = try JSONDecoder().decode(Inputs.self, from: Data(contentsOf: folder.appendingPathComponent("inputs.json")))
        let pixels = try NPY.readTensor(folder.appendingPathComponent("pixels.npy"))
        func expected(_ name: String) throws -> Tensor { try NPY.readTensor(folder.appendingPathComponent("\(name).npy")) }
        try GradMode.noGrad {
            let output = try model(pixels: pixels, ids: inputs.ids)
            let differences = [
                ("image_features", maxAbsDifference(try model.encodeImage(pixels), try expected("image_features"))),
                ("text_features", maxAbsDifference(try model.encodeText(inputs.ids), try expected("text_features"))),
                ("image_embeds", maxAbsDifference(output.imageEmbeds, try expected("image_embeds"))),
                ("text_embeds", maxAbsDifference(output.textEmbeds, try expected("text_embeds"))),
                ("logits_per_image", maxAbsDifference(output.logitsPerImage, try expected("logits_per_image"))),
                ("loss", abs(output.loss().item - inputs.loss)),
            ]
            print("ViT-B/32 \(source): loaded in \(String(format: "%.3f", loadSeconds)) s; max |Δ| "
                  + differences.map { "\($0.0) \(String(format: "%.2e", $0.1))" }.joined(separator: ", "))
            for (name, difference) in differences {
                #expect(difference <= (name == "logits_per_image" ? 1e-3 : 1e-4), "\(name): \(difference)")
            }
        }
    }
}
