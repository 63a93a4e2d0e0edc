import Foundation

/// Element-wise binary ops with broadcasting over leading dimensions.
///
/// Shapes must be equal, or one shape must be a suffix of the other (`[B,T,C] + [C]`,
/// `[B,T,C] + [T,C]`), or one side a single value. Example: `x + bias`, `logits * scale`.
enum BinaryOp {
    case add, sub, mul, div

    @inline(__always) func apply(_ a: Float, _ b: Float) -> Float {
        switch self {
        case .add: a + b
        case .sub: a - b
        case .mul: a * b
        case .div: a / b
        }
    }
}

extension Tensor {
    static func broadcastShape(_ a: [Int], _ b: [Int]) -> [Int] {
        if a == b { return a }
        if b.product == 1 && b.count <= a.count { return a }
        if a.product == 1 && a.count <= b.count { return b }
        if b.count <= a.count && Array(a.suffix(b.count)) == b { return a }
        if a.count <= b.count && Array(b.suffix(a.count)) == a { return b }
        preconditionFailure("shapes \(a) and \(b) do not broadcast (one must be a suffix of the other)")
    }

    static func binary(_ lhs: Tensor, _ rhs: Tensor, _ op: BinaryOp) -> Tensor {
        let shape = broadcastShape(lhs.shape, rhs.shape)
        let n = shape.product, ln = lhs.count, rn = rhs.count
        let out = Tensor.make(shape) { o in
            lhs.read { l in rhs.read { r in
                if ln == n && rn == n {
                    for i in 0..<n { o[i] = op.apply(l[i], r[i]) }
                } else if ln == n {
                    for base in stride(from: 0, to: n, by: rn) {
                        for j in 0..<rn { o[base + j] = op.apply(l[base + j], r[j]) }
                    }
                } else {
                    for base in stride(from: 0, to: n, by: ln) {
                        for j in 0..<ln { o[base + j] = op.apply(l[j], r[base + j]) }
                    }
                }
            } }
        }
        return out.recorded(from: [lhs, rhs]) { out in
            out.readGrad { g in lhs.read { l in rhs.read { r in
                // Output element i uses lhs[i % ln] and rhs[i % rn]; a broadcast operand's
                // gradient sums over the leading dimensions it was repeated along.
                lhs.accumulateGrad { gl in
                    switch op {
                    case .add, .sub: for i in 0..<n { gl[i % ln] += g[i] }
                    case .mul: for i in 0..<n { gl[i % ln] += g[i] * r[i % rn] }
                    case .div: for i in 0..<n { gl[i % ln] += g[i] / r[i % rn] }
                    }
                }
                rhs.accumulateGrad { gr in
                    switch op {
                    case .add: for i in 0..<n { gr[i % rn] += g[i] }
                    case .sub: for i in 0..<n { gr[i % rn] -= g[i] }
                    case .mul: for i in 0..<n { gr[i % rn] += g[i] * l[i % ln] }
                    case .div:
                        for i in 0..<n { let b = r[i % rn]; gr[i % rn] -= g[i] * l[i % ln] / (b * b) }
                    }
                }
            } } }
        }
    }

    public static func + (lhs: Tensor, rhs: Tensor) -> Tensor { binary(lhs, rhs, .add) }
    public static func - (lhs: Tensor, rhs: Tensor) -> Tensor { binary(lhs, rhs, .sub) }
    public static func * (lhs: Tensor, rhs: Tensor) -> Tensor { binary(lhs, rhs, .mul) }
    public static func / (lhs: Tensor, rhs: Tensor) -> Tensor { binary(lhs, rhs, .div) }
}

