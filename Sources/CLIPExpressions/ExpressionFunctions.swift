/// The functions an expression may call, for `help expressions`, completion and
/// "did you mean" — the evaluator implements each one by name.
public struct ExpressionFunction: Sendable {
    public var name: String
    /// `softmax(x, axis=-1)`.
    public var usage: String
    public var summary: String
    /// A line that runs with nothing bound, or on the batch's values.
    public var example: String
    /// Positional arguments accepted.
    public var arity: ClosedRange<Int>
    /// Keyword arguments accepted.
    public var keywords: [String]

    public static let all: [ExpressionFunction] = [
        .init(name: "exp", usage: "exp(x)", summary: "e to the power of each element", example: "exp(arange(3))", arity: 1...1, keywords: []),
        .init(name: "log", usage: "log(x)", summary: "natural log of each element", example: "log(exp(2))", arity: 1...1, keywords: []),
        .init(name: "sqrt", usage: "sqrt(x)", summary: "square root of each element", example: "sqrt(arange(5))", arity: 1...1, keywords: []),
        .init(name: "abs", usage: "abs(x)", summary: "absolute value of each element", example: "abs(arange(5) - 2)", arity: 1...1, keywords: []),
        .init(name: "sum", usage: "sum(x, axis=None)", summary: "sum of every element, or along an axis", example: "sum(eye(3), axis=0)", arity: 1...1, keywords: ["axis", "keepdims"]),
        .init(name: "mean", usage: "mean(x, axis=None)", summary: "mean of every element, or along an axis", example: "mean(arange(4))", arity: 1...1, keywords: ["axis", "keepdims"]),
        .init(name: "max", usage: "max(x, axis=None)", summary: "largest element, or largest along an axis", example: "max(S, axis=1)", arity: 1...1, keywords: ["axis", "keepdims"]),
        .init(name: "min", usage: "min(x, axis=None)", summary: "smallest element, or smallest along an axis", example: "min(arange(4) - 1)", arity: 1...1, keywords: ["axis", "keepdims"]),
        .init(name: "argmax", usage: "argmax(x, axis=None)", summary: "index of the largest element (flat without an axis)", example: "argmax(S, axis=1)", arity: 1...1, keywords: ["axis"]),
        .init(name: "softmax", usage: "softmax(x, axis=-1)", summary: "e^x / Σ e^x along an axis (1: each row, 0: each column)", example: "softmax(logits, axis=1)", arity: 1...1, keywords: ["axis"]),
        .init(name: "log_softmax", usage: "log_softmax(x, axis=-1)", summary: "log of softmax, computed stably", example: "log_softmax(logits, axis=0)", arity: 1...1, keywords: ["axis"]),
        .init(name: "logsumexp", usage: "logsumexp(x, axis=None)", summary: "log Σ e^x, computed stably", example: "logsumexp(logits, axis=1)", arity: 1...1, keywords: ["axis", "keepdims"]),
        .init(name: "diag", usage: "diag(x)", summary: "the diagonal of a matrix (or a vector on the diagonal)", example: "diag(S)", arity: 1...1, keywords: []),
        .init(name: "eye", usage: "eye(n)", summary: "the n×n identity matrix", example: "eye(3)", arity: 1...1, keywords: []),
        .init(name: "arange", usage: "arange(n) · arange(a, b)", summary: "0, 1, …, n−1 (or a, …, b−1)", example: "arange(4)", arity: 1...2, keywords: []),
        .init(name: "onehot", usage: "onehot(i, n)", summary: "rows of n zeros with a 1 at each index i", example: "onehot(arange(3), 3)", arity: 2...2, keywords: []),
        .init(name: "norm", usage: "norm(x, axis=None)", summary: "L2 norm √Σx², of everything or along an axis", example: "norm(I, axis=1)", arity: 1...1, keywords: ["axis", "keepdims"]),
        .init(name: "normalize", usage: "normalize(x, axis=-1)", summary: "x divided by its L2 norm along an axis", example: "normalize(arange(3) + 1)", arity: 1...1, keywords: ["axis"]),
        .init(name: "reshape", usage: "reshape(x, a, b, …)", summary: "the same numbers in a new shape (one size may be -1)", example: "reshape(arange(6), 2, 3)", arity: 2...9, keywords: []),
        .init(name: "shape", usage: "shape(x)", summary: "the sizes of x, as a vector", example: "shape(eye(3))", arity: 1...1, keywords: []),
        .init(name: "len", usage: "len(x)", summary: "the size of the first axis", example: "len(arange(5))", arity: 1...1, keywords: []),
        .init(name: "grad", usage: "grad(NAME, WRT)", summary: "gradient of the number NAME was assigned, with respect to the variable WRT", example: "grad(li, logits)", arity: 2...2, keywords: []),
    ]

    public static func named(_ name: String) -> ExpressionFunction? { all.first { $0.name == name } }

    public static var names: [String] { all.map(\.name) }
}
