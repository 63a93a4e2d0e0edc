import CLIPCore
import CLIPData
import CLIPModel
import CLIPText
import Foundation

/// How well a model trained on the toy world does on pictures it never saw.
///
/// - zero-shot top-1 over all colour×shape captions, for seen and for unseen (held-out)
///   combinations, with colour and shape scored separately (a wrong "red square" for a red
///   triangle still has the colour right);
/// - image→text and text→image recall@1 inside batches of distinct captions;
/// - a linear probe (the paper's comparison) on frozen image embeddings against zero-shot
///   on the same test pictures;
/// - the two limitations the paper admits: counting (chance 1/3) and fine-grained shades
///   (chance 1/2).
///
/// Example: `let e = try ToyEvaluation.run(pipeline: toy, world: ToyWorld())`,
/// then `e.seen.top1`, `e.unseen.colorAccuracy`.
public struct ToyEvaluation: Sendable {
    /// Zero-shot classification on one set.
    public struct ZeroShot: Sendable, Equatable {
        public var count: Int
        public var top1: Double
        public var colorAccuracy: Double
        public var shapeAccuracy: Double
        /// 1 / number of candidates.
        public var chance: Double
    }

    public var seen: ZeroShot
    public var unseen: ZeroShot
    public var imageToTextRecall1: Double
    public var textToImageRecall1: Double
    /// Pairs per retrieval batch (each with a different caption).
    public var retrievalBatch: Int
    /// Linear probe accuracy on the held-out test pictures (seen and unseen classes),
    /// trained on labelled pictures of every class.
    public var probeSeen: Double
    public var probeUnseen: Double
    /// Zero-shot accuracy on the same probe test pictures.
    public var probeZeroShotSeen: Double
    public var probeZeroShotUnseen: Double
    public var probeLambda: Float
    public var counting: ZeroShot
    public var fineGrained: ZeroShot

    /// Sizes of the evaluation sets.
    public struct Sizes: Sendable {
        public var perSet = 300
        public var probeTrainPerClass = 24
        public var probeTestPerClass = 10
        public init() {}
        /// Small sets for quick looks during training.
        public static let quick: Sizes = { var s = Sizes(); s.perSet = 100; return s }()
    }

    /// Runs every measurement; `seed` picks the held-out pictures (never training ones).
    public static func run(pipeline: CLIPPipeline, world: ToyWorld = ToyWorld(),
                           seed: UInt64 = 1000, sizes: Sizes = Sizes(),
                           isCancelled: () -> Bool = { false }) throws -> ToyEvaluation {
        // Each measurement takes a fraction of a second: Ctrl-C is honoured between them.
        func check() throws { if isCancelled() { throw CancellationError() } }
        let encoder = ToyEncoder(pipeline: pipeline)
        let seen = try encoder.zeroShot(world.heldOutSeen(count: sizes.perSet, seed: seed))
        try check()
        let unseen = try encoder.zeroShot(world.heldOutUnseen(count: sizes.perSet, seed: seed))
        try check()
        let counting = try encoder.zeroShot(world.countingSet(count: sizes.perSet, seed: seed))
        try check()
        let fine = try encoder.zeroShot(world.fineGrainedSet(count: sizes.perSet, seed: seed))
        try check()

        // Retrieval: held-out seen pictures come in class order, so consecutive runs of
        // |seen classes| pictures have distinct captions.
        let retrievalSet = world.heldOutSeen(count: sizes.perSet, seed: seed &+ 1)
        let (i2t, t2i, batch) = try encoder.retrieval(retrievalSet, batch: world.seenClasses.count)
        try check()

        // Linear probe over every class; unseen classes get labelled pictures here, as a
        // downstream dataset would give them.
        let classes = world.classes.count
        let probeTrain = world.labelled(perClass: sizes.probeTrainPerClass, seed: seed &+ 2)
        let probeValid = world.labelled(perClass: max(2, sizes.probeTrainPerClass / 3), seed: seed &+ 3)
        let probeTest = world.labelled(perClass: sizes.probeTestPerClass, seed: seed &+ 4)
        func features(_ set: ToyEvalSet) throws -> Tensor { try check(); return try encoder.images(set) }
        let probe = LinearProbe(train: (try features(probeTrain), probeTrain.answers),
                                validation: (try features(probeValid), probeValid.answers), classes: classes,
                                isCancelled: isCancelled)   // the λ sweep runs for seconds: Ctrl-C stops it
        try check()
        let testFeatures = try features(probeTest)
        let probePredictions = probe.predict(testFeatures)
        let zeroShotPredictions = try encoder.predictions(probeTest, imageEmbeds: testFeatures)
        let unseenSet = Set(world.unseenClasses.compactMap { world.classes.firstIndex(of: $0) })
        func accuracy(_ predictions: [Int], unseen: Bool) -> Double {
            let idx = probeTest.answers.indices.filter { unseenSet.contains(probeTest.answers[$0]) == unseen }
            guard !idx.isEmpty else { return 0 }
            return Double(idx.filter { predictions[$0] == probeTest.answers[$0] }.count) / Double(idx.count)
        }
        return ToyEvaluation(seen: seen, unseen: unseen, imageToTextRecall1: i2t, textToImageRecall1: t2i,
                             retrievalBatch: batch, probeSeen: accuracy(probePredictions, unseen: false),
                             probeUnseen: accuracy(probePredictions, unseen: true),
                             probeZeroShotSeen: accuracy(zeroShotPredictions, unseen: false),
                             probeZeroShotUnseen: accuracy(zeroShotPredictions, unseen: true),
                             probeLambda: Float(probe.lambda), counting: counting, fineGrained: fine)
    }

    /// Zero-shot top-1 on fresh seen and unseen pictures only (cheap enough to run during training).
    public static func quick(pipeline: CLIPPipeline, world: ToyWorld = ToyWorld(),
                             count: Int = 100, seed: UInt64 = 1000) throws -> (seen: Double, unseen: Double) {
        let encoder = ToyEncoder(pipeline: pipeline)
        return (try encoder.zeroShot(world.heldOutSeen(count: count, seed: seed)).top1,
                try encoder.zeroShot(world.heldOutUnseen(count: count, seed: seed)).top1)
    }
}

extension ToyWorld {
    /// `perClass` fresh single-shape pictures of every class (seen and unseen), labelled with
    /// the class index; candidates are every class caption.
    func labelled(perClass: Int, seed: UInt64) -> ToyEvalSet {
        var random = RNG.stream(seed: seed, purpose: 40)
        let all = classes
        var samples: [ToySample] = [], answers: [Int] = []
        for i in 0..<(perClass * all.count) {
            let k = i % all.count
            samples.append(single(all[k], &random))
            answers.append(k)
        }
        return ToyEvalSet(name: "labelled", captions: all.map { ToyObjects(shape: $0.shape, color: $0.color) },
                          samples: samples, candidates: Array(repeating: Array(all.indices), count: samples.count),
                          answers: answers)
    }
}
