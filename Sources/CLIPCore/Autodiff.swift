import Foundation

/// Whether ops record the autodiff graph.
///
/// Recording is on by default but only happens when an input has `requiresGrad`;
/// `GradMode.noGrad { … }` turns it off for inference so nothing is recorded and no
/// gradient buffer is allocated.
public enum GradMode {
    // Task-local, so concurrent work (tests, background encodes) cannot switch it for others.
    @TaskLocal private static var disabled = false

    /// True unless inside `noGrad`.
    public static var isEnabled: Bool { !disabled }

    /// Runs `body` without recording gradients.
    public static func noGrad<T>(_ body: () throws -> T) rethrows -> T {
        try $disabled.withValue(true) { try body() }
    }
}

extension Tensor {
    /// Whether an op over `inputs` should record a backward step.
    static func recording(_ inputs: Tensor...) -> Bool {
        GradMode.isEnabled && inputs.contains { $0.requiresGrad }
    }

    /// Attaches the graph to an op result: `step` receives the output and sends its
    /// gradient to `inputs` through `accumulateGrad`.
    @discardableResult
    func recorded(from inputs: [Tensor], _ step: @escaping (Tensor) -> Void) -> Tensor {
        guard GradMode.isEnabled, inputs.contains(where: { $0.requiresGrad }) else { return self }
        requiresGrad = true
        parents = inputs
        backwardStep = step
        return self
    }

    /// Adds `body`'s contribution to this tensor's gradient buffer (allocated on first use).
    @inline(__always)
    func accumulateGrad(_ body: (UnsafeMutableBufferPointer<Float>) -> Void) {
        guard requiresGrad else { return }
        if grad == nil { grad = [Float](repeating: 0, count: data.count) }
        grad!.withUnsafeMutableBufferPointer { body($0) }
    }

    /// `accumulateGrad` for a body that can also overwrite: the first gradient goes straight into
    /// a new buffer (`fresh` true: every element must be written), with no zero fill to add to.
    func accumulateOrWriteGrad(_ body: (_ grad: UnsafeMutableBufferPointer<Float>, _ fresh: Bool) -> Void) {
        guard requiresGrad else { return }
        guard grad != nil else {
            grad = [Float](uninitializedCount: data.count) { body($0, true) }
            return
        }
        grad!.withUnsafeMutableBufferPointer { body($0, false) }
    }

    /// Back-propagates from this tensor (seeded with ones, so a scalar loss gets dL/dL = 1).
    ///
    /// Gradients accumulate into `grad` of every tensor with `requiresGrad` that this one
    /// was computed from; call `zeroGrad` on parameters between steps. The graph is freed
    /// afterwards.
    public func backward() { backward(gradient: [Float](repeating: 1, count: data.count)) }

    /// Back-propagates `gradient` (dL/d`self`, one value per element) from this tensor: how
    /// a graph cut into parts is finished, each part from the gradient its successor left on
    /// its output (see `detachedLeaf`).
    public func backward(gradient: [Float]) {
        precondition(requiresGrad, "backward() on a tensor that does not require grad")
        precondition(gradient.count == data.count, "backward: \(gradient.count) gradient values for \(data.count) elements")
        var order: [Tensor] = []
        var seen = Set<ObjectIdentifier>()
        // Iterative post-order DFS: deep graphs must not overflow the stack.
        var stack: [(Tensor, Bool)] = [(self, false)]
        while let (node, expanded) = stack.popLast() {
            if expanded { order.append(node); continue }
            guard seen.insert(ObjectIdentifier(node)).inserted else { continue }
            stack.append((node, true))
            for p in node.parents where p.requiresGrad && !seen.contains(ObjectIdentifier(p)) {
                stack.append((p, false))
            }
        }
        grad = gradient
        for node in order.reversed() {
            if let step = node.backwardStep, node.grad != nil { step(node) }
        }
        for node in order { node.parents = []; node.backwardStep = nil }
    }

    /// Drops the gradient buffer.
    public func zeroGrad() { grad = nil }

    /// A copy of this tensor's values as a new leaf that requires grad: a graph built on it
    /// stops here, and its `grad` after that graph's `backward()` is what `backward(gradient:)`
    /// on this tensor continues with.
    public func detachedLeaf() -> Tensor { Tensor(shape: shape, data: data, requiresGrad: true) }
}
