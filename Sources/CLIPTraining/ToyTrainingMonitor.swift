import CLIPCore
import CLIPData
import CLIPModel
import CLIPText
import Foundation

/// What a live training view shows besides the loss, measured on pictures rendered once.
///
/// - a fixed probe batch (the four scenes and four shape pictures of different classes)
///   whose `[8, 8]` logits turn diagonal as training works;
/// - zero-shot top-1 on training pictures ("train") and on fresh held-out pictures of the
///   same classes ("held-out"), so over-fitting would show as a gap.
///
/// Example: `let m = ToyTrainingMonitor(trainer: t)`, then in the step callback
/// `let (train, heldOut) = try m.accuracies()`.
public struct ToyTrainingMonitor {
    /// The model in training (its weights change between calls).
    public let pipeline: CLIPPipeline
    public let probeCaptions: [String]
    /// Short names of the probe pictures ("cat", "red circle", …).
    public let probeLabels: [String]
    private let probeImages: Tensor
    private let probeIds: [[Int]]
    private let trainSet: ToyEvalSet
    private let heldOutSet: ToyEvalSet
    private let trainImages: Tensor
    private let heldOutImages: Tensor
    private let classCaptions: [String]

    public init(trainer: ToyTrainer, count: Int = 100) {
        let world = trainer.world
        pipeline = trainer.pipeline
        var probe = ToyScene.allCases.map { $0.render(width: world.width, height: world.height) }
        let shapes = world.seenClasses
        var random = RNG(seed: 4242)
        for k in 0..<4 where !shapes.isEmpty {
            let cls = shapes[(k * 7) % shapes.count]
            probe.append(world.single(cls, &random))
        }
        probeCaptions = probe.map(\.caption)
        probeLabels = probe.map { $0.scene?.rawValue ?? $0.objects.map { "\($0.color.rawValue) \($0.shape.rawValue)" } ?? "?" }
        probeImages = ToyImage.batchTensor(probe.map(\.image))
        probeIds = pipeline.tokenize(probeCaptions).map(\.ids)
        heldOutSet = world.heldOutSeen(count: count, seed: 777)
        trainSet = trainer.trainingExamples(count: count)
        trainImages = trainSet.imageTensor()
        heldOutImages = heldOutSet.imageTensor()
        classCaptions = heldOutSet.captions
    }

    /// Probe logits `[8, 8]` (row = picture, column = caption) and the embeddings
    /// `[8, D]` of both sides (for drawing a 2-D space).
    public func probe() throws -> (logits: Tensor, images: Tensor, texts: Tensor) {
        let out = try GradMode.noGrad { try pipeline.clip(pixels: probeImages, ids: probeIds) }
        return (out.logitsPerImage, out.imageEmbeds, out.textEmbeds)
    }

    /// Zero-shot top-1 over the class captions on training pictures and on held-out ones.
    public func accuracies() throws -> (train: Double, heldOut: Double) {
        let text = try pipeline.textEmbeddings(classCaptions)
        func top1(_ set: ToyEvalSet, _ images: Tensor) throws -> Double {
            let image = try pipeline.imageEmbeddings(pixels: images)
            return set.accuracy(scores: pipeline.score(imageEmbeds: image, textEmbeds: text).cosine.data)   // [N, K]
        }
        return (try top1(trainSet, trainImages), try top1(heldOutSet, heldOutImages))
    }
}

extension ToyTrainer {
    /// Up to `count` training pictures of a single shape in a class colour, labelled with
    /// their class, as a zero-shot set over the class captions.
    public func trainingExamples(count: Int) -> ToyEvalSet {
        let classes = world.classes
        var samples: [ToySample] = [], answers: [Int] = []
        for s in poolSamples {
            guard samples.count < count, let o = s.objects, o.count == 1,
                  let k = classes.firstIndex(of: o.toyClass) else { continue }
            samples.append(s)
            answers.append(k)
        }
        return ToyEvalSet(name: "train", captions: classes.map { ToyObjects(shape: $0.shape, color: $0.color) },
                          samples: samples, candidates: Array(repeating: Array(classes.indices), count: samples.count),
                          answers: answers)
    }
}
