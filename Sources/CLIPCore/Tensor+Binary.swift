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
                // gradient sums over the leading dimensions it was repeated along. The loops
                // walk whole repeats (no per-element modulo) so they vectorise.
                lhs.accumulateGrad { gl in
                    binaryGrad(op, lhsSide: true, g: g, into: gl, own: l, other: r, n: n)
                }
                rhs.accumulateGrad { gr in
                    binaryGrad(op, lhsSide: false, g: g, into: gr, own: r, other: l, n: n)
                }
            } } }
        }
    }

    public static func + (lhs: Tensor, rhs: Tensor) -> Tensor { binary(lhs, rhs, .add) }
    public static func - (lhs: Tensor, rhs: Tensor) -> Tensor { binary(lhs, rhs, .sub) }
    public static func * (lhs: Tensor, rhs: Tensor) -> Tensor { binary(lhs, rhs, .mul) }
    public static func / (lhs: Tensor, rhs: Tensor) -> Tensor { binary(lhs, rhs, .div) }
}


/// Adds one operand's share of the gradient of `lhs op rhs` (`n` outputs) into `gx`.
///
/// `own` is this operand (its length divides `n`, or equals it), `other` the other one.
/// Per element: add → g, sub → ±g, mul → g·other, div → g/r (lhs) or −g·l/r² (rhs).
private func binaryGrad(_ op: BinaryOp, lhsSide: Bool, g: UnsafeBufferPointer<Float>,
                        into gx: UnsafeMutableBufferPointer<Float>, own: UnsafeBufferPointer<Float>,
                        other: UnsafeBufferPointer<Float>, n: Int) {
    let on = own.count, tn = other.count
    let gp = g.baseAddress!, gxp = gx.baseAddress!, op0 = own.baseAddress!, tp0 = other.baseAddress!
    // The element-wise rule for output i, own value a = own[i % on], other value b = other[i % tn].
    @inline(__always) func term(_ gi: Float, _ a: Float, _ b: Float) -> Float {
        switch op {
        case .add: return gi
        case .sub: return lhsSide ? gi : -gi
        case .mul: return gi * b
        case .div: return lhsSide ? gi / b : -gi * b / (a * a)
        }
    }
    if on == n && tn == n {
        for i in 0..<n { gxp[i] += term(gp[i], op0[i], tp0[i]) }
    } else if on == n {
        // The other operand repeats every tn outputs.
        for base in stride(from: 0, to: n, by: tn) {
            for j in 0..<tn { gxp[base + j] += term(gp[base + j], op0[base + j], tp0[j]) }
        }
    } else {
        // This operand repeats every on outputs: sum the repeats.
        for base in stride(from: 0, to: n, by: on) {
            if tn == n {
                for j in 0..<on { gxp[j] += term(gp[base + j], op0[j], tp0[base + j]) }
            } else {
                for j in 0..<on { gxp[j] += term(gp[base + j], op0[j], tp0[(base + j) % tn]) }
            }
        }
    }
}
