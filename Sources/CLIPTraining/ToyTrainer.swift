import CLIPCore
import CLIPData
import CLIPModel
import CLIPText
import Foundation

/// Trains the one CLIP implementation on the toy world with its objective: CLIP's symmetric
/// contrastive loss, or SigLIP's pairwise sigmoid loss (`options.objective`).
///
/// Each step: a batch of N pictures and captions → `CLIP` → `[N, N]` logits → loss →
/// backward → AdamW (warm-up + cosine learning rate) → `logit_scale` clamped to
/// `[0, ln 100]` as in the paper. A non-finite loss stops the run and puts back the
/// weights of the last step whose loss was finite. The same seed gives the same numbers.
///
/// Example:
/// ```
/// var options = ToyTrainingOptions(); options.steps = 300
/// let trainer = try ToyTrainer(tokenizer: ToyTrainer.tokenizer(), options: options)
/// let result = trainer.run { step in print(step.step, step.loss) }
/// ```
public final class ToyTrainer {
    /// The model being trained, with its tokenizer and preprocessing.
    public let pipeline: CLIPPipeline
    public var model: CLIP { pipeline.clip }
    public var tokenizer: any TextTokenizer { pipeline.tokenizer }
    public let options: ToyTrainingOptions
    public let world: ToyWorld
    /// Losses of the steps run so far.
    public private(set) var losses: [Float] = []
    /// Steps completed.
    public private(set) var step = 0
    private var pool: ToyTrainingPool
    private let captionIds: [[Int]]
    private let optimizer: AdamW
    private var lastGood: [[Float]] = []

    /// Largest `logit_scale`: ln 100, so similarities are multiplied by at most 100.
    public static let maxLogitScale = FixedMath.log(Float(100))

    /// The word-level tokenizer that covers every toy caption (shape and scene words).
    public static func tokenizer() -> ToyTokenizer { ToyTokenizer(words: ToyWorld.vocabulary) }

    /// The toy preset fitted to `tokenizer` (vocabulary size, EOT id) and an optional shared dimension.
    public static func toyConfig(for tokenizer: any TextTokenizer, embedDim: Int? = nil) -> CLIPConfig {
        fitted(.toy, to: tokenizer, embedDim: embedDim)
    }

    /// `config` with the text tower's vocabulary and EOT id set to `tokenizer`'s (a config
    /// file written for the 49,408-token BPE then trains on toy words); other shapes are kept.
    public static func fitted(_ config: CLIPConfig, to tokenizer: any TextTokenizer, embedDim: Int? = nil) -> CLIPConfig {
        var c = config
        c.textConfig.vocabSize = tokenizer.vocabularySize
        c.textConfig.eosTokenId = tokenizer.endToken
        if let embedDim { c.projectionDim = embedDim }
        return c
    }

    /// Words in the longest toy caption ("a small purple triangle at the bottom").
    static var longestCaptionWords: Int {
        ToyObjects(shape: .triangle, color: .purple, size: .small, position: .bottom).caption(.full)
            .split(separator: " ").count
    }

    /// Builds the model (`config`, or the toy preset when nil) and renders the training pool.
    ///
    /// A config from a file keeps its tower shapes; its vocabulary must hold the tokenizer's
    /// ids, its context the longest caption, and its images must be RGB of 8…512 pixels.
    public init(config: CLIPConfig? = nil, tokenizer: any TextTokenizer, options: ToyTrainingOptions,
                world: ToyWorld = ToyWorld()) throws {
        try options.validate()
        var config = Self.fitted(config ?? .toy, to: tokenizer, embedDim: options.embedDim)
        if options.objective == .siglip, config.objective != .siglip { config = config.withSigmoidLoss() }
        if options.objective == .clip { config.objective = .clip }
        var world = world
        world.width = config.visionConfig.imageSize
        world.height = config.visionConfig.imageSize
        try Self.check(config: config, tokenizer: tokenizer, world: world)
        let model = try CLIP(config: config, parameters: .random(seed: options.seed))
        model.logitScale.data[0] = min(max(model.logitScale.data[0], 0), Self.maxLogitScale)
        pipeline = .toy(clip: model, tokenizer: tokenizer, origin: "training (seed \(options.seed))", weights: .trained)
        self.options = options
        self.world = world
        pool = ToyTrainingPool(world: world, count: options.effectivePoolSize, sceneFraction: options.sceneFraction,
                               seed: options.seed)
        captionIds = pipeline.tokenize(pool.captions).map(\.ids)
        optimizer = AdamW(parameters: model.parameters, learningRate: options.learningRate, beta1: 0.9, beta2: 0.98,
                          eps: 1e-6, weightDecay: options.weightDecay, noDecay: Self.noDecay(model))
    }

    static func check(config: CLIPConfig, tokenizer: any TextTokenizer, world: ToyWorld) throws {
        guard config.visionConfig.numChannels == 3 else {
            throw TrainingError.badConfig("vision_config.num_channels is \(config.visionConfig.numChannels); toy pictures are RGB (3)")
        }
        do { try world.validate() } catch { throw TrainingError.badConfig("vision_config.image_size: \(error)") }
        let longest = longestCaptionWords + 2
        guard config.textConfig.maxPositionEmbeddings >= longest else {
            throw TrainingError.badConfig("text_config.max_position_embeddings \(config.textConfig.maxPositionEmbeddings) is shorter than the longest toy caption (\(longest) tokens)")
        }
    }

