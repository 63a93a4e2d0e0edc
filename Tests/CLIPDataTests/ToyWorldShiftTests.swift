import Testing
@testable import CLIPData

/// Withholding a count or a shade from training, and the set of exactly those pictures.
@Suite("Toy world shift")
struct ToyWorldShiftTests {
    @Test("a withheld count never appears in training batches, and the shift set holds only that count", arguments: [2, 3])
    func withheldCount(n: Int) throws {
        let world = try ToyWorld().withholding(.count(n))
        try world.validate()
        var sampler = world.trainSampler(seed: 5)
        var counts = Set<Int>()
        for _ in 0..<40 { for s in sampler.batch(64).samples { counts.insert(s.objects?.count ?? 0) } }
        #expect(!counts.contains(n))
        #expect(counts == Set([1, 2, 3]).subtracting([n]))
        // The trainer's pre-rendered pool (shapes and scenes) holds none either.
        let pool = ToyTrainingPool(world: world, count: 1024, sceneFraction: 0.06, seed: 3)
        #expect(!pool.samples.contains { $0.objects?.count == n })
        #expect(!pool.captions.contains { $0.hasPrefix(ToyCountWord.word(n)! + " ") })
        let shifted = world.shiftSet(.count(n), count: 120, seed: 9)
        #expect(shifted.count == 120)
        #expect(shifted.samples.allSatisfy { $0.objects?.count == n })
        let usual = world.shiftSet(.count(n), shifted: false, count: 120, seed: 9)
        #expect(usual.samples.allSatisfy { $0.objects?.count == 1 })
    }

    @Test("a withheld shade never appears in training batches, and the shift set holds only that shade", arguments: [ToyColor.crimson, .navy])
    func withheldShade(shade: ToyColor) throws {
        var world = ToyWorld()
        world.shadeFraction = 0.5   // draw shades often, so their absence means something
        world = try world.withholding(.shade(shade))
        try world.validate()
        var sampler = world.trainSampler(seed: 5)
        var colors = Set<ToyColor>()
        for _ in 0..<20 { for s in sampler.batch(64).samples { if let o = s.objects { colors.insert(o.color) } } }
        #expect(!colors.contains(shade))
        #expect(colors.contains { $0.shadeOf != nil })   // the other shade is still drawn
        let pool = ToyTrainingPool(world: world, count: 1024, sceneFraction: 0.06, seed: 3)
        #expect(!pool.samples.contains { $0.objects?.color == shade })
        #expect(!pool.captions.contains { $0.contains(shade.rawValue) })
        let shifted = world.shiftSet(.shade(shade), count: 100, seed: 9)
        #expect(shifted.count == 100)
        #expect(shifted.samples.allSatisfy { $0.objects?.color == shade && $0.objects?.count == 1 })
    }

    @Test("a withheld size never appears in training batches, and the shift set holds only that size", arguments: ToySize.allCases)
    func withheldSize(size: ToySize) throws {
        let world = try ToyWorld().withholding(.size(size))
        try world.validate()
        var sampler = world.trainSampler(seed: 5)
        var sizes = Set<ToySize>()
        for _ in 0..<20 { for s in sampler.batch(64).samples { if let o = s.objects { sizes.insert(o.size) } } }
        #expect(sizes == Set(ToySize.allCases).subtracting([size]))
        let pool = ToyTrainingPool(world: world, count: 1024, sceneFraction: 0.06, seed: 3)
        #expect(!pool.samples.contains { $0.objects?.size == size })
        let shifted = world.shiftSet(.size(size), count: 100, seed: 9)
        #expect(shifted.count == 100)
        #expect(shifted.samples.allSatisfy { $0.objects?.size == size && $0.objects?.count == 1 })
        let usual = world.shiftSet(.size(size), shifted: false, count: 100, seed: 9)
        #expect(usual.samples.allSatisfy { $0.objects?.size != size })
        #expect(shifted.captions == world.classCaptions)   // size is not in the captions: only the pictures change
    }

    @Test("shifted pictures keep the class they were drawn from as the answer, among every colour×shape caption")
    func answersAreTheTrainingClass() throws {
        let world = ToyWorld()
        let set = world.shiftSet(.shade(.crimson), count: 40, seed: 1)
        #expect(set.captions == world.classCaptions)
        for (sample, answer) in zip(set.samples, set.answers) {
            let shape = try #require(sample.objects).shape
            #expect(set.captions[answer] == "a red \(shape.rawValue)")
            #expect(world.seenClasses.contains(ToyClass(color: .red, shape: shape)))
        }
        let threes = world.shiftSet(.count(3), count: 50, seed: 1)
        for (sample, answer) in zip(threes.samples, threes.answers) {
            let o = try #require(sample.objects)
            #expect(threes.captions[answer] == ToyObjects(shape: o.shape, color: o.color, count: 3).caption())
            #expect(threes.captions[answer].hasPrefix("three "))
        }
    }

    @Test("shift words read counts and close shades and nothing else", arguments: [
        ("three", ToyShift.count(3)), ("2", .count(2)), ("small", .size(.small)), ("Crimson", .shade(.crimson)), ("navy", .shade(.navy)),
    ])
    func words(word: String, shift: ToyShift) {
        #expect(ToyShift(word: word) == shift)
    }

    @Test("withholding every remaining count or size is refused")
    func nothingLeft() throws {
        var world = ToyWorld()
        world.countWeights = [0, 0, 1]
        #expect(throws: ToyWorldError.self) { try world.withholding(.count(3)) }
        let large = try ToyWorld().withholding(.size(.small))
        #expect(throws: ToyWorldError.self) { try large.withholding(.size(.large)) }
        #expect(ToyShift(word: "one") == nil && ToyShift(word: "red") == nil && ToyShift(word: "four") == nil)
    }
}
