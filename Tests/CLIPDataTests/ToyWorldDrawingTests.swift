import Foundation
import Testing
@testable import CLIPData

/// Pictures show what their captions say, and stay byte-identical to the recorded goldens.
@Suite("Toy drawings")
struct ToyWorldDrawingTests {
    @Test("a shape's pixels carry its colour", arguments: ToyColor.allCases)
    func colours(_ color: ToyColor) throws {
        let image = try ToySpec.parse("toy:\(color.rawValue)-square").render().image
        let inside = ToyPixels.interior(image)
        #expect(inside.count > 100)
        let mean = ToyPixels.mean(image, inside)
        let paint = color.rgb
        #expect(abs(mean.r - paint.r) < 12 && abs(mean.g - paint.g) < 12 && abs(mean.b - paint.b) < 12, "\(mean)")
        if color == .red || color == .crimson { #expect(mean.r > 2 * max(mean.g, mean.b)) }
        if color == .blue || color == .navy { #expect(mean.b > 2 * max(mean.r, mean.g)) }
        if color == .green { #expect(mean.g > 2 * max(mean.r, mean.b)) }
    }

    @Test("a positioned shape sits where its caption says", arguments: ToyPosition.allCases)
    func positions(_ position: ToyPosition) throws {
        let spec = try ToySpec.parse("toy:small-purple-star-\(position.rawValue)")
        for seed: UInt64? in [nil, 1, 2, 3] {
            let image = spec.render(seed: seed).image
            let (x, y) = ToyPixels.centroid(image, ToyPixels.ink(image))
            let (w, h) = (Float(image.width), Float(image.height))
            switch position {
            case .left: #expect(x < 0.35 * w)
            case .right: #expect(x > 0.65 * w)
            case .top: #expect(y < 0.35 * h)
            case .bottom: #expect(y > 0.65 * h)
            case .centre: #expect(abs(x - w / 2) < 0.1 * w && abs(y - h / 2) < 0.1 * h)
            }
        }
    }

    @Test("large shapes cover more pixels than small ones", arguments: ToyShape.allCases)
    func sizes(_ shape: ToyShape) throws {
        let small = try ToySpec.parse("toy:small-green-\(shape.rawValue)").render().image
        let large = try ToySpec.parse("toy:large-green-\(shape.rawValue)").render().image
        #expect(ToyPixels.ink(large).count > 2 * ToyPixels.ink(small).count)
    }

    @Test("multi-object specs draw that many separate shapes", arguments: ["two", "three"])
    func counts(_ word: String) throws {
        for shape in ToyShape.allCases {
            for size in ToySize.allCases {
                let spec = try ToySpec.parse("toy:\(word)-\(size.rawValue)-yellow-\(shape.plural)")
                for seed: UInt64 in 1...3 {
                    #expect(ToyPixels.components(spec.render(seed: seed).image) == (word == "two" ? 2 : 3), "\(spec) seed \(seed)")
                }
            }
        }
    }

    @Test("shape edges are anti-aliased, not jagged")
    func antiAliasing() throws {
        let image = try ToySpec.parse("toy:blue-circle").render().image
        // Red falls from the background's 232 to blue's 40: partly covered pixels lie between,
        // and a circle of radius 8.3 px crosses about 2π·8.3 ≈ 52 pixels.
        let partial = (0..<(image.width * image.height)).filter { (45...227).contains(image.rgb[3 * $0]) }
        #expect(partial.count > 35, "only \(partial.count) partly covered pixels")
        #expect(partial.count < 80)
    }

    @Test("the four scenes look like what they are", arguments: ToyScene.allCases)
    func scenes(_ scene: ToyScene) {
        let s = scene.render(width: 64, height: 64)
        #expect(s.caption == "a photo of a \(scene.rawValue)")
        #expect(scene.render(width: 64, height: 64).image == s.image)
        #expect(scene.render(seed: 3).image != scene.render().image)
        let img = s.image
        func region(_ x0: Float, _ y0: Float, _ x1: Float, _ y1: Float) -> (r: Float, g: Float, b: Float) {
            let idx = (0..<(64 * 64)).filter {
                let (x, y) = (Float($0 % 64) / 64, Float($0 / 64) / 64)
                return x >= x0 && x < x1 && y >= y0 && y < y1
            }
            return ToyPixels.mean(img, idx)
        }
        switch scene {
        case .cat:
            let face = region(0.3, 0.6, 0.7, 0.75)  // orange fur
            #expect(face.r > face.g && face.g > face.b)
        case .beach:
            let sky = region(0, 0, 0.6, 0.3), sand = region(0, 0.9, 1, 1)
            #expect(sky.b > sky.r && sand.r > sand.b)
        case .car:
            let body = region(0.1, 0.55, 0.9, 0.7)
            #expect(body.r > 2 * body.g)
        case .forest:
            let trees = region(0, 0.4, 1, 0.8)
            #expect(trees.g > trees.r && trees.g > trees.b)
        }
    }

    // MARK: Goldens

    static let goldenURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Fixtures/toyworld/golden-checksums.json").standardized

    /// Pictures whose bytes are pinned: canonical specs, seeded specs, scenes, a training stream.
    static func goldenImages() throws -> [(String, ToyImage)] {
        var out: [(String, ToyImage)] = []
        for spec in ["toy:red-circle", "toy:two-green-triangles", "toy:small-blue-square-left", "toy:three-orange-stars"] {
            out.append((spec, try ToySpec.parse(spec).render().image))
            out.append((spec + " seed 5", try ToySpec.parse(spec).render(seed: 5).image))
        }
        for scene in ToyScene.allCases {
            out.append(("toy:\(scene.rawValue) 32", scene.render().image))
            out.append(("toy:\(scene.rawValue) 64", scene.render(width: 64, height: 64).image))
        }
        var sampler = ToyWorld().trainSampler(seed: 1)
        for i in 0..<4 { out.append(("train seed 1 #\(i)", sampler.next().image)) }
        out.append(("unseen seed 1 #0", ToyWorld().heldOutUnseen(count: 1, seed: 1).samples[0].image))
        return out
    }

    @Test("pictures match the recorded checksums (RECORD_TOYWORLD_GOLDEN=1 re-records)")
    func goldens() throws {
        let current = Dictionary(uniqueKeysWithValues: try Self.goldenImages().map { ($0.0, String($0.1.checksum, radix: 16)) })
        if ProcessInfo.processInfo.environment["RECORD_TOYWORLD_GOLDEN"] == "1" {
            let data = try JSONSerialization.data(withJSONObject: current, options: [.prettyPrinted, .sortedKeys])
            try FileManager.default.createDirectory(at: Self.goldenURL.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: Self.goldenURL)
        }
        let recorded = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.goldenURL)) as? [String: String]
        #expect(recorded == current)
    }
}

/// Pixel measurements for the drawing tests.
enum ToyPixels {
    /// Indices of pixels that differ clearly from the background (taken from the top-left corner).
    static func ink(_ image: ToyImage, threshold: Int = 60) -> [Int] {
        let bg = image[0, 0]
        return (0..<(image.width * image.height)).filter { p in
            let d = abs(Int(image.rgb[3 * p]) - Int(bg.r)) + abs(Int(image.rgb[3 * p + 1]) - Int(bg.g))
                + abs(Int(image.rgb[3 * p + 2]) - Int(bg.b))
            return d > threshold
        }
    }

