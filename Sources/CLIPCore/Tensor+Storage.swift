import Foundation

extension Tensor {
    /// A new tensor of `shape` whose values `fill` writes (every element must be written).
    static func make(_ shape: [Int], _ fill: (UnsafeMutableBufferPointer<Float>) -> Void) -> Tensor {
        let n = shape.reduce(1, *)
        let values = [Float](uninitializedCount: n, fill)
        return Tensor(shape: shape, data: values)
    }

    /// Read access to the values.
    @inline(__always)
    func read<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try data.withUnsafeBufferPointer(body)
    }

    /// Read access to the values of an optional tensor (a bias): nil when there is none.
    @inline(__always)
    static func read<R>(_ tensor: Tensor?, _ body: (UnsafePointer<Float>?) throws -> R) rethrows -> R {
        guard let tensor else { return try body(nil) }
        return try tensor.data.withUnsafeBufferPointer { try body($0.baseAddress) }
    }

    /// Read access to the gradient (which the caller knows exists).
    @inline(__always)
    func readGrad<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try grad!.withUnsafeBufferPointer(body)
    }
}

extension Collection where Element == Int {
    /// Product of the dimensions (1 for a scalar shape).
    @inlinable public var product: Int { reduce(1, *) }
}

extension Tensor {
    /// The gradient buffer (allocated as zeros on first use), or nil when this tensor
    /// takes no gradient — for ops that write several inputs' gradients in one loop.
    func withGradPointer<R>(_ body: (UnsafeMutablePointer<Float>?) -> R) -> R {
        guard requiresGrad else { return body(nil) }
        if grad == nil { grad = [Float](repeating: 0, count: data.count) }
        return grad!.withUnsafeMutableBufferPointer { body($0.baseAddress) }
    }
}

extension Tensor {
    /// Read access to several tensors' values at once, in order (one closure instead of a nest).
    static func withPointers<R>(_ tensors: [Tensor], _ body: ([UnsafePointer<Float>]) -> R) -> R {
        func nest(_ index: Int, _ pointers: [UnsafePointer<Float>]) -> R {
            guard index < tensors.count else { return body(pointers) }
            return tensors[index].read { nest(index + 1, pointers + [$0.baseAddress!]) }
        }
        return nest(0, [])
    }

    /// `withGradPointers` for an op that writes every element of each gradient: a first gradient is
    /// a new buffer left unfilled, and its `fresh` flag says so (write, do not add). When one
    /// tensor is passed twice (attention of x with itself), its gradients add up in one buffer, so
    /// none is fresh: every buffer is zero-filled as in `withGradPointers`.
    static func withGradPointersOrFresh<R>(_ tensors: [Tensor],
                                           _ body: ([UnsafeMutablePointer<Float>?], [Bool]) -> R) -> R {
        guard Set(tensors.map(ObjectIdentifier.init)).count == tensors.count else {
            return withGradPointers(tensors) { body($0, [Bool](repeating: false, count: tensors.count)) }
        }
        func nest(_ index: Int, _ pointers: [UnsafeMutablePointer<Float>?], _ fresh: [Bool]) -> R {
            guard index < tensors.count else { return body(pointers, fresh) }
            let tensor = tensors[index]
            guard tensor.requiresGrad else { return nest(index + 1, pointers + [nil], fresh + [false]) }
            guard tensor.grad != nil else {
                var result: R?
                tensor.grad = [Float](uninitializedCount: tensor.count) {
                    result = nest(index + 1, pointers + [$0.baseAddress], fresh + [true])
                }
                return result!
            }
            return tensor.grad!.withUnsafeMutableBufferPointer { nest(index + 1, pointers + [$0.baseAddress], fresh + [false]) }
        }
        return nest(0, [], [])
    }

    /// `withGradPointer` for several tensors at once, in order (nil for those that take no gradient).
    static func withGradPointers<R>(_ tensors: [Tensor], _ body: ([UnsafeMutablePointer<Float>?]) -> R) -> R {
        func nest(_ index: Int, _ pointers: [UnsafeMutablePointer<Float>?]) -> R {
            guard index < tensors.count else { return body(pointers) }
            return tensors[index].withGradPointer { nest(index + 1, pointers + [$0]) }
        }
        return nest(0, [])
    }
}

extension Array {
    /// `count` elements written by `fill` into uninitialised memory (`fill` must write them all).
    ///
    /// `Array(unsafeUninitializedCapacity:initializingWith:)` with a count of 0 stores that
    /// count into the one storage every empty array shares: two threads doing so, or one doing so
    /// while another reads an empty array's count, is a data race (ThreadSanitizer reports it).
    /// This returns `[]` for 0 without calling `fill`.
    @inlinable
    public init(uninitializedCount count: Int, _ fill: (UnsafeMutableBufferPointer<Element>) throws -> Void) rethrows {
        guard count > 0 else {
            self = []
            return
        }
        try self.init(unsafeUninitializedCapacity: count) { buffer, initialized in
            try fill(buffer)
            initialized = count
        }
    }
}
