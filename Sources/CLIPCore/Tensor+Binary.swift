import Foundation

/// Element-wise binary ops with broadcasting over leading dimensions.
///
/// Shapes must be equal, or one shape must be a suffix of the other (`[B,T,C] + [C]`,
/// `[B,T,C] + [T,C]`), or one side a single value. Example: `x + bias`, `logits * scale`.
enum BinaryOp {
    case add, sub, mul, div
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
        let n = shape.product
        let out = Tensor.make(shape) { o in
            lhs.read { l in rhs.read { r in
                // One loop per op, so no loop branches on it and each vectorises.
                switch op {
                case .add: binaryLoops(n: n, l, r, into: o) { $0 + $1 }
                case .sub: binaryLoops(n: n, l, r, into: o) { $0 - $1 }
                case .mul: binaryLoops(n: n, l, r, into: o) { $0 * $1 }
                case .div: binaryLoops(n: n, l, r, into: o) { $0 / $1 }
                }
            } }
        }
        return out.recorded(from: [lhs, rhs]) { out in
            // A sum passes its gradient on unchanged: an operand as large as the output with no
            // gradient yet shares the output's buffer (copied only if another op adds to it later).
            var shared = (lhs: false, rhs: false)
            if op == .add || op == .sub, lhs.requiresGrad, lhs.grad == nil, lhs.count == n {
                lhs.grad = out.grad
                shared.lhs = true
            }
            if op == .add, rhs.requiresGrad, rhs.grad == nil, rhs.count == n {
                rhs.grad = out.grad
                shared.rhs = true
            }
            out.readGrad { g in lhs.read { l in rhs.read { r in
                // Output element i uses lhs[i % ln] and rhs[i % rn]; a broadcast operand's
                // gradient sums over the leading dimensions it was repeated along. The loops
                // walk whole repeats (no per-element modulo) so they vectorise.
                if !shared.lhs {
                    lhs.accumulateOrWriteGrad { gl, fresh in
                        binaryGrad(op, lhsSide: true, g: g, into: gl, fresh: fresh, own: l, other: r, n: n)
                    }
                }
                if !shared.rhs {
                    rhs.accumulateOrWriteGrad { gr, fresh in
                        binaryGrad(op, lhsSide: false, g: g, into: gr, fresh: fresh, own: r, other: l, n: n)
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


/// `o[i] = apply(l[i % ln], r[i % rn])` for the `n` outputs, split across threads anywhere when
/// both operands have n values, else in whole repeats of the shorter one.
@inline(__always)
private func binaryLoops(n: Int, _ l: UnsafeBufferPointer<Float>, _ r: UnsafeBufferPointer<Float>,
                         into o: UnsafeMutableBufferPointer<Float>, _ apply: (Float, Float) -> Float) {
    let ln = l.count, rn = r.count
    let repeatLength = ln == n && rn == n ? 1 : max(1, min(ln, rn))
    Threads.parallelFor(n / repeatLength, costPerItem: repeatLength) { repeats in
        let lo = repeats.lowerBound * repeatLength, hi = repeats.upperBound * repeatLength
        if ln == n && rn == n {
            for i in lo..<hi { o[i] = apply(l[i], r[i]) }
        } else if ln == n {
            for base in stride(from: lo, to: hi, by: rn) {
                for j in 0..<rn { o[base + j] = apply(l[base + j], r[j]) }
            }
        } else {
            for base in stride(from: lo, to: hi, by: ln) {
                for j in 0..<ln { o[base + j] = apply(l[j], r[base + j]) }
            }
        }
    }
}

/// Adds one operand's share of the gradient of `lhs op rhs` (`n` outputs) into `gx` (writes it
/// when `fresh`: a new buffer, every element of which is written).
///
/// `own` is this operand (its length divides `n`, or equals it), `other` the other one.
/// Per element: add → g, sub → ±g, mul → g·other, div → g/r (lhs) or −g·l/r² (rhs).
private func binaryGrad(_ op: BinaryOp, lhsSide: Bool, g: UnsafeBufferPointer<Float>,
                        into gx: UnsafeMutableBufferPointer<Float>, fresh: Bool, own: UnsafeBufferPointer<Float>,
                        other: UnsafeBufferPointer<Float>, n: Int) {
    // One loop per rule, so no loop branches on the op and each vectorises. The rule gets
    // the output's gradient g, own value a = own[i % on] and other value b = other[i % tn].
    switch (op, lhsSide) {
    case (.add, _), (.sub, true): binaryGradLoops(g: g, into: gx, fresh: fresh, own: own, other: other, n: n) { g, _, _ in g }
    case (.sub, false): binaryGradLoops(g: g, into: gx, fresh: fresh, own: own, other: other, n: n) { g, _, _ in -g }
    case (.mul, _): binaryGradLoops(g: g, into: gx, fresh: fresh, own: own, other: other, n: n) { g, _, b in g * b }
    case (.div, true): binaryGradLoops(g: g, into: gx, fresh: fresh, own: own, other: other, n: n) { g, _, b in g / b }
    case (.div, false): binaryGradLoops(g: g, into: gx, fresh: fresh, own: own, other: other, n: n) { g, a, b in -g * b / (a * a) }
    }
}

/// `gx[i % on] += term(g[i], own[i % on], other[i % tn])` for the `n` outputs (with `fresh`,
/// the first term written instead of added to the buffer's contents).
@inline(__always)
private func binaryGradLoops(g: UnsafeBufferPointer<Float>, into gx: UnsafeMutableBufferPointer<Float>, fresh: Bool,
                             own: UnsafeBufferPointer<Float>, other: UnsafeBufferPointer<Float>, n: Int,
                             _ term: (Float, Float, Float) -> Float) {
    let on = own.count, tn = other.count
    let gp = g.baseAddress!, gxp = gx.baseAddress!, op0 = own.baseAddress!, tp0 = other.baseAddress!
    if on == n && tn == n {
        Threads.parallelFor(n) { range in
            if fresh {
                for i in range { gxp[i] = term(gp[i], op0[i], tp0[i]) }
            } else {
                for i in range { gxp[i] += term(gp[i], op0[i], tp0[i]) }
            }
        }
    } else if on == n {
        // The other operand repeats every tn outputs.
        Threads.parallelFor(n / tn, costPerItem: tn) { repeats in
            for base in stride(from: repeats.lowerBound * tn, to: repeats.upperBound * tn, by: tn) {
                if fresh {
                    for j in 0..<tn { gxp[base + j] = term(gp[base + j], op0[base + j], tp0[j]) }
                } else {
                    for j in 0..<tn { gxp[base + j] += term(gp[base + j], op0[base + j], tp0[j]) }
                }
            }
        }
    } else {
        // This operand repeats every on outputs: sum the repeats, in order, each block of
        // columns on one thread (so the order of each sum does not depend on the threads).
        Threads.parallelFor(on, costPerItem: n / on) { columns in
            if fresh { for j in columns { gxp[j] = 0 } }
            for base in stride(from: 0, to: n, by: on) {
                if tn == n {
                    for j in columns { gxp[j] += term(gp[base + j], op0[j], tp0[base + j]) }
                } else {
                    for j in columns { gxp[j] += term(gp[base + j], op0[j], tp0[(base + j) % tn]) }
                }
            }
        }
    }
}
