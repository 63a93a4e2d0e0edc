import Foundation

/// A Float32 tensor: a shape and row-major contiguous storage, optionally part of an
/// autodiff graph.
///
/// `Tensor` is a reference type so that the graph can point at the tensors an op used.
/// Ops record a backward closure only when gradients are wanted (`GradMode.isEnabled`
/// and some input has `requiresGrad`); under `GradMode.noGrad { … }` nothing is
/// recorded and no gradient buffer is allocated.
///
/// Example: `let x = Tensor(shape: [2, 3], data: [1, 2, 3, 4, 5, 6])`.
public final class Tensor: @unchecked Sendable {
    /// Dimensions, outermost first. `[]` is a scalar.
    public private(set) var shape: [Int]
    /// Row-major contiguous values; `data.count == shape.product`.
    public var data: [Float]
    /// Gradient of the last `backward()` root with respect to this tensor, same layout as `data`.
    public var grad: [Float]?
    /// Whether ops on this tensor record a backward step (parameters set this).
    public var requiresGrad: Bool
    /// An optional name (weights use their checkpoint key).
    public var name: String?

    // Graph: the inputs this tensor was computed from and how to send its gradient to them.
    var parents: [Tensor] = []
    var backwardStep: ((Tensor) -> Void)?

    public init(shape: [Int], data: [Float], requiresGrad: Bool = false, name: String? = nil) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in \(shape)")
        precondition(shape.reduce(1, *) == data.count,
                     "shape \(shape) needs \(shape.reduce(1, *)) values, got \(data.count)")
        self.shape = shape
        self.data = data
        self.requiresGrad = requiresGrad
        self.name = name
    }

    /// A tensor filled with `value`.
    public convenience init(shape: [Int], repeating value: Float, requiresGrad: Bool = false) {
        self.init(shape: shape, data: [Float](repeating: value, count: shape.reduce(1, *)),
                  requiresGrad: requiresGrad)
    }

    /// A scalar tensor (shape `[]`).
    public convenience init(scalar: Float, requiresGrad: Bool = false) {
        self.init(shape: [], data: [scalar], requiresGrad: requiresGrad)
    }

    public static func zeros(_ shape: [Int], requiresGrad: Bool = false) -> Tensor {
        Tensor(shape: shape, repeating: 0, requiresGrad: requiresGrad)
    }

    public static func ones(_ shape: [Int], requiresGrad: Bool = false) -> Tensor {
        Tensor(shape: shape, repeating: 1, requiresGrad: requiresGrad)
    }

    /// Number of elements.
    public var count: Int { data.count }
    /// Number of dimensions.
    public var rank: Int { shape.count }
    /// The single value of a one-element tensor.
    public var item: Float {
        precondition(data.count == 1, "item needs one element, tensor has shape \(shape)")
        return data[0]
    }

    /// Replaces the shape without touching data (used by `reshaped`).
    func setShape(_ newShape: [Int]) {
        precondition(newShape.reduce(1, *) == data.count)
        shape = newShape
    }

    /// A copy of the values with no graph attached.
    public func detached() -> Tensor { Tensor(shape: shape, data: data) }
}

extension Tensor: CustomStringConvertible {
    public var description: String {
        let head = data.prefix(6).map { String(format: "%.4f", $0) }.joined(separator: ", ")
        return "Tensor(\(shape), [\(head)\(data.count > 6 ? ", …" : "")])"
    }
}
