import CLIPCore
import CLIPText
import Foundation
import Testing
@testable import CLIPTraining
import CLIPData
import CLIPModel
import CLIPTestSupport

/// Options for short test runs: a small batch and pool so a run takes seconds.
func shortRun(steps: Int, seed: UInt64 = 7, batch: Int = 32) -> ToyTrainingOptions {
    var o = ToyTrainingOptions()
    o.steps = steps
    o.batchSize = batch
    o.seed = seed
    o.warmupSteps = min(20, steps)
    o.poolSize = 2048
    return o
}

/// Default options with one change.
func options(_ change: (inout ToyTrainingOptions) -> Void) -> ToyTrainingOptions {
    var o = ToyTrainingOptions()
    change(&o)
    return o
}

func parameterValues(_ model: CLIP) -> [[Float]] { model.parameters.map(\.data) }

@Suite("Toy trainer", .serialized)
struct ToyTrainerTests {
    @Test("a short seeded run drives the loss well below ln(batch) and accuracy far above chance")
    func learns() throws {
        let trainer = try ToyTrainer(tokenizer: ToyTrainer.tokenizer(), options: shortRun(steps: 150))
        let before = try ToyEvaluation.quick(pipeline: trainer.pipeline, count: 60)
        let result = trainer.run()
        #expect(result.stop == .finished && result.steps == 150)
        let lnBatch = Foundation.log(Float(32))
        let first = trainer.losses.prefix(5).reduce(0, +) / 5
        let last = trainer.losses.suffix(10).reduce(0, +) / 10
        #expect(first > 0.8 * lnBatch)
        #expect(last < 0.5 * lnBatch)
        let after = try ToyEvaluation.quick(pipeline: trainer.pipeline, count: 60)
        // Chance is 1/30 over the 30 colour×shape captions.
        #expect(before.seen < 0.2)
        #expect(after.seen > 0.25)
        // The matching game: each canonical scene picks its own caption.
        let scenes = ToyScene.allCases.map { $0.render() }
        let images = ToyImage.batchTensor(scenes.map(\.image))
        let ids = scenes.map { trainer.tokenizer.encode($0.caption, contextLength: 16).ids }
        let logits = try GradMode.noGrad { try trainer.model(pixels: images, ids: ids).logitsPerImage }
        for i in 0..<4 { #expect((0..<4).max { logits.data[i * 4 + $0] < logits.data[i * 4 + $1] } == i) }
        let t = trainer.model.logitScale.item
        #expect(t >= 0 && t <= ToyTrainer.maxLogitScale)
    }

    @Test("the same seed gives identical losses and weights; another seed does not")
    func deterministic() throws {
        func train(_ seed: UInt64) throws -> ([Float], [[Float]]) {
            let trainer = try ToyTrainer(tokenizer: ToyTrainer.tokenizer(), options: shortRun(steps: 6, seed: seed))
            trainer.run()
            return (trainer.losses, parameterValues(trainer.model))
        }
        let (a, b, c) = (try train(3), try train(3), try train(4))
        #expect(a.0 == b.0)
        #expect(a.1 == b.1)
        #expect(a.0 != c.0)
    }

    @Test("nonsense hyper-parameters are refused with the option's name", arguments: [
        ("steps", options { $0.steps = -1 }), ("steps", options { $0.steps = 0 }),
        ("batch", options { $0.batchSize = 0 }), ("batch", options { $0.batchSize = 1 }),
        ("lr", options { $0.learningRate = .nan }), ("lr", options { $0.learningRate = -0.1 }),
        ("lr", options { $0.learningRate = .infinity }), ("weight decay", options { $0.weightDecay = -1 }),
        ("embed-dim", options { $0.embedDim = 0 }), ("warmup", options { $0.warmupSteps = -5 }),
    ])
    func badOptions(name: String, options: ToyTrainingOptions) {
        #expect {
            try ToyTrainer(tokenizer: ToyTrainer.tokenizer(), options: options)
        } throws: { error in
            guard case let .badOption(got, _, _) = error as? TrainingError else { return false }
            return got == name
        }
    }

