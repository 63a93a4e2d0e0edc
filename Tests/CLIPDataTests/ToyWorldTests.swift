import CLIPCore
import CLIPImage
import Foundation
import Testing
@testable import CLIPData

/// The toy world: determinism, the split, the test sets and what the pictures show.
@Suite("Toy world")
struct ToyWorldTests {
    let world = ToyWorld()

    @Test("the same seed gives the same bytes and captions; another seed differs")
    func determinism() {
        var a = world.trainSampler(seed: 7), b = world.trainSampler(seed: 7), c = world.trainSampler(seed: 8)
        let (x, y, z) = (a.batch(24), b.batch(24), c.batch(24))
        #expect(x.samples.map(\.image) == y.samples.map(\.image))
        #expect(x.captions == y.captions)
        #expect(x.images.data == y.images.data)
        #expect(x.samples.map(\.image) != z.samples.map(\.image))
        #expect(world.heldOutUnseen(count: 10, seed: 3).samples == world.heldOutUnseen(count: 10, seed: 3).samples)
        #expect(world.heldOutSeen(count: 10, seed: 3).samples != world.heldOutSeen(count: 10, seed: 4).samples)
    }

    @Test("the default world has 30 classes, 5 held out, one per shape with different colours")
    func defaultSplit() throws {
        try world.validate()
        #expect(world.classes.count == 30)
        #expect(world.unseenClasses.count == 5 && world.seenClasses.count == 25)
        #expect(Set(world.unseenClasses.map(\.shape)).count == 5)
        #expect(Set(world.unseenClasses.map(\.color)).count == 5)
        #expect(world.unseenClasses.contains(ToyClass(color: .red, shape: .triangle)))
        #expect(world.classCaptions.prefix(2) == ["a red circle", "a red square"])
    }

    @Test("training never draws a held-out pair, not even in a close shade, and keeps every colour and shape")
    func trainingRespectsSplit() {
        var sampler = world.trainSampler(seed: 11)
        var seenColors = Set<ToyColor>(), seenShapes = Set<ToyShape>(), counts = [0, 0, 0], shades = 0
        for _ in 0..<3000 {
            let s = sampler.next()
            guard let o = s.objects else { Issue.record("a training sample without objects"); return }
            let base = o.color.shadeOf ?? o.color
            #expect(!world.heldOut.contains(ToyClass(color: base, shape: o.shape)), "drew held-out \(s.caption)")
            #expect(s.caption == o.caption())
            seenColors.insert(o.color); seenShapes.insert(o.shape)
            counts[o.count - 1] += 1
            if o.color.shadeOf != nil { shades += 1 }
        }
        #expect(seenColors == Set(world.colors + world.shades))
        #expect(seenShapes == Set(world.shapes))
        #expect(counts.allSatisfy { $0 > 300 }, "counts one/two/three: \(counts)")
        #expect((150...450).contains(shades), "about 10% shades, got \(shades) of 3000")
    }

    @Test("seen and unseen test sets are balanced and hold only their own classes")
    func zeroShotSets() {
        let seen = world.heldOutSeen(count: 100, seed: 1), unseen = world.heldOutUnseen(count: 50, seed: 1)
        #expect(seen.captions == world.classCaptions && unseen.captions == world.classCaptions)
        for (set, allowed) in [(seen, world.seenClasses), (unseen, world.unseenClasses)] {
            var perClass: [ToyClass: Int] = [:]
            for (i, s) in set.samples.enumerated() {
                let cls = s.objects?.toyClass
                #expect(cls.map(allowed.contains) == true)
                #expect(set.captions[set.answers[i]] == s.caption)
                #expect(set.candidates[i].count == 30)
                if let cls { perClass[cls, default: 0] += 1 }
            }
            #expect(Set(perClass.values).count == 1, "\(set.name) is unbalanced: \(perClass)")
        }
    }

    @Test("counting pictures show as many shapes as their answer says")
    func countingSet() {
        let set = world.countingSet(count: 30, seed: 5)
        for (i, s) in set.samples.enumerated() {
            guard let o = s.objects else { Issue.record("no objects"); continue }
            #expect(set.candidates[i].count == 3)
            #expect(set.captionObjects[set.answers[i]].count == o.count)
            #expect(set.candidates[i].allSatisfy { set.captionObjects[$0].toyClass == o.toyClass })
            #expect(ToyPixels.components(s.image) == o.count, "\(s.caption)")
        }
        #expect(set.captions.contains("three red circles"))
    }

    @Test("fine-grained pictures pair a colour with its close shade")
    func fineGrainedSet() {
        let set = world.fineGrainedSet(count: 20, seed: 5)
        #expect(set.count == 20)
        for (i, s) in set.samples.enumerated() {
            let options = set.candidates[i].map { set.captionObjects[$0].color }
            #expect(options.count == 2 && options[1].shadeOf == options[0])
            #expect(set.captions[set.answers[i]] == s.caption)
        }
        #expect(Set(set.samples.compactMap { $0.objects?.color }) == [.red, .crimson, .blue, .navy])
    }

