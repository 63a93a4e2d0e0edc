import CLIPCore
import Testing
@testable import CLIPImage

@Suite("Preprocessing matches CLIP's own pipeline")
struct PreprocessParityTests {
    static let cases = Fixtures.manifest.parity.map { "\($0.file)@\($0.size)" }

    static func entry(_ key: String) throws -> Fixtures.Manifest.Parity {
        try #require(Fixtures.manifest.parity.first { "\($0.file)@\($0.size)" == key })
    }

    @Test("Resize and center crop give PIL's exact pixels on real photos", arguments: cases)
    func cropMatches(key: String) throws {
        let entry = try Self.entry(key)
        let expected = try Fixtures.npy(entry.crop, in: "parity")
        let image = try ImageIO.load(path: Fixtures.path("parity", entry.file))
        #expect([image.width, image.height] == entry.source_size)
        let crop = CLIPPreprocess(size: entry.size).resizeAndCrop(image)
        #expect([crop.height, crop.width, 3] == expected.shape)
        let diffs = zip(crop.pixels, expected.bytes).map { abs(Int($0) - Int($1)) }
        let differing = diffs.filter { $0 != 0 }.count
        // Bit-exact when the decoded pixels are (PNG always; JPEG with the same IDCT).
        #expect(differing == 0, "\(key): \(differing) of \(diffs.count) bytes differ, worst \(diffs.max() ?? 0)")
    }

    @Test("Tensor is within 1e-3 mean and 0.015 max of CLIP's on real photos", arguments: cases)
    func tensorMatches(key: String) throws {
        let entry = try Self.entry(key)
        let preprocess = CLIPPreprocess(size: entry.size)
        let tensor = preprocess(try ImageIO.load(path: Fixtures.path("parity", entry.file)))
        #expect(tensor.shape == [3, entry.size, entry.size])
        let expected: [Float]
        if let file = entry.tensor {
            expected = try Fixtures.npy(file, in: "parity").floats
        } else {
            // torchvision's ToTensor + Normalize of the reference crop, in float32 (the fixture
            // script asserts this equals open_clip's tensor exactly).
            let crop = try Fixtures.npy(entry.crop, in: "parity")
            let plane = entry.size * entry.size
            expected = (0..<(3 * plane)).map { index in
                let c = index / plane, i = index % plane
                return (Float(crop.bytes[3 * i + c]) / 255 - CLIPPreprocess.openAIMean[c]) / CLIPPreprocess.openAIStd[c]
            }
        }
        let diffs = zip(tensor.data, expected).map { abs($0 - $1) }
        let mean = diffs.reduce(0, +) / Float(diffs.count)
        let worst = diffs.max() ?? .infinity
        #expect(diffs.count == expected.count)
        #expect(mean <= 1e-3, "\(key): mean abs diff \(mean)")
        #expect(worst <= 0.015, "\(key): max abs diff \(worst)")
    }

    @Test("Stored float32 tensors are reproduced bit for bit")
    func exactTensor() throws {
        for entry in Fixtures.manifest.parity {
            guard let file = entry.tensor else { continue }
            let expected = try Fixtures.npy(file, in: "parity")
            let tensor = CLIPPreprocess(size: entry.size)(try ImageIO.load(path: Fixtures.path("parity", entry.file)))
            #expect(tensor.shape == expected.shape)
            #expect(tensor.data == expected.floats, "\(entry.file) at \(entry.size)")
        }
    }

    @Test("Resized size truncates the long side like torchvision", arguments: [
        (640, 480, 224, 298, 224), (480, 640, 224, 224, 298), (384, 256, 99, 148, 99),
        (224, 224, 224, 224, 224), (1, 1000, 224, 224, 224_000), (150, 100, 224, 336, 224),
    ])
    func resizedSize(w: Int, h: Int, s: Int, ew: Int, eh: Int) {
        let size = CLIPPreprocess(size: s).resizedSize(width: w, height: h)
        #expect(size.width == ew && size.height == eh)
    }

    @Test("Crop origin rounds half to even like Python's round", arguments: [
        (148, 99, 24), (150, 99, 26), (101, 100, 0), (103, 100, 2), (224, 224, 0), (298, 224, 37), (300, 224, 38),
    ])
    func cropOrigin(side: Int, s: Int, expected: Int) {
        #expect(CLIPPreprocess(size: s).cropOrigin(width: side, height: s).x == expected)
    }

    @Test("The plan prints each step's geometry")
    func plan() {
        #expect(CLIPPreprocess().plan(width: 640, height: 480).description
                == "640x480 → resize 298x224 (bicubic) → crop 224x224 at (37, 0) → normalise → [3, 224, 224]")
        let tall = CLIPPreprocess(size: 99).plan(width: 256, height: 384)
        #expect(tall.resized == (99, 148) && tall.cropOrigin == (0, 24))
    }

    @Test("Batch stacks images into [N, 3, S, S] in order")
    func batch() throws {
        let a = try ImageIO.load(path: Fixtures.path("parity", "coffee.jpg"))
        let b = try ImageIO.load(path: Fixtures.path("parity", "camera_grey.png"))
        let p = CLIPPreprocess(size: 32)
        let stacked = p.batch([a, b])
        #expect(stacked.shape == [2, 3, 32, 32])
        #expect(Array(stacked.data[0..<(3 * 32 * 32)]) == p(a).data)
        #expect(Array(stacked.data[(3 * 32 * 32)...]) == p(b).data)
    }

    @Test("Loading paths gives the batch of the decoded images, and names a bad file")
    func loadPaths() throws {
        let paths = [Fixtures.path("parity", "rocket.jpg"), Fixtures.path("decode", "grey16.png")]
        let p = CLIPPreprocess(size: 16)
        let loaded = try p.load(paths: paths)
        #expect(loaded.data == p.batch(try paths.map { try ImageIO.load(path: $0) }).data)
        #expect(throws: ImageError.missing(path: "/nonexistent/x.png")) {
            try p.load(paths: [paths[0], "/nonexistent/x.png"])
        }
    }

    @Test("A very elongated image is cropped without resizing the whole strip")
    func elongated() {
        let strip = RGBImage(width: 3, height: 5000, red: 10, green: 200, blue: 90)
        let t = CLIPPreprocess(size: 224)(strip)   // resized to 224 x 373333, only 224 x 224 computed
        #expect(t.shape == [3, 224, 224])
        let red = (Float(10) / 255 - CLIPPreprocess.openAIMean[0]) / CLIPPreprocess.openAIStd[0]
        #expect(t.data[0..<(224 * 224)].allSatisfy { $0 == red })
    }
}
