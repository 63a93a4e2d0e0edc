import Foundation

extension Tensor {
    /// Applies `f` element-wise; `df(x, y)` is the derivative given input and output.
    /// Large tensors split across threads.
    func unary(cost: Int = 1, _ f: @escaping (Float) -> Float, _ df: @escaping (Float, Float) -> Float) -> Tensor {
        let n = count
        let out = Tensor.make(shape) { o in
            read { x in
                nonisolated(unsafe) let (xs, os) = (x, o)
                Threads.parallelFor(n, costPerItem: cost) { range in
                    for i in range { os[i] = f(xs[i]) }
                }
            }
        }
        return out.recorded(from: [self]) { out in
            out.readGrad { g in self.read { x in out.read { y in
                self.accumulateOrWriteGrad { gx, fresh in
                    nonisolated(unsafe) let (gs, xs, ys, gxs) = (g, x, y, gx)
                    Threads.parallelFor(n, costPerItem: cost) { range in
                        if fresh {
                            for i in range { gxs[i] = gs[i] * df(xs[i], ys[i]) }
                        } else {
                            for i in range { gxs[i] += gs[i] * df(xs[i], ys[i]) }
                        }
                    }
                }
            } } }
        }
    }

    /// `e^x`.
    public func exp() -> Tensor { unary(cost: 4, { FixedMath.exp($0) }, { _, y in y }) }
    /// Natural log.
    public func log() -> Tensor { unary(cost: 4, { FixedMath.log($0) }, { x, _ in 1 / x }) }
    /// Square root.
    public func sqrt() -> Tensor { unary(cost: 2, { $0.squareRoot() }, { _, y in 0.5 / y }) }
    /// `|x|` (gradient `sign(x)`, 0 at 0).
    public func abs() -> Tensor { unary({ Swift.abs($0) }, { x, _ in x > 0 ? 1 : (x < 0 ? -1 : 0) }) }
    /// `x^p` for a constant exponent. Example: `[2, 3]` to the power 2 → `[4, 9]`.
    public func pow(_ p: Float) -> Tensor {
        unary(cost: 4, { Foundation.pow($0, p) }, { x, _ in p == 0 ? 0 : p * Foundation.pow(x, p - 1) })
    }
    /// `s·x`.
    public func scaled(_ s: Float) -> Tensor { unary({ $0 * s }, { _, _ in s }) }
    /// `x + c`.
    public func adding(_ c: Float) -> Tensor { unary({ $0 + c }, { _, _ in 1 }) }
    /// `-x`.
    public static prefix func - (x: Tensor) -> Tensor { x.scaled(-1) }
    /// `max(x, 0)`.
    public func relu() -> Tensor { unary({ max($0, 0) }, { x, _ in x > 0 ? 1 : 0 }) }
    /// Logistic sigmoid `1/(1+e^-x)`.
    public func sigmoid() -> Tensor { unary(cost: 4, { 1 / (1 + FixedMath.exp(-$0)) }, { _, y in y * (1 - y) }) }

    /// GELU with the exact erf: `x·Φ(x) = ½x(1 + erf(x/√2))` (`hidden_act: "gelu"`).
    public func gelu() -> Tensor {
        if !Tensor.recording(self) {   // inference: a closure-free pass
            let n = count
            return Tensor.make(shape) { o in read { x in
                nonisolated(unsafe) let (xs, os) = (x, o)
                Threads.parallelFor(n, costPerItem: 8) { range in
                    Elementwise.gelu(xs.baseAddress!, os.baseAddress!, derivative: nil, range)
                }
            } }
        }
        // Training: the forward pass keeps the derivative (see `geluLoop`), so backward is one
        // multiply per element.
        let n = count
        var derivative = [Float](uninitializedCount: n) { _ in }   // written below
        let out = Tensor.make(shape) { o in read { x in derivative.withUnsafeMutableBufferPointer { d in
            nonisolated(unsafe) let (xs, os, ds) = (x, o, d)
            Threads.parallelFor(n, costPerItem: 8) { range in
                Elementwise.gelu(xs.baseAddress!, os.baseAddress!, derivative: ds.baseAddress!, range)
            }
        } } }
        return out.recorded(from: [self]) { out in
            out.readGrad { g in derivative.withUnsafeBufferPointer { d in self.accumulateOrWriteGrad { gx, fresh in
                nonisolated(unsafe) let (gs, ds, gxs) = (g, d, gx)
                Threads.parallelFor(n, costPerItem: 2) { range in
                    if fresh {
                        for i in range { gxs[i] = gs[i] * ds[i] }
                    } else {
                        for i in range { gxs[i] += gs[i] * ds[i] }
                    }
                }
            } } }
        }
    }

    /// QuickGELU `x·σ(1.702x)`, the activation of OpenAI's released CLIP weights.
    public func quickGelu() -> Tensor {
        if !Tensor.recording(self) {   // inference: one vectorisable pass, no closures
            let n = count
            return Tensor.make(shape) { o in read { x in
                nonisolated(unsafe) let (xs, os) = (x, o)
                Threads.parallelFor(n, costPerItem: 4) { range in
                    for i in range { let v = xs[i]; os[i] = v / (1 + fastExp(-1.702 * v)) }
                }
            } }
        }
        return unary(cost: 6, { x in x / (1 + FixedMath.exp(-1.702 * x)) }, { x, _ in
            let s = 1 / (1 + FixedMath.exp(-1.702 * x))
            return s + 1.702 * x * s * (1 - s)
        })
    }

    /// Values clamped into `[low, high]` (gradient 0 where clamped).
    public func clamped(_ low: Float, _ high: Float) -> Tensor {
        unary({ min(max($0, low), high) }, { x, _ in x >= low && x <= high ? 1 : 0 })
    }
}
