import Foundation
import Testing
@testable import CLIPLab

/// Expression cells through the built binary: the model's values, the learner's math, errors.
@Suite("Expression cells in cliplab", .serialized)
struct ExpressionCLITests {
    /// Runs `lines` as a piped script.
    static func script(_ lines: [String], environment: [String: String] = [:]) throws -> Support.Run {
        try Support.cli([], stdin: lines.joined(separator: "\n") + "\n", environment: environment)
    }

    /// The JSON objects a script printed, one per `print --json`/`vars --json` line.
    static func json(_ run: Support.Run) -> [Any] {
        run.stdout.split(separator: "\n").filter { $0.hasPrefix("{") || $0.hasPrefix("[") }.compactMap { JSONValue.parse(String($0)) }
    }

    static func numbers(_ value: Any?) -> [Double] {
        if let n = value as? NSNumber { return [n.doubleValue] }
        if let a = value as? [Any] { return a.flatMap { numbers($0) } }
        return []
    }

    static func value(_ object: Any) -> [Double] { numbers((object as? [String: Any])?["value"]) }

    @Test("After batch scenes and loss, the loss written by hand equals the model's to 1e-6, and grad(li, logits) is (softmax rows − eye)/N")
    func lossByHand() throws {
        let run = try Self.script([
            "batch scenes", "loss", "loss --json",
            "li = -mean(log(diag(softmax(logits, axis=1))))",
            "lt = -mean(log(diag(softmax(logits, axis=0))))",
            "print --json li", "print --json lt", "print --json (li + lt) / 2", "print --json S - I @ T.T",
            "print --json grad(li, logits)", "print --json (softmax(logits, axis=1) - eye(len(logits))) / len(logits)",
            "print --json loss",
        ])
        #expect(run.stderr.isEmpty, "\(run.stderr)")
        let objects = Self.json(run)
        try #require(objects.count == 8, "\(run.stdout)")
        let model = try #require(objects[0] as? [String: Any])
        let loss = Self.numbers(model["loss"])[0], i2t = Self.numbers(model["image_to_text"])[0], t2i = Self.numbers(model["text_to_image"])[0]
        let (li, lt, mean) = (Self.value(objects[1])[0], Self.value(objects[2])[0], Self.value(objects[3])[0])
        #expect(Swift.abs(li - i2t) <= 1e-6 && Swift.abs(lt - t2i) <= 1e-6, "\(li) \(i2t) \(lt) \(t2i)")
        #expect(Swift.abs(mean - loss) <= 1e-6, "\(mean) vs \(loss)")
        #expect(Self.value(objects[4]).count == 16 && Self.value(objects[4]).allSatisfy { Swift.abs($0) <= 1e-6 })
        let grad = Self.value(objects[5]), expected = Self.value(objects[6])
        #expect(grad.count == 16 && zip(grad, expected).allSatisfy { Swift.abs($0 - $1) <= 1e-6 }, "\(grad) vs \(expected)")
        #expect(Swift.abs(Self.value(objects[7])[0] - loss) <= 1e-6)
        #expect(run.stdout.contains("li = 1.") && run.stdout.contains("lt = 1."))
    }

    @Test("Every function runs through the binary", arguments: [
        ("exp(0)", [1.0]), ("log(1)", [0]), ("sqrt(4)", [2]), ("abs(-3)", [3]), ("sum(arange(4))", [6]), ("mean(arange(4))", [1.5]),
        ("max(arange(4))", [3]), ("min(arange(4) - 1)", [-1]), ("argmax(arange(4) * -1)", [0]), ("softmax(arange(2) * 0)", [0.5, 0.5]),
        ("log_softmax(arange(2) * 0)", [-0.6931472, -0.6931472]), ("logsumexp(arange(2) * 0)", [0.6931472]), ("diag(eye(2) * 3)", [3, 3]),
        ("eye(2)", [1, 0, 0, 1]), ("arange(3)", [0, 1, 2]), ("onehot(2, 3)", [0, 0, 1]), ("norm(arange(2) + 3)", [5]),
        ("normalize(arange(2) + 3)", [0.6, 0.8]), ("reshape(arange(4), 2, 2).T", [0, 2, 1, 3]), ("shape(eye(3))", [3, 3]), ("len(arange(7))", [7]),
        ("arange(6)[1:3]", [1, 2]), ("eye(3)[:, 0]", [1, 0, 0]), ("arange(5)[-1]", [4]), ("(2 ** 3) * 1", [8]),
    ])
    func everyFunction(expression: String, expected: [Double]) throws {
        let run = try Support.cli(["print", "--json", expression])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(JSONValue.parse(run.stdout))
        let got = Self.value(object)
        #expect(got.count == expected.count && zip(got, expected).allSatisfy { Swift.abs($0 - $1) <= 1e-6 }, "\(expression): \(got)")
    }

