import Foundation

/// Updates parameters from their gradients.
public protocol Optimizer: AnyObject {
    /// The tensors this optimizer updates.
    var parameters: [Tensor] { get }
    /// Applies one update from the current gradients (a missing gradient counts as 0).
    func step()
}

extension Optimizer {
    /// Clears every parameter's gradient.
    public func zeroGrad() { for p in parameters { p.zeroGrad() } }
}

/// Stochastic gradient descent with momentum: `v ← μv + g; θ ← θ − lr·v`.
public final class SGD: Optimizer {
    public let parameters: [Tensor]
    public var learningRate: Float
    public let momentum: Float
    private var velocity: [[Float]]

    public init(parameters: [Tensor], learningRate: Float, momentum: Float = 0) {
        self.parameters = parameters
        self.learningRate = learningRate
        self.momentum = momentum
        velocity = parameters.map { [Float](repeating: 0, count: $0.count) }
    }

    public func step() {
        for (i, p) in parameters.enumerated() {
            guard let g = p.grad else { continue }
            for j in 0..<p.count {
                velocity[i][j] = momentum * velocity[i][j] + g[j]
                p.data[j] -= learningRate * velocity[i][j]
            }
        }
    }
}

/// AdamW (Loshchilov & Hutter): Adam with bias correction and decoupled weight decay.
///
/// `m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; θ ← θ − lr·(λθ + m̂/(√v̂ + ε))`, with
/// `m̂ = m/(1−β₁ᵗ)`, `v̂ = v/(1−β₂ᵗ)`. Parameters in `noDecay` (biases, norms, embeddings
/// by convention) skip the decay.
public final class AdamW: Optimizer {
    public let parameters: [Tensor]
    public var learningRate: Float
    public let beta1: Float, beta2: Float, eps: Float, weightDecay: Float
    public private(set) var stepCount = 0
    private let decays: [Bool]
    /// Both moments of every parameter in one buffer: parameter `i`'s m at `offsets[i]`, its v
    /// `total` further on.
    private var moments: [Float]
    private let offsets: [Int], total: Int
    /// Parameters `0..<split` and `split...` hold about half the elements each: the two
    /// halves update side by side (`Threads.concurrently`); every element's update is
    /// independent, so the result does not depend on the thread count.
    private let split: Int

    public init(parameters: [Tensor], learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999,
                eps: Float = 1e-8, weightDecay: Float = 0.01, noDecay: Set<ObjectIdentifier> = []) {
        self.parameters = parameters
        self.learningRate = learningRate
        self.beta1 = beta1; self.beta2 = beta2; self.eps = eps; self.weightDecay = weightDecay
        decays = parameters.map { !noDecay.contains(ObjectIdentifier($0)) }
        var offsets: [Int] = [], total = 0
        for p in parameters { offsets.append(total); total += p.count }
        self.offsets = offsets
        self.total = total
        moments = [Float](repeating: 0, count: 2 * total)
        split = offsets.firstIndex { 2 * $0 >= total } ?? parameters.count
    }

    public func step() {
        stepCount += 1
        let c1 = 1 - FixedMath.power(beta1, stepCount), c2 = 1 - FixedMath.power(beta2, stepCount)
        let (b1, b2, lr, e, total) = (beta1, beta2, learningRate, eps, total)
        moments.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let base = buffer.baseAddress!
            func update(_ indices: Range<Int>) {
                for i in indices {
                    let p = parameters[i]
                    guard let g = p.grad, p.count > 0 else { continue }
                    let wd = decays[i] ? weightDecay : 0
                    let m = base + offsets[i], v = m + total
                    g.withUnsafeBufferPointer { g in
                    p.data.withUnsafeMutableBufferPointer { w in
                        Elementwise.adamW(weights: w.baseAddress!, gradients: g.baseAddress!, m: m, v: v, count: p.count,
                                          beta1: b1, beta2: b2, c1: c1, c2: c2, learningRate: lr, eps: e, decay: wd)
                    } }
                }
            }
            Threads.concurrently({ update(0..<split) }, { update(split..<parameters.count) })
        }
    }
}
