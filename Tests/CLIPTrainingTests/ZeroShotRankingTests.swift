import CLIPCore
import Testing
@testable import CLIPTraining

@Suite("Zero-shot ranking")
struct ZeroShotRankingTests {
    /// Three classes along unit axes; `image` scored against them at temperature 1.
    static func ranking(_ image: [Float]) -> [Int] {
        let prompts = Tensor(shape: [3, 1, 3], data: [1, 0, 0, 0, 1, 0, 0, 0, 1])
        let classifier = ZeroShotClassifier(labels: ["a", "b", "c"], templates: ["{}"], promptEmbeddings: prompts, scale: 1)
        return classifier.predict(imageEmbeds: Tensor(shape: [1, 3], data: image))[0].ranking.map(\.index)
    }

    @Test("answers equal to within rounding keep the labels' order; real differences still rank")
    func ties() {
        // Cosines 3e-7 apart give probabilities about 1e-7 apart: distinct floats, far below what
        // the chart shows; they tie whichever is a hair larger.
        #expect(Self.ranking([0.5, 0.5 + 3e-7, 0.5 - 3e-7]) == [0, 1, 2])
        #expect(Self.ranking([0.5 - 3e-7, 0.5, 0.5 + 3e-7]) == [0, 1, 2])
        // Straddling any fixed rounding step does not split a tie (cosines 2e-6 apart).
        #expect(Self.ranking([0.2, 0.2 + 2e-6, 0.2 - 2e-6]) == [0, 1, 2])
        #expect(Self.ranking([0.1, 0.5, 0.3]) == [1, 2, 0])
        #expect(Self.ranking([0.5, 0.5, 0.5 + 1e-4]) == [2, 0, 1])
    }
}
