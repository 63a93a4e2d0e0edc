import CLIPCore

/// Images with candidate captions and the right answer for each: a zero-shot test set.
///
/// `captions` lists every distinct candidate once (encode them once); `candidates[i]`
/// indexes the captions sample `i` chooses among and `answers[i]` is the right index into
/// `captions`. `captionObjects[k]` describes caption `k`, so a wrong guess can be scored
/// for its colour and shape separately.
public struct ToyEvalSet: Sendable {
    public let name: String
    public let captions: [String]
    public let captionObjects: [ToyObjects]
    public let samples: [ToySample]
    public let candidates: [[Int]]
    public let answers: [Int]

    public init(name: String, captions: [ToyObjects], samples: [ToySample], candidates: [[Int]], answers: [Int]) {
        precondition(samples.count == candidates.count && samples.count == answers.count,
                     "one candidate list and one answer per sample")
        self.name = name
        self.captionObjects = captions
        self.captions = captions.map { $0.caption() }
        self.samples = samples
        self.candidates = candidates
        self.answers = answers
    }

    public var count: Int { samples.count }

    /// All images as one tensor `[N, 3, H, W]`.
    public func imageTensor() -> Tensor { ToyImage.batchTensor(samples.map(\.image)) }

    /// Fraction of samples whose highest-scoring candidate is the answer.
    /// - Parameter scores: `[N, captions.count]` row-major (e.g. image·text similarities).
    public func accuracy(scores: [Float]) -> Double {
        guard count > 0 else { return 0 }
        return Double(predictions(scores: scores).enumerated().filter { $0.element == answers[$0.offset] }.count) / Double(count)
    }

    /// The chosen caption index per sample: the best-scoring of its candidates.
    public func predictions(scores: [Float]) -> [Int] {
        let k = captions.count
        precondition(scores.count == count * k, "scores must be [\(count), \(k)], got \(scores.count) values")
        return (0..<count).map { i in
            candidates[i].max { scores[i * k + $0] < scores[i * k + $1] } ?? answers[i]
        }
    }
}