    @Test("a config whose context cannot hold a toy caption is refused")
    func shortContext() {
        var config = CLIPConfig.toy
        config.textConfig.maxPositionEmbeddings = 4
        #expect(throws: TrainingError.self) {
            try ToyTrainer(config: config, tokenizer: ToyTrainer.tokenizer(), options: shortRun(steps: 1))
        }
    }

    @Test("a loss that stops being finite ends the run and restores the last good weights")
    func divergence() throws {
        let trainer = try ToyTrainer(tokenizer: ToyTrainer.tokenizer(), options: shortRun(steps: 10))
        var good: [[Float]] = []
        let result = trainer.run(onStep: { step in
            if step.step == 2 { good = parameterValues(trainer.model) }
            // Poison the weights after step 3, as a blown-up update would.
            if step.step == 3 { trainer.model.textProjection.data[0] = .nan }
        })
        #expect(result.stop == .diverged(step: 4))
        #expect(result.steps == 3)
        #expect(result.message.contains("step 4"))
        #expect(parameterValues(trainer.model) == good)
        #expect(trainer.model.parameters.allSatisfy { $0.data.allSatisfy(\.isFinite) })
    }

    @Test("a huge learning rate never leaves non-finite weights behind")
    func hugeLearningRate() throws {
        var o = shortRun(steps: 25)
        o.learningRate = 10
        o.warmupSteps = 0
        o.weightDecay = 0
        let trainer = try ToyTrainer(tokenizer: ToyTrainer.tokenizer(), options: o)
        let result = trainer.run()
        #expect(trainer.model.parameters.allSatisfy { $0.data.allSatisfy(\.isFinite) })
        if case let .diverged(step) = result.stop { #expect(result.steps == step - 1) }
    }

    @Test("cancelling stops between steps and keeps the weights trained so far")
    func cancel() throws {
        let trainer = try ToyTrainer(tokenizer: ToyTrainer.tokenizer(), options: shortRun(steps: 50))
        var seen = 0
        let result = trainer.run(isCancelled: { seen >= 4 }, onStep: { _ in seen += 1 })
        #expect(result.stop == .cancelled && result.steps == 4)
        #expect(trainer.step == 4 && trainer.losses.count == 4)
        // Training resumes where it stopped.
        let rest = trainer.run()
        #expect(rest.stop == .finished && trainer.step == 50)
    }

    @Test("the learning rate warms up linearly and decays along a cosine")
    func schedule() {
        var o = ToyTrainingOptions()
        o.steps = 100; o.warmupSteps = 10; o.learningRate = 1; o.finalLearningRateFraction = 0
        #expect(abs(o.learningRate(at: 0) - 0.1) < 1e-6)
        #expect(abs(o.learningRate(at: 9) - 1) < 1e-6)
        #expect(abs(o.learningRate(at: 10) - 1) < 1e-6)
        #expect(abs(o.learningRate(at: 55) - 0.5) < 1e-6)
        #expect(o.learningRate(at: 99) < 0.01)
    }

    @Test("soft and hard targets give the same losses when duplicate captions are identical token rows")
    func softVersusHard() throws {
        // Identical captions have identical text embeddings, so their logits columns (and
        // text rows) are equal: spreading the target over them changes neither the loss
        // value nor the summed gradient. Only float rounding can tell the runs apart.
        func losses(soft: Bool) throws -> [Float] {
            var o = shortRun(steps: 8)
            o.softTargets = soft
            let trainer = try ToyTrainer(tokenizer: ToyTrainer.tokenizer(), options: o)
            trainer.run()
            return trainer.losses
        }
        let (soft, hard) = (try losses(soft: true), try losses(soft: false))
        for (s, h) in zip(soft, hard) { #expect(abs(s - h) < 1e-3 * max(1, abs(h))) }
        // The first batch really has duplicates: its loss floor is above zero.
        let pool = ToyTrainingPool(world: ToyWorld(), count: 2048, sceneFraction: 0.06, seed: 7)
        var walk = pool
        let captions = walk.nextBatch(32).captions
        #expect(Set(captions).count < captions.count)
    }

    @Test("--embed-dim 2 trains a two-dimensional shared space")
    func embedDim() throws {
        var o = shortRun(steps: 2)
        o.embedDim = 2
        let trainer = try ToyTrainer(tokenizer: ToyTrainer.tokenizer(), options: o)
        trainer.run()
        #expect(trainer.model.config.projectionDim == 2)
        #expect(trainer.model.textProjection.shape == [2, 64])
    }

    @Test("the training pool is the same whatever the thread count and holds the four scenes")
    func pool() {
        let a = ToyTrainingPool(world: ToyWorld(), count: 600, sceneFraction: 0.1, seed: 3)
        let b = ToyTrainingPool(world: ToyWorld(), count: 600, sceneFraction: 0.1, seed: 3)
        #expect(a.samples == b.samples)
        for scene in ToyScene.allCases { #expect(a.captions.contains(scene.caption)) }
        #expect(a.samples.filter { $0.scene != nil }.count == 60)
        #expect(a.samples.allSatisfy { s in s.objects.map { !ToyWorld().heldOut.contains($0.toyClass) } ?? true })
    }

    @Test("evaluation reports fractions, with colour and shape each at least as right as top-1")
    func evaluation() throws {
        let trainer = try ToyTrainer(tokenizer: ToyTrainer.tokenizer(), options: shortRun(steps: 30))
        trainer.run()
        var sizes = ToyEvaluation.Sizes()
        sizes.perSet = 40; sizes.probeTrainPerClass = 4; sizes.probeTestPerClass = 2
        let e = try ToyEvaluation.run(pipeline: trainer.pipeline, sizes: sizes)
        for z in [e.seen, e.unseen, e.counting, e.fineGrained] {
            #expect(z.count == 40)
            #expect((0...1).contains(z.top1))
            #expect(z.colorAccuracy >= z.top1 && z.shapeAccuracy >= z.top1)
        }
        #expect(abs(e.counting.chance - 1.0 / 3) < 1e-9 && abs(e.fineGrained.chance - 0.5) < 1e-9)
        #expect(abs(e.seen.chance - 1.0 / 30) < 1e-9)
        #expect(e.retrievalBatch == ToyWorld().seenClasses.count)
        for x in [e.imageToTextRecall1, e.textToImageRecall1, e.probeSeen, e.probeUnseen, e.probeZeroShotSeen] {
            #expect((0...1).contains(x))
        }
        // Trained on seen classes, zero-shot beats chance by far even after 30 steps.
        #expect(e.seen.top1 > 3 * e.seen.chance)
    }
}
