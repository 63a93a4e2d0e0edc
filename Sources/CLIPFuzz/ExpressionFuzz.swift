import CLIPCore
import CLIPExpressions
import CLIPLab
import Foundation

/// Expression cells on any text: up to eight lines (blank ones skipped) run in order against a batch-like set of
/// variables (so assignments and `grad` chain). Every line either evaluates — within the size
/// limits — or fails with one printable line whose caret span lies inside the line.
enum ExpressionFuzz {
    static let variables: Variables = {
        var rng = RNG(seed: 1)
        func random(_ shape: [Int]) -> Tensor { Tensor(shape: shape, data: (0..<shape.reduce(1, *)).map { _ in rng.uniform(-1, 1) }) }
        var vars = Variables()
        let i = random([4, 8]).l2Normalized(), t = random([4, 8]).l2Normalized()
        let s = i.matmul(t, transposeOther: true)
        vars.bind(["I": i, "T": t, "S": s, "scale": Tensor(scalar: 14.3), "logits": s.scaled(14.3), "loss": Tensor(scalar: 1.4),
                   "pixels": random([3, 4, 4]), "ids": Tensor(shape: [3], data: [0, 5, 2])], by: "loss")
        return vars
    }()

    static let completer: Completer = {
        var completer = Completer(table: .standard, directory: "/nonexistent-cliplab-fuzz")
        completer.variables = variables.names
        return completer
    }()

    static func run(_ bytes: [UInt8]) throws(FuzzFinding) -> Bool {
        let text = String(decoding: bytes.prefix(16_384), as: UTF8.self)
        var vars = variables
        var accepted = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).prefix(8).map(String.init) {
            if line.allSatisfy({ $0 == " " }) { continue }   // the blank line a file ends with
            accepted = false
            let outcome: Result<ExpressionEvaluator.Result, ExpressionError>
            do { outcome = .success(try ExpressionEvaluator.run(line, in: &vars)) } catch { outcome = .failure(error) }
            switch outcome {
            case .success(let result):
                try expect(result.value.count <= ExpressionLimits.elements, "a result over the size limit for \(line.debugDescription)")
                try expect(result.value.count == result.value.shape.reduce(1, *), "shape and count disagree for \(line.debugDescription)")
                accepted = true
            case .failure(let error):
                let message = error.message
                try expect(!message.isEmpty, "empty error for \(line.debugDescription)")
                try expect(!message.contains(where: { $0.isNewline }), "multi-line error for \(line.debugDescription)")
                try expect(!message.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7f },
                           "control character in error \(message.debugDescription)")
                if let span = error.span {
                    try expect(span.lowerBound >= 0 && span.lowerBound <= line.count + 1, "caret outside the line for \(line.debugDescription)")
                }
                _ = error.caret(under: line)
            }
            _ = completer.complete(line)
        }
        return accepted
    }
}
