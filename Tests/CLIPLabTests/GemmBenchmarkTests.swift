import Foundation
import Testing
@testable import CLIPLab

/// `bench gemm` prints the C program's figure beside each of its own, matched by position:
/// both must list the same shapes, and the C program's JSON must decode into the same type.
@Suite("Gemm benchmark")
struct GemmBenchmarkTests {
    @Test("gemm_reference.c lists GemmBenchmark's shapes, in the same order")
    func sameShapes() throws {
        let source = try String(contentsOf: Support.root.appendingPathComponent("Tests/Reference/gemm_reference.c"), encoding: .utf8)
        let pattern = try NSRegularExpression(pattern: #"\{"([^"]+)", (\d+), (\d+), (\d+)\}"#)
        let c = pattern.matches(in: source, range: NSRange(source.startIndex..., in: source)).map { match in
            (1...4).map { String(source[Range(match.range(at: $0), in: source)!]) }
        }
        let swift = GemmBenchmark.shapes.map { [$0.0, String($0.1), String($0.2), String($0.3)] }
        #expect(c == swift)
    }

    @Test("the C program's JSON decodes into bench gemm's result type")
    func decodesReference() throws {
        let line = #"{"threads": 2, "core": "Zen", "shapes": [{"shape": "qkv  [50×768]·[768×2304]", "m": 50, "k": 768, "n": 2304, "median_ms": 2.0630, "gflops": 85.80}]}"#
        let result = try JSONDecoder().decode(GemmReference.Result.self, from: Data(line.utf8))
        #expect(result.shapes.count == 1)
        #expect(result.shapes[0].label == GemmBenchmark.shapes[0].0)
        #expect(result.shapes[0].medianMs == 2.063 && result.shapes[0].gflops == 85.8)
    }
}