    @Test("One-shot: an expression as the argument prints its value; a mistake exits 2 with one error line")
    func oneShot() throws {
        let ok = try Support.cli(["softmax(arange(2) * 0)"])
        #expect(ok.status == 0 && ok.stdout == "[0.5  0.5]\n", "\(ok.stdout)\(ok.stderr)")
        let bad = try Support.cli(["sofmax(1)"])
        #expect(bad.status == 2 && bad.stderr == "error: unknown function 'sofmax' — did you mean 'softmax'?\n", "\(bad.stderr)")
    }

    @Test("grad through the binary: d/dx Σx² = 2x")
    func gradThroughBinary() throws {
        let run = try Self.script(["x = arange(3) * 1.0", "y = sum(x ** 2)", "print --json grad(y, x)"])
        #expect(Self.value(try #require(Self.json(run).first)) == [0, 2, 4])
    }

    @Test("Each error class is one clear line with a caret under the spot, and the session survives")
    func errors() throws {
        let long = String(repeating: "1+", count: 5_000) + "1"
        let deep = String(repeating: "(", count: 200) + "1" + String(repeating: ")", count: 200)
        let run = try Self.script([
            "batch scenes", "loss",
            "lgits", "mean(lgo(S))", "softmax(S, S)", "I @ I", "I + S", "sum(S, axis=2)", "li = mean(S)", "grad(S, logits)",
            "v = S * 2", "grad(v, logits)", "eye(10**9)", deep, long, "1 / 0", "log(S - S)",
            "vars --json",
        ])
        let errors = run.stderr.split(separator: "\n").map(String.init)
        let expected = [
            "line 3: error: unknown command 'lgits' — did you mean 'logits'?",
            "line 4: error: unknown function 'lgo' — did you mean 'log'?",
            "line 5: error: softmax takes 1 argument, got 2: softmax(x, axis=-1)",
            "line 6: error: I @ I: [4×32] @ [4×32]: the inner sizes differ (32 vs 4) — did you mean I @ I.T?",
            "line 7: error: [4×32] + [4×4]: the shapes do not broadcast (sizes must match or be 1, aligned from the right)",
            "line 8: error: axis 2 is out of range for S of shape [4×4] (valid: 0…1 or -2…-1)",
            "line 10: error: grad needs a value you assigned: S was bound by 'loss' — write e.g. mine = S and take grad(mine, …)",
            "line 12: error: grad needs a single number: v is [4×4] — take mean(…) or sum(…) of it first",
            "line 13: error: the result [1000000000×1000000000] would hold more than 8388608 numbers, the size limit",
            "line 14: error: nesting is deeper than 64 levels: split it into assignments",
            "line 15: error: the line is 10001 characters long; an expression may have at most 2000 — split it into assignments",
        ]
        #expect(errors == expected, "\(run.stderr)")
        #expect(run.stdout.contains("  mean(lgo(S))\n       ^^^\n"), "\(run.stdout)")
        #expect(run.stdout.contains("  I @ I\n    ^\n"))
        #expect(run.stdout.contains("note: the result is not finite (1 inf) — a division by zero, or the log or sqrt of a number ≤ 0?"))
        #expect(run.stdout.contains("note: 16 of 16 numbers are not finite (16 inf)"))
        // The model's values are all still there after every error.
        let vars = try #require(Self.json(run).last as? [[String: Any]])
        #expect(Set(vars.compactMap { $0["name"] as? String }) == ["I", "T", "S", "scale", "logits", "loss", "li", "v"])
    }

    /// The names (and shapes) `vars --json` lists after `commands`.
    static func bound(after commands: [String]) throws -> [String: [Int]] {
        let run = try script(commands + ["vars --json"])
        let list = try #require(json(run).last as? [[String: Any]], "\(run.stdout)\n\(run.stderr)")
        var out: [String: [Int]] = [:]
        for entry in list { out[entry["name"] as! String] = numbers(entry["shape"]).map { Int($0) } }
        return out
    }

    @Test("Each command binds its stages by stable names", arguments: [
        (["batch scenes", "matrix"], ["I": [4, 32], "T": [4, 32], "S": [4, 4], "scale": [], "logits": [4, 4]]),
        (["batch scenes", "loss"], ["I": [4, 32], "T": [4, 32], "S": [4, 4], "scale": [], "logits": [4, 4], "loss": []]),
        (["batch scenes", "step"], ["I": [4, 32], "T": [4, 32], "S": [4, 4], "scale": [], "logits": [4, 4], "loss": []]),
        (["encode image toy:cat"], ["pixels": [3, 32, 32], "patches": [16, 192], "tokens_in": [17, 64], "pooled": [64], "embedding": [32]]),
        (["encode text a photo of a cat"], ["ids": [7], "tokens_in": [7, 64], "pooled": [64], "embedding": [32]]),
        (["tokenize \"a photo of a cat\""], ["ids": [7]]),
        (["tokenize a cat"], [:]),
        (["classify toy:cat --labels cat,beach,car"], ["image": [32], "texts": [3, 32], "probs": [3], "scale": []]),
    ] as [([String], [String: [Int]])])
    func bindings(commands: [String], expected: [String: [Int]]) throws {
        #expect(try Self.bound(after: commands) == expected)
    }

