import Foundation
import Testing
@testable import CLIPCore

@Suite("Optimizers, autodiff mode and the seeded generator")
struct OptimizerTests {
    @Test("AdamW matches three hand-computed steps")
    func adamW() {
        let p = Tensor(shape: [2], data: [1, -2], requiresGrad: true)
        let opt = AdamW(parameters: [p], learningRate: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.1)
        let grads: [[Float]] = [[0.5, -1], [0.25, 2], [-1, 0.5]]
        var w: [Double] = [1, -2], m: [Double] = [0, 0], v: [Double] = [0, 0]
        for (t, g) in grads.enumerated() {
            p.grad = g
            opt.step()
            for j in 0..<2 {
                m[j] = 0.9 * m[j] + 0.1 * Double(g[j])
                v[j] = 0.999 * v[j] + 0.001 * Double(g[j]) * Double(g[j])
                let mh = m[j] / (1 - pow(0.9, Double(t + 1))), vh = v[j] / (1 - pow(0.999, Double(t + 1)))
                w[j] -= 0.1 * (0.1 * w[j] + mh / (vh.squareRoot() + 1e-8))
            }
        }
        #expect(abs(Double(p.data[0]) - w[0]) < 1e-5 && abs(Double(p.data[1]) - w[1]) < 1e-5)
        #expect(abs(p.data[0] - 0.800639) < 1e-5 && abs(p.data[1] - -1.920397) < 1e-5)
    }

    @Test("SGD with momentum accumulates velocity")
    func sgd() {
        let p = Tensor(shape: [1], data: [1], requiresGrad: true)
        let opt = SGD(parameters: [p], learningRate: 0.1, momentum: 0.9)
        p.grad = [1]; opt.step()   // v = 1, w = 0.9
        p.grad = [1]; opt.step()   // v = 1.9, w = 0.71
        #expect(abs(p.data[0] - 0.71) < 1e-6)
        opt.zeroGrad()
        #expect(p.grad == nil)
    }

    @Test("noGrad records nothing and allocates no gradient")
    func noGrad() {
        let w = Tensor(shape: [2, 2], data: [1, 2, 3, 4], requiresGrad: true)
        let y = GradMode.noGrad { w.matmul(w).exp().sum() }
        #expect(!y.requiresGrad && y.parents.isEmpty)
        let z = (w * w).sum()
        #expect(z.requiresGrad)
        z.backward()
        #expect(w.grad == [2, 4, 6, 8])
        #expect(w.grad != nil && z.parents.isEmpty)
    }

    @Test("gradients flow through a shared subexpression once per use")
    func diamond() {
        let x = Tensor(scalar: 3, requiresGrad: true)
        let y = x * x
        (y + y).backward()
        #expect(x.grad == [12])
    }

    @Test("the seeded generator gives the same stream every run")
    func rng() {
        var a = RNG(seed: 42), b = RNG(seed: 42), c = RNG(seed: 43)
        let xs = (0..<5).map { _ in a.next() }
        #expect(xs == (0..<5).map { _ in b.next() })
        #expect(xs != (0..<5).map { _ in c.next() })
        var r = RNG(seed: 0)
        let normals = (0..<20_000).map { _ in Double(r.normal()) }
        let mean = normals.reduce(0, +) / 20_000
        let variance = normals.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 20_000
        #expect(abs(mean) < 0.03 && abs(variance - 1) < 0.05)
        var u = RNG(seed: 0)
        #expect((0..<1000).map { _ in u.uniform() }.allSatisfy { $0 >= 0 && $0 < 1 })
        // Pinned value: a change to the generator changes every seeded result.
        var pin = RNG(seed: 1)
        #expect(pin.next() == 13_757_245_211_066_428_519)
    }

    @Test("fillNormal gives normal()'s bits and leaves the generator where normal() would, in lanes and in blocks on threads",
          arguments: [0, 1, 7, 8, 9, 64, 1003, 3 << 18, 1_300_007])
    func fillNormalIsNormal(count: Int) {
        for (seed, std) in [(UInt64(0), Float(1)), (42, 0.02), (UInt64.max, 3)] {
            var scalar = RNG(seed: seed), simd = RNG(seed: seed)
            let expected = (0..<count).map { _ in scalar.normal() * std }
            var filled = [Float](repeating: .nan, count: count)
            filled.withUnsafeMutableBufferPointer { simd.fillNormal($0, std: std) }
            #expect(filled.map(\.bitPattern) == expected.map(\.bitPattern), "seed \(seed), \(count) values")
            #expect(scalar.next() == simd.next())
        }
    }

    @Test("the eight-lane log and quarter-turn cosine agree with FixedMath's on their edges")
    func laneEdges() {
        let u1: [Double] = [1e-300, 0.5, 0.7071067811865475, 0.7071067811865476, 0.7071067811865477, 1 - 0x1p-53, 0x1p-53, 0.25]
        let logs = FixedMath.log(SIMD8(u1))
        for (i, x) in u1.enumerated() { #expect(logs[i].bitPattern == FixedMath.log(x).bitPattern, "log \(x)") }
        // Every quarter-turn tie (4t = 0.5, 1.5, 2.5, 3.5), its neighbours, 0 and just below 1.
        var turns: [Double] = [0, 1 - 0x1p-53]
        for tie in [0.125, 0.375, 0.625, 0.875] { turns += [tie.nextDown, tie, tie.nextUp] }
        for start in stride(from: 0, to: turns.count, by: 8) {
            let chunk = Array(turns[start..<min(start + 8, turns.count)]) + Array(repeating: 0.5, count: max(0, start + 8 - turns.count))
            let cosines = FixedMath.cosTurns(SIMD8(chunk))
            for (i, t) in chunk.enumerated() { #expect(cosines[i].bitPattern == FixedMath.cosTurns(t).bitPattern, "cos turn \(t)") }
        }
    }
}