    /// Biases, norms, embeddings and the temperature: not decayed.
    public static func noDecay(_ model: CLIP) -> Set<ObjectIdentifier> {
        Set(model.namedParameters().filter { name, t in
            t.rank < 2 || name.contains("embedding") || name.contains("norm") || name.contains("layrnorm")
        }.map { ObjectIdentifier($0.1) })
    }

    /// Captions of the training pool, for probes and views.
    public var trainingCaptions: [String] { pool.captions }
    /// The pre-rendered training pictures.
    public var poolSamples: [ToySample] { pool.samples }

    /// Runs the remaining steps, calling `onStep` after each one.
    ///
    /// Stops early when `isCancelled` returns true (weights so far are kept) or when the
    /// loss stops being finite (the last good weights are restored).
    @discardableResult
    public func run(isCancelled: () -> Bool = { false }, onStep: (ToyTrainingStep) -> Void = { _ in }) -> ToyTrainingResult {
        let start = Date()
        var stop = ToyTrainingResult.Stop.finished
        while step < options.steps {
            if isCancelled() { stop = .cancelled; break }
            let lr = options.learningRate(at: step)
            guard let loss = trainStep(learningRate: lr) else {
                stop = .diverged(step: step + 1)
                break
            }
            onStep(ToyTrainingStep(step: step, total: options.steps, loss: loss, learningRate: lr,
                                   logitScale: model.logitScale.item, logitBias: model.objective.logitBias?.item,
                                   seconds: Date().timeIntervalSince(start)))
        }
        let seconds = Date().timeIntervalSince(start)
        return ToyTrainingResult(steps: step, seconds: seconds, loss: recentLoss, stop: stop)
    }

    /// Mean loss of the last 20 steps (nil before the first step).
    public var recentLoss: Float? {
        guard !losses.isEmpty else { return nil }
        let tail = losses.suffix(20)
        return tail.reduce(0, +) / Float(tail.count)
    }

    /// One optimizer step; nil (with the last good weights restored) if the loss is not finite.
    func trainStep(learningRate: Float) -> Float? {
        let (images, captions) = pool.nextBatch(options.batchSize)
        let ids = captions.map { captionIds[$0] }
        optimizer.zeroGrad()
        let pass: CLIPTrainingPass
        do {
            pass = try model.trainingPass(pixels: images, ids: ids, captionGroups: options.softTargets ? captions : nil)
        } catch {
            preconditionFailure("toy batch rejected by its own model: \(error)")  // shapes are checked in init
        }
        let value = pass.loss.item
        guard value.isFinite else {
            restoreLastGood()
            return nil
        }
        pass.backward()
        saveLastGood()
        optimizer.learningRate = learningRate
        optimizer.step()
        let t = model.logitScale
        t.data[0] = min(max(t.data[0], 0), Self.maxLogitScale)
        losses.append(value)
        step += 1
        if step == options.steps && !parametersAreFinite() {
            restoreLastGood()
            return nil
        }
        return value
    }

    private func saveLastGood() {
        let params = optimizer.parameters
        if lastGood.count != params.count { lastGood = params.map(\.data); return }
        for (i, p) in params.enumerated() {
            lastGood[i].withUnsafeMutableBufferPointer { d in
                p.data.withUnsafeBufferPointer { s in d.baseAddress!.update(from: s.baseAddress!, count: s.count) }
            }
        }
    }

    private func restoreLastGood() {
        guard lastGood.count == optimizer.parameters.count else { return }
        for (p, saved) in zip(optimizer.parameters, lastGood) { p.data = saved; p.zeroGrad() }
    }

    private func parametersAreFinite() -> Bool {
        optimizer.parameters.allSatisfy { $0.data.allSatisfy(\.isFinite) }
    }
}

/// What the trainer reports after each step (for live views and progress lines).
public struct ToyTrainingStep: Sendable {
    /// Steps completed (1-based after the first step).
    public var step: Int
    public var total: Int
    public var loss: Float
    public var learningRate: Float
    /// `logit_scale` after clamping; the similarities are multiplied by `exp` of it.
    public var logitScale: Float
    /// SigLIP's learned bias (nil for CLIP's loss).
    public var logitBias: Float? = nil
    /// Seconds since `run` started.
    public var seconds: Double
}

/// How a training run ended.
public struct ToyTrainingResult: Sendable, Equatable {
    public enum Stop: Sendable, Equatable {
        case finished, cancelled
        /// The loss at this step was not finite; the previous step's weights were restored.
        case diverged(step: Int)
    }

    public var steps: Int
    public var seconds: Double
    /// Mean of the last 20 losses.
    public var loss: Float?
    public var stop: Stop

    public init(steps: Int, seconds: Double, loss: Float?, stop: Stop) {
        self.steps = steps
        self.seconds = seconds
        self.loss = loss
        self.stop = stop
    }

    /// "1 step", "800 steps".
    public var stepCount: String { steps == 1 ? "1 step" : "\(steps) steps" }

    /// A one-line account, e.g. "stopped at step 12: the loss became NaN — restored the weights of step 11".
    public var message: String {
        switch stop {
        case .finished: "trained \(stepCount) in \(String(format: "%.1f", seconds)) s"
        case .cancelled: "interrupted after \(stepCount) — the model trained so far is kept"
        case let .diverged(s):
            "stopped at step \(s): the loss is no longer finite (learning rate too high?) — kept the weights of step \(s - 1)"
        }
    }
}
