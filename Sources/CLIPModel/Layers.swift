import CLIPCore
import Foundation

/// Something with named parameters (checkpoint key → tensor, Hugging Face names).
public protocol ParameterContainer {
    /// Parameters with their full key under `prefix` (e.g. `"text_model.encoder.layers.0."`).
    func namedParameters(prefix: String) -> [(String, Tensor)]
}

/// `y = x·Wᵀ + b`, with `W` stored `[out, in]` as checkpoints store it.
public struct Linear: ParameterContainer {
    public let weight: Tensor
    public let bias: Tensor?

    public init(inputs: Int, outputs: Int, bias: Bool = true, std: Float, _ make: inout ParameterFactory) {
        weight = make.normal([outputs, inputs], std: std)
        self.bias = bias ? make.zeros([outputs]) : nil
    }

    /// - Parameter x: `[..., in]`. - Returns: `[..., out]`.
    public func callAsFunction(_ x: Tensor) -> Tensor { x.linear(weight, bias) }

    public func namedParameters(prefix: String) -> [(String, Tensor)] {
        [(prefix + "weight", weight)] + (bias.map { [(prefix + "bias", $0)] } ?? [])
    }
}

/// Layer normalisation over the last axis with learned scale and shift.
public struct LayerNorm: ParameterContainer {
    public let weight: Tensor, bias: Tensor
    public let eps: Float

    public init(width: Int, eps: Float, _ make: inout ParameterFactory) {
        weight = make.ones([width])
        bias = make.zeros([width])
        self.eps = eps
    }

    public func callAsFunction(_ x: Tensor) -> Tensor { x.layerNorm(weight: weight, bias: bias, eps: eps) }

    public func namedParameters(prefix: String) -> [(String, Tensor)] {
        [(prefix + "weight", weight), (prefix + "bias", bias)]
    }
}

/// The MLP activation named by `hidden_act`.
public enum Activation: String, Sendable {
    case quickGelu = "quick_gelu", gelu, relu

    public init(configValue: String) throws {
        guard let a = Activation(rawValue: configValue) else {
            throw ModelError.badConfig(key: "hidden_act", message: "'\(configValue)' is not supported (use quick_gelu, gelu or relu)")
        }
        self = a
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        switch self {
        case .quickGelu: x.quickGelu()
        case .gelu: x.gelu()
        case .relu: x.relu()
        }
    }
}

/// Creates parameters: random (seeded) for training and benchmarks, or zero-filled
/// placeholders that a checkpoint then overwrites (no time spent drawing numbers).
public struct ParameterFactory {
    var rng: RNG?
    /// False for `unfilled`: storage is reserved but never written.
    var writes = true
    /// Polled before each random tensor; once true, the rest are left unwritten (the caller
    /// discards the model), so stopping a large model takes no time.
    var isCancelled: (() -> Bool)? = nil

    /// Random normal weights from `seed`; `isCancelled` lets a caller stop drawing a large model.
    public static func random(seed: UInt64, isCancelled: (() -> Bool)? = nil) -> ParameterFactory {
        ParameterFactory(rng: RNG(seed: seed), isCancelled: isCancelled)
    }
    /// Zero weights, to be filled from a checkpoint.
    public static var empty: ParameterFactory { ParameterFactory(rng: nil) }
    /// Placeholders whose values are never written: only for `CheckpointLoader`, which
    /// checks every key first and then replaces every parameter's storage. Large
    /// placeholders cost no page touches, so loading is one pass over the file.
    static var unfilled: ParameterFactory { ParameterFactory(rng: nil, writes: false) }

    public mutating func normal(_ shape: [Int], std: Float) -> Tensor {
        if let cancelled = isCancelled, cancelled() { rng = nil; writes = false }
        guard rng != nil else { return zeros(shape) }
        return Tensor.randn(shape, std: std, rng: &rng!, requiresGrad: true)
    }

    public func zeros(_ shape: [Int]) -> Tensor { constant(shape, 0) }
    public func ones(_ shape: [Int]) -> Tensor { constant(shape, 1) }
    public func constant(_ shape: [Int], _ value: Float) -> Tensor {
        guard writes else {
            let n = shape.product
            return Tensor(shape: shape, data: [Float](uninitializedCount: n) { _ in }, requiresGrad: true)
        }
        return Tensor(shape: shape, repeating: value, requiresGrad: true)
    }
}
