import CLIPCore
import CLIPImage
import CLIPTestSupport
import CLIPText
import Foundation
import Testing
@testable import CLIPModel

/// `CLIPPipeline`: one path from files, arrays and drawn pictures to embeddings and scores.
@Suite("Pipeline")
struct PipelineTests {
    static func pipeline() throws -> CLIPPipeline {
        var config = tinyConfig()
        config.visionConfig.imageSize = 8
        let drawn = PictureSource(prefix: "flat:") { name, size in
            let v = UInt8(Int(name.dropFirst(5)) ?? 0)
            return RGBImage(width: size, height: size, pixels: [UInt8](repeating: v, count: size * size * 3))
        }
        return CLIPPipeline(clip: try CLIP(config: config, parameters: .random(seed: 1)),
                            tokenizer: ToyTokenizer(words: ["a", "red", "circle", "blue", "square", "cat", "dog"]),   // ids 0…9, EOT 9
                            displayName: "tiny", origin: "test", weights: .random, pictureSources: [drawn])
    }

    @Test("drawn pictures, a .npy of the same pixels and chunked encoding give the same embeddings")
    func imageSources() throws {
        let p = try Self.pipeline()
        let pixels = try p.pixels(["flat:10", "flat:200"])
        #expect(pixels.shape == [2, 3, 8, 8])
        let npy = FileManager.default.temporaryDirectory.appendingPathComponent("pipeline-\(UUID().uuidString).npy")
        defer { try? FileManager.default.removeItem(at: npy) }
        try NPY.write(pixels, to: npy)
        let fromFile = try p.imageEmbeddings([npy.path])
        let direct = try p.imageEmbeddings(["flat:10", "flat:200"])
        #expect(fromFile.shape == [2, 6] && fromFile.data == direct.data)
        let mixed = try p.imageEmbeddings(["flat:200", npy.path, "flat:10"])
        #expect(mixed.shape == [4, 6])
        #expect(maxAbsDifference(mixed.slice(axis: 0, 1..<2), direct.slice(axis: 0, 0..<1)) < 1e-6)   // batch size changes the BLAS rounding only
    }

    @Test("a .npy of the wrong size names its shape and the one the model takes")
    func wrongArray() throws {
        let p = try Self.pipeline()
        let npy = FileManager.default.temporaryDirectory.appendingPathComponent("pipeline-\(UUID().uuidString).npy")
        defer { try? FileManager.default.removeItem(at: npy) }
        try NPY.write(Tensor(shape: [3, 4, 4], data: [Float](repeating: 0, count: 48)), to: npy)
        #expect { try p.imageEmbeddings([npy.path]) } throws: { "\($0)".contains("[3, 4, 4]") && "\($0)".contains("[3,8,8]") }
    }

    @Test("text embeddings are unit rows, the same in chunks of 1 as all at once; scores are scaled cosines")
    func textsAndScores() throws {
        let p = try Self.pipeline()
        let texts = ["a red circle", "a blue square", "a cat"]
        let all = try p.textEmbeddings(texts), one = try p.textEmbeddings(texts, chunk: 1)
        #expect(all.shape == [3, 6] && maxAbsDifference(all, one) < 1e-6)
        let scores = try p.score(images: ["flat:10"], texts: texts)
        #expect(scores.cosine.shape == [1, 3])
        for j in 0..<3 { #expect(abs(scores.logits.data[j] - scores.cosine.data[j] * p.clip.temperatureScale) < 1e-5) }
    }

    @Test("save then load gives the same pipeline: weights, word tokenizer and embeddings")
    func roundTrip() throws {
        let p = try Self.pipeline()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pipeline-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try p.save(to: folder.path)
        let back = try CLIPPipeline.load(folder.path, pictureSources: p.pictureSources)
        #expect(back.isToy && back.weights == .checkpoint && back.tokenizer.vocabularySize == p.tokenizer.vocabularySize)
        #expect(try back.textEmbeddings(["a cat"]).data == p.textEmbeddings(["a cat"]).data)
        #expect(try back.imageEmbeddings(["flat:7"]).data == p.imageEmbeddings(["flat:7"]).data)
    }
}
