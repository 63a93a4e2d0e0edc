import CLIPCore
import Foundation
import Testing
@testable import CLIPExpressions

/// Every function and operator on small inputs whose answers are known, and the errors.
@Suite("The expression evaluator")
struct EvaluatorTests {
    static func value(_ line: String, _ vars: Variables = Variables()) throws(ExpressionError) -> Tensor {
        try ExpressionEvaluator.value(of: line, in: vars)
    }

    static func error(_ line: String, _ vars: Variables = Variables()) -> String {
        do { _ = try value(line, vars); return "no error" } catch { return error.message }
    }

    static var batch: Variables {
        var vars = Variables()
        vars.bind(["M": Tensor(shape: [2, 3], data: [1, 2, 3, 4, 5, 6]),
                   "L": Tensor(shape: [3, 3], data: [2, 0, 1, 0.5, 3, -1, 1, 1, 4])], by: "test")
        return vars
    }

    @Test("Each function returns NumPy's answer", arguments: [
        ("exp(arange(2))", [1, Float(M_E)], [2]),
        ("log(exp(2))", [2], []),
        ("sqrt(arange(3) * 2)", [0, Float(2).squareRoot(), 2], [3]),
        ("abs(arange(3) - 1)", [1, 0, 1], [3]),
        ("sum(M)", [21], []), ("sum(M, axis=0)", [5, 7, 9], [3]), ("sum(M, axis=1)", [6, 15], [2]),
        ("sum(M, axis=1, keepdims=True)", [6, 15], [2, 1]),
        ("mean(M)", [3.5], []), ("mean(M, axis=0)", [2.5, 3.5, 4.5], [3]), ("mean(M, axis=-1)", [2, 5], [2]),
        ("max(M)", [6], []), ("max(M, axis=0)", [4, 5, 6], [3]), ("min(M, axis=1)", [1, 4], [2]), ("min(M)", [1], []),
        ("argmax(M)", [5], []), ("argmax(L, axis=1)", [0, 1, 2], [3]), ("argmax(L, axis=0)", [0, 1, 2], [3]),
        ("softmax(arange(2) * log(3))", [0.25, 0.75], [2]),
        ("sum(softmax(M, axis=0), axis=0)", [1, 1, 1], [3]),
        ("log_softmax(arange(2) * log(3))", [log(Float(0.25)), log(Float(0.75))], [2]),
        ("logsumexp(arange(2) * log(3))", [log(Float(4))], []),
        ("logsumexp(M, axis=1) - log(sum(exp(M), axis=1))", [0, 0], [2]),
        ("diag(L)", [2, 3, 4], [3]), ("diag(M)", [1, 5], [2]), ("diag(arange(2) + 1)", [1, 0, 0, 2], [2, 2]),
        ("eye(2)", [1, 0, 0, 1], [2, 2]),
        ("arange(3)", [0, 1, 2], [3]), ("arange(2, 4)", [2, 3], [2]),
        ("onehot(1, 3)", [0, 1, 0], [3]), ("onehot(arange(2), 2)", [1, 0, 0, 1], [2, 2]),
        ("norm(arange(2) + 3)", [5], []), ("norm(M, axis=0)", [Float(17).squareRoot(), Float(29).squareRoot(), Float(45).squareRoot()], [3]),
        ("normalize(arange(2) + 3)", [0.6, 0.8], [2]), ("normalize(reshape(arange(2) + 3, 2, 1), axis=0)", [0.6, 0.8], [2, 1]),
        ("reshape(arange(6), 2, 3)", [0, 1, 2, 3, 4, 5], [2, 3]), ("reshape(arange(6), -1, 2)", [0, 1, 2, 3, 4, 5], [3, 2]),
        ("shape(M)", [2, 3], [2]), ("len(M)", [2], []),
        ("M.T", [1, 4, 2, 5, 3, 6], [3, 2]), ("M[1]", [4, 5, 6], [3]), ("M[:, 1]", [2, 5], [2]), ("M[-1, -1]", [6], []),
        ("M[:, 1:3]", [2, 3, 5, 6], [2, 2]), ("M[0, :2]", [1, 2], [2]),
        ("M @ arange(3)", [8, 17], [2]), ("arange(2) @ M", [4, 5, 6], [3]), ("arange(3) @ arange(3)", [5], []),
        ("M @ M.T", [14, 32, 32, 77], [2, 2]),
        ("M - mean(M, axis=1, keepdims=True)", [-1, 0, 1, -1, 0, 1], [2, 3]),
        ("M - arange(3)", [1, 1, 1, 4, 4, 4], [2, 3]), ("reshape(arange(2), 2, 1) + arange(3)", [0, 1, 2, 1, 2, 3], [2, 3]),
        ("M ** 2 / 2", [0.5, 2, 4.5, 8, 12.5, 18], [2, 3]),
    ] as [(String, [Float], [Int])])
    func functions(line: String, values: [Float], shape: [Int]) throws {
        let t = try Self.value(line, Self.batch)
        #expect(t.shape == shape, "\(line)")
        #expect(t.count == values.count && zip(t.data, values).allSatisfy { Swift.abs($0 - $1) <= 1e-5 * max(1, Swift.abs($1)) },
                "\(line): \(t.data)")
    }

    @Test("Errors name what is wrong", arguments: [
        ("lgits", "unknown name 'lgits' — did you mean 'logits'?"),
        ("sofmax(L)", "unknown function 'sofmax' — did you mean 'softmax'?"),
        ("exp(L, L)", "exp takes 1 argument, got 2: exp(x)"),
        ("reshape(L)", "reshape takes 2 to 9 arguments, got 1: reshape(x, a, b, …)"),
        ("exp(L, axis=1)", "exp has no axis= (accepted: none)"),
        ("M @ M", "M @ M: [2×3] @ [2×3]: the inner sizes differ (3 vs 2) — did you mean M @ M.T?"),
        ("M + L", "[2×3] + [3×3]: the shapes do not broadcast (sizes must match or be 1, aligned from the right)"),
        ("sum(M, axis=2)", "axis 2 is out of range for M of shape [2×3] (valid: 0…1 or -2…-1)"),
        ("softmax(3)", "softmax needs a vector or a matrix; 3 is a single number"),
        ("M[2]", "index 2 is out of range for axis 0 of size 2"),
        ("M[0, 0, 0]", "3 indices for M of shape [2×3] (2 axes)"),
        ("M[1.5]", "an index must be a whole number, not 1.5"),
        ("M[2:1]", "M[2:1] is empty: axis 0 has size 2"),
        ("eye(10**9)", "the result [1000000000×1000000000] would hold more than 8388608 numbers, the size limit"),
        ("arange(0)", "arange(0) would be empty"),
        ("onehot(3, 3)", "onehot index 3 is not one of 0…2"),
        ("reshape(M, 4, 2)", "cannot reshape M of shape [2×3] (6 numbers) to [4×2]"),
        ("M ** M", "the exponent must be one number, not [2×3] — for element-wise powers use exp(b * log(a))"),
        ("exp", "exp is a function: call it, e.g. exp(x)"),
        ("M(1)", "M is a variable, not a function: index it with M[…]"),
        ("grad(M, L)", "grad needs a value you assigned: M was bound by 'test' — write e.g. mine = M and take grad(mine, …)"),
        ("len(3)", "len of a single number: 3 has no axes"),
    ])
    func errors(line: String, message: String) {
        var vars = Self.batch
        vars.bind(["logits": Tensor(scalar: 1)], by: "test")
        #expect(Self.error(line, vars) == message)
    }

    @Test("Division by zero is a value (inf, nan), not an error")
    func divisionByZero() throws {
        let t = try Self.value("arange(3) / 0")
        #expect(t.data[0].isNaN && t.data[1] == .infinity)
    }

    @Test("An assignment stores a copy; assigning a bound name never changes the bound tensor")
    func copies() throws {
        let model = Tensor(shape: [2], data: [1, 2])
        var vars = Variables()
        vars.bind(["x": model], by: "test")
        _ = try ExpressionEvaluator.run("x = x * 10", in: &vars)
        #expect(model.data == [1, 2])
        #expect(vars["x"]?.value.data == [10, 20] && vars["x"]?.origin == "you")
        model.data[0] = 99
        _ = try ExpressionEvaluator.run("y = x", in: &vars)
        #expect(vars["y"]?.value.data == [10, 20])
    }

    @Test("grad of the image→text loss by the logits is (softmax rows − I)/N")
    func gradOfLoss() throws {
        var rng = RNG(seed: 3)
        let n = 4
        let logits = Tensor(shape: [n, n], data: (0..<(n * n)).map { _ in rng.uniform(-3, 3) })
        var vars = Variables()
        vars.bind(["logits": logits], by: "test")
        _ = try ExpressionEvaluator.run("p = softmax(logits, axis=1)", in: &vars)
        _ = try ExpressionEvaluator.run("li = -mean(log(diag(p)))", in: &vars)
        let g = try ExpressionEvaluator.run("grad(li, logits)", in: &vars).value
        let expected = try Self.value("(softmax(logits, axis=1) - eye(4)) / 4", vars)
        #expect(g.shape == [n, n])
        #expect(zip(g.data, expected.data).allSatisfy { Swift.abs($0 - $1) < 1e-6 })
        // Through an intermediate variable too.
        let gp = try Self.value("grad(li, p)", vars)
        #expect(Swift.abs(gp.data[0] + 1 / (4 * (try Self.value("p[0, 0]", vars)).data[0])) < 1e-4)
    }

    @Test("grad follows the value's definition with every function that has a gradient, against finite differences", arguments: [
        "sum(exp(x) * x)", "mean(log(abs(x) + 1))", "sum(sqrt(x * x + 1))", "max(x) + min(x)", "sum(max(x, axis=0))",
        "sum(softmax(x, axis=0) * arange(3))", "sum(log_softmax(x, axis=1)[:, 0])", "logsumexp(x)", "sum(logsumexp(x, axis=0))",
        "norm(x)", "sum(normalize(x, axis=1)[0])", "sum(diag(x))", "sum(reshape(x, 9) * arange(9))", "sum(x.T @ x)", "sum(x[1:, 0] ** 3)",
        "mean(x - mean(x, axis=1, keepdims=True)) + sum((x - mean(x, axis=0)) ** 2)",
    ])
    func gradAgainstFiniteDifferences(body: String) throws {
        let base: [Float] = [0.3, -1.2, 0.8, 2.0, -0.4, 1.1, -0.7, 0.2, 1.6]
        func f(_ values: [Float]) throws -> Double {
            var vars = Variables()
            vars.bind(["x": Tensor(shape: [3, 3], data: values)], by: "test")
            return Double(try Self.value(body, vars).data[0])
        }
        var vars = Variables()
        vars.bind(["x": Tensor(shape: [3, 3], data: base)], by: "test")
        _ = try ExpressionEvaluator.run("y = \(body)", in: &vars)
        let g = try Self.value("grad(y, x)", vars)
        let h: Float = 1e-2
        for i in base.indices {
            var up = base, down = base
            up[i] += h
            down[i] -= h
            let numeric = (try f(up) - (try f(down))) / Double(2 * h)
            #expect(Swift.abs(Double(g.data[i]) - numeric) <= 2e-2 * max(1, Swift.abs(numeric)), "\(body) element \(i): \(g.data[i]) vs \(numeric)")
        }
    }

    @Test("grad says when the value does not depend on the variable or is not a number")
    func gradErrors() throws {
        var vars = Self.batch
        _ = try ExpressionEvaluator.run("a = sum(M)", in: &vars)
        _ = try ExpressionEvaluator.run("v = M * 2", in: &vars)
        #expect(Self.error("grad(a, L)", vars) == "a does not depend on L")
        #expect(Self.error("grad(v, M)", vars) == "grad needs a single number: v is [2×3] — take mean(…) or sum(…) of it first")
        vars.bind(["M": Tensor(shape: [1], data: [1])], by: "test")
        #expect(Self.error("grad(a, M)", vars) == "a does not depend on M — it was computed from an earlier M; assign a again")
    }

    @Test("Matrix products past the work limit are refused before any work")
    func workLimit() {
        #expect(Self.error("eye(2000) @ eye(2000) @ eye(2000)").hasPrefix("eye(2000) @ eye(2000): [2000×2000] @ [2000×2000] is too large"))
    }
}