    @Test("The bound values are the command's own numbers")
    func boundValuesMatch() throws {
        let run = try Self.script(["batch scenes", "matrix --json", "print --json S", "print --json logits", "print --json scale * S - logits",
                                   "classify toy:cat --labels cat,beach,car --json", "print --json softmax(scale * texts @ image) - probs"])
        let objects = Self.json(run)
        try #require(objects.count == 6, "\(run.stdout)\n\(run.stderr)")
        let matrix = try #require(objects[0] as? [String: Any])
        #expect(zip(Self.numbers(matrix["cosine"]), Self.value(objects[1])).allSatisfy { Swift.abs($0 - $1) <= 1e-6 })
        #expect(zip(Self.numbers(matrix["logits_per_image"]), Self.value(objects[2])).allSatisfy { Swift.abs($0 - $1) <= 1e-5 })
        #expect(Self.value(objects[3]).allSatisfy { Swift.abs($0) <= 1e-5 })
        #expect(Self.value(objects[5]).allSatisfy { Swift.abs($0) <= 1e-5 }, "\(Self.value(objects[5]))")
    }

    @Test("A learner's assignment never changes the model: loss after S = 0 is the same")
    func copies() throws {
        let run = try Self.script(["batch scenes", "loss --json", "S = S * 0", "logits = eye(4)", "I = 0", "loss --json", "print --json S"])
        let objects = Self.json(run)
        try #require(objects.count == 3)
        #expect(Self.numbers((objects[0] as? [String: Any])?["loss"]) == Self.numbers((objects[1] as? [String: Any])?["loss"]))
        #expect(Self.value(objects[2]).contains { $0 != 0 }, "loss binds S again")
    }

    @Test("A command name followed by an operator is an expression; alone it runs the command")
    func commandNamesAsValues() throws {
        let run = try Self.script(["batch scenes", "loss", "mine = loss", "loss - mine", "print --json loss * 2 - 2 * mine"])
        #expect(run.stderr.isEmpty, "\(run.stderr)")
        #expect(run.stdout.contains("\n0\n"))
        #expect(Self.value(try #require(Self.json(run).last)) == [0])
    }

    @Test("help expressions lists the syntax, every function with an example, and the bound names")
    func help() throws {
        let run = try Support.cli(["help", "expressions"])
        #expect(run.status == 0)
        for name in ["exp(x)", "log_softmax(x, axis=-1)", "grad(NAME, WRT)", "onehot(i, n)", "reshape(x, a, b, …)", "tokens_in", "logits", "probs"] {
            #expect(run.stdout.contains(name), "\(name)")
        }
        #expect(run.stdout.components(separatedBy: "e.g. ").count - 1 == 22)
    }

    @Test("grade says how a wrong answer is wrong and never prints the expected value", arguments: [
        ("li = mean(log(diag(softmax(logits, axis=1))))", "li has the wrong sign: a loss is −log of a probability"),
        ("li = -mean(log(diag(softmax(logits, axis=0))))", "li equals the text→image half, not what the exercise asks for"),
        ("li = max(diag(softmax(logits, axis=1)))", "li is not the answer yet: it is too small"),
        ("li = exp(mean(log(diag(softmax(logits, axis=1)))))", "li looks like a probability, not a loss: the loss is −log of it"),
        ("li = -log(diag(softmax(logits, axis=1)))", "li is [4] but the answer is a single number — reduce it with mean(…) or sum(…)"),
        ("li = -sum(log(diag(softmax(logits, axis=1))))", "li is 4 times too large — a sum where a mean belongs?"),
        ("li = 1/0", "li holds inf or nan — a log of 0 or a division by zero on the way?"),
    ])
    func gradeWrongAnswers(attempt: String, message: String) throws {
        let answer = "-mean(log(diag(softmax(logits, axis=1))))"
        let run = try Self.script(["batch scenes", "loss", "print --json -- " + answer, attempt,
                                   "grade li --not \"the text→image half: 0 - mean(log(diag(softmax(logits, axis=0))))\" -- \"\(answer)\""])
        let line = try #require(run.stderr.split(separator: "\n").last.map(String.init))
        #expect(line == "line 5: error: \(message)", "\(run.stderr)")
        let expected = Self.value(try #require(Self.json(run).first))[0]
        for digits in [String(format: "%.3f", expected), String(format: "%.4g", expected)] {
            #expect(!run.stderr.contains(digits), "the expected value leaked: \(digits)")
        }
    }

    @Test("grade passes the right answer and spots a transposed matrix")
    func gradeMatrices() throws {
        let run = try Self.script(["batch scenes", "loss", "p = softmax(logits, axis=1)", "grade p -- softmax(logits, axis=1)",
                                   "p = softmax(logits, axis=1).T", "grade p -- softmax(logits, axis=1)"])
        #expect(run.stdout.contains("✓ p matches"))
        #expect(run.stderr == "line 6: error: p is transposed: rows and columns are swapped (axis 0 ↔ axis 1)\n", "\(run.stderr)")
    }
}