    @Test("accuracy picks the best candidate of each sample")
    func accuracy() {
        let set = world.countingSet(count: 6, seed: 2)
        let k = set.captions.count
        var perfect = [Float](repeating: 0, count: set.count * k)
        for i in 0..<set.count { perfect[i * k + set.answers[i]] = 1 }
        #expect(set.accuracy(scores: perfect) == 1)
        // Out-of-candidate captions never win, however high they score.
        var wrong = perfect
        for i in 0..<set.count {
            wrong[i * k + set.answers[i]] = 0
            for j in 0..<k where !set.candidates[i].contains(j) { wrong[i * k + j] = 9 }
        }
        #expect(set.accuracy(scores: wrong) < 1)
        #expect(set.predictions(scores: wrong).enumerated().allSatisfy { set.candidates[$0.offset].contains($0.element) })
    }

    @Test("bad world settings are refused with a reason", arguments: [
        ("all red shapes held out", "red keeps fewer"),
        ("ring is not a world shape", "not a class"),
        ("tiny picture", "out of range"),
        ("negative count weight", "countWeights"),
        ("no caption templates", "captionDetails"),
    ])
    func badWorlds(_ label: String, _ expected: String) {
        var w = ToyWorld()
        switch label {
        case "all red shapes held out": w.heldOut = w.shapes.dropLast().map { ToyClass(color: .red, shape: $0) }
        case "ring is not a world shape": w.heldOut = [ToyClass(color: .red, shape: .ring)]
        case "tiny picture": w = ToyWorld(width: 4, height: 32)
        case "negative count weight": w.countWeights = [1, -1, 0]
        default: w.captionDetails = []
        }
        #expect(throws: ToyWorldError.self) { try w.validate() }
        do { try w.validate() } catch { #expect(error.description.contains(expected), "\(error)") }
    }

    @Test("captions read as English", arguments: [
        (ToyObjects(shape: .circle, color: .red), ToyCaptionDetail.plain, "a red circle"),
        (ToyObjects(shape: .star, color: .orange), .plain, "an orange star"),
        (ToyObjects(shape: .cross, color: .blue, count: 2), .full, "two large blue crosses"),
        (ToyObjects(shape: .square, color: .blue, size: .small, position: .left), .full, "a small blue square on the left"),
        (ToyObjects(shape: .ring, color: .green, position: .top), .position, "a green ring at the top"),
        (ToyObjects(shape: .triangle, color: .yellow, size: .small), .size, "a small yellow triangle"),
    ])
    func captions(_ o: ToyObjects, _ detail: ToyCaptionDetail, _ expected: String) {
        #expect(o.caption(detail) == expected)
    }

    @Test("the vocabulary covers every caption and has no duplicates")
    func vocabulary() {
        let vocab = Set(ToyWorld.vocabulary)
        #expect(vocab.count == ToyWorld.vocabulary.count)
        var w = world
        w.captionDetails = ToyCaptionDetail.allCases
        var sampler = w.trainSampler(seed: 3)
        let captions = (0..<500).map { _ in sampler.next().caption } + ToyScene.allCases.map(\.caption)
            + world.countingSet(count: 30, seed: 1).captions + world.fineGrainedSet(count: 10, seed: 1).captions
        for c in captions {
            for word in c.split(separator: " ") { #expect(vocab.contains(String(word)), "'\(word)' of '\(c)'") }
        }
    }

    @Test("the model view is CLIP-normalised [3, H, W] and batches stack to [N, 3, H, W]")
    func tensorView() throws {
        let image = ToySpec.scene(.beach).render(width: 24, height: 16).image
        let t = image.tensor()
        #expect(t.shape == [3, 16, 24])
        let (r, g, b) = image[5, 3]
        let plane = 16 * 24, p = 3 * 24 + 5
        #expect(abs(t.data[p] - (Float(r) / 255 - 0.48145466) / 0.26862954) < 1e-5)
        #expect(abs(t.data[plane + p] - (Float(g) / 255 - 0.4578275) / 0.26130258) < 1e-5)
        #expect(abs(t.data[2 * plane + p] - (Float(b) / 255 - 0.40821073) / 0.27577711) < 1e-5)
        // The same numbers as real photos get from CLIP's preprocessing at this size.
        let square = ToySpec.scene(.cat).render().image
        let reference = CLIPPreprocess(size: 32).normalize(square.rgbImage).data
        #expect(zip(square.tensor().data, reference).allSatisfy { abs($0 - $1) < 1e-5 })
        #expect(try ImageIO.decode(square.pngData()) == square.rgbImage)
        var sampler = world.trainSampler(seed: 1)
        let batch = sampler.batch(5)
        #expect(batch.images.shape == [5, 3, 32, 32])
        #expect(Array(batch.images.data[(3 * 1024 * 2)..<(3 * 1024 * 3)]) == batch.samples[2].image.pixels())
    }
}