    /// Ink pixels whose four neighbours are ink too: fully covered, free of edge blending.
    static func interior(_ image: ToyImage) -> [Int] {
        let w = image.width
        let inkSet = Set(ink(image))
        return inkSet.filter { p in [p - 1, p + 1, p - w, p + w].allSatisfy(inkSet.contains) }.sorted()
    }

    static func mean(_ image: ToyImage, _ pixels: [Int]) -> (r: Float, g: Float, b: Float) {
        let n = Float(max(1, pixels.count))
        var s = (Float(0), Float(0), Float(0))
        for p in pixels { s.0 += Float(image.rgb[3 * p]); s.1 += Float(image.rgb[3 * p + 1]); s.2 += Float(image.rgb[3 * p + 2]) }
        return (s.0 / n, s.1 / n, s.2 / n)
    }

    static func centroid(_ image: ToyImage, _ pixels: [Int]) -> (Float, Float) {
        let n = Float(max(1, pixels.count))
        return (pixels.reduce(0) { $0 + Float($1 % image.width) + 0.5 } / n,
                pixels.reduce(0) { $0 + Float($1 / image.width) + 0.5 } / n)
    }

    /// Number of 4-connected blobs of ink.
    static func components(_ image: ToyImage) -> Int {
        var isInk = [Bool](repeating: false, count: image.width * image.height)
        for p in ink(image, threshold: 120) { isInk[p] = true }
        var seen = [Bool](repeating: false, count: isInk.count)
        var blobs = 0
        for start in isInk.indices where isInk[start] && !seen[start] {
            blobs += 1
            var stack = [start]
            seen[start] = true
            while let p = stack.popLast() {
                let (x, y) = (p % image.width, p / image.width)
                for (nx, ny) in [(x - 1, y), (x + 1, y), (x, y - 1), (x, y + 1)]
                where nx >= 0 && ny >= 0 && nx < image.width && ny < image.height {
                    let q = ny * image.width + nx
                    if isInk[q] && !seen[q] { seen[q] = true; stack.append(q) }
                }
            }
        }
        return blobs
    }
}
