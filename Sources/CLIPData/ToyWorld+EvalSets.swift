import CLIPCore
/// Held-out test sets: zero-shot on seen and unseen classes, and the two limitations the
/// paper admits — counting and fine-grained distinctions.
///
/// Every set is balanced (classes taken in turn) and drawn from its own seeded stream,
/// never from the training stream.
extension ToyWorld {
    /// Fresh single-shape pictures of training classes; candidates are all `classCaptions`.
    public func heldOutSeen(count: Int, seed: UInt64) -> ToyEvalSet {
        zeroShotSet(name: "seen", classes: seenClasses, count: count, seed: seed, purpose: 2)
    }

    /// Pictures of the held-out classes (never in training); candidates are all `classCaptions`.
    public func heldOutUnseen(count: Int, seed: UInt64) -> ToyEvalSet {
        zeroShotSet(name: "unseen", classes: unseenClasses, count: count, seed: seed, purpose: 3)
    }

    /// One, two or three shapes of a training class; each picture chooses among the three
    /// count captions of its own class ("a red circle", "two red circles", "three red circles"),
    /// so only counting decides. Chance is 1/3.
    public func countingSet(count: Int, seed: UInt64) -> ToyEvalSet {
        var random = RNG.stream(seed: seed, purpose: 4)
        let seen = seenClasses
        var table = CaptionTable()
        var samples: [ToySample] = [], candidates: [[Int]] = [], answers: [Int] = []
        for i in 0..<max(0, count) {
            let cls = seen[(i / 3) % seen.count]
            let n = i % 3 + 1
            let options = (1...3).map { table.index(ToyObjects(shape: cls.shape, color: cls.color, count: $0)) }
            samples.append(single(cls, count: n, &random))
            candidates.append(options)
            answers.append(options[n - 1])
        }
        return ToyEvalSet(name: "counting", captions: table.objects, samples: samples, candidates: candidates, answers: answers)
    }

    /// Single shapes painted in a base colour or its close shade (red vs crimson, blue vs
    /// navy); each picture chooses between the two captions. Chance is 1/2.
    public func fineGrainedSet(count: Int, seed: UInt64) -> ToyEvalSet {
        var random = RNG.stream(seed: seed, purpose: 5)
        let pairs: [(ToyColor, ToyColor)] = shades.compactMap { s in s.shadeOf.map { ($0, s) } }
        let seen = seenClasses
        let items: [(ToyColor, ToyColor, ToyShape)] = pairs.flatMap { base, shade in
            seen.filter { $0.color == base }.map { (base, shade, $0.shape) }
        }
        var table = CaptionTable()
        var samples: [ToySample] = [], candidates: [[Int]] = [], answers: [Int] = []
        guard !items.isEmpty else {
            return ToyEvalSet(name: "fine-grained", captions: [], samples: [], candidates: [], answers: [])
        }
        for i in 0..<max(0, count) {
            let (base, shade, shape) = items[(i / 2) % items.count]
            let options = [base, shade].map { table.index(ToyObjects(shape: shape, color: $0)) }
            let useShade = i % 2 == 1
            samples.append(single(ToyClass(color: useShade ? shade : base, shape: shape), &random))
            candidates.append(options)
            answers.append(options[useShade ? 1 : 0])
        }
        return ToyEvalSet(name: "fine-grained", captions: table.objects, samples: samples, candidates: candidates, answers: answers)
    }

    private func zeroShotSet(name: String, classes picked: [ToyClass], count: Int, seed: UInt64, purpose: UInt64) -> ToyEvalSet {
        var random = RNG.stream(seed: seed, purpose: purpose)
        let all = classes
        let captionObjects = all.map { ToyObjects(shape: $0.shape, color: $0.color) }
        let everyone = Array(all.indices)
        var samples: [ToySample] = [], answers: [Int] = []
        if !picked.isEmpty {
            for i in 0..<max(0, count) {
                let cls = picked[i % picked.count]
                samples.append(single(cls, &random))
                answers.append(all.firstIndex(of: cls) ?? 0)
            }
        }
        return ToyEvalSet(name: name, captions: captionObjects, samples: samples,
                          candidates: Array(repeating: everyone, count: samples.count), answers: answers)
    }
}

/// Distinct candidate captions in first-seen order.
private struct CaptionTable {
    var objects: [ToyObjects] = []
    var indexByCaption: [String: Int] = [:]

    mutating func index(_ o: ToyObjects) -> Int {
        let key = o.caption()
        if let i = indexByCaption[key] { return i }
        indexByCaption[key] = objects.count
        objects.append(o)
        return objects.count - 1
    }
}
