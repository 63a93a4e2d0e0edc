import CLIPCore
import Foundation

/// The paper's ResNet image tower (RN50, RN101, RN50x4, …), as OpenAI and open_clip
/// define it. Inference only.
///
/// Three changes to the torchvision ResNet:
/// ```
/// pixels [B,3,S,S] ─► stem: 3×3/2 ─► 3×3 ─► 3×3 (ConvNorm+ReLU each) ─► avgpool 2   [B,W,S/4,S/4]
///   ─► layer1 … layer4 (anti-aliased Bottlenecks, stride 1,2,2,2)                   [B,32W,S/32,S/32]
///   ─► AttentionPool (mean-token query, positional embedding)                       [B, outputDim]
/// ```
/// 1. a three-convolution stem with an average pool instead of one 7×7 conv and a max pool;
/// 2. strided blocks average-pool before their 1×1 expansion (and in the shortcut) instead of
///    striding a convolution;
/// 3. attention pooling instead of global average pooling; it also projects to the shared
///    space, so CLIP adds no visual projection after it.
public struct ModifiedResNet: ParameterContainer {
    public let config: ResNetConfig
    public let stem: [ConvNorm]
    /// Four stages of bottleneck blocks.
    public let stages: [[Bottleneck]]
    public let attentionPool: AttentionPool

    public init(config: ResNetConfig, _ make: inout ParameterFactory) throws {
        try config.validate()
        self.config = config
        let w = config.width
        stem = [ConvNorm(inputs: 3, outputs: w / 2, kernel: 3, stride: 2, &make),
                ConvNorm(inputs: w / 2, outputs: w / 2, kernel: 3, &make),
                ConvNorm(inputs: w / 2, outputs: w, kernel: 3, &make)]
        var inputs = w
        var stages: [[Bottleneck]] = []
        for (i, blocks) in config.layers.enumerated() {
            let planes = w << i
            var stage: [Bottleneck] = []
            for j in 0..<blocks {
                stage.append(Bottleneck(inputs: inputs, planes: planes, stride: i > 0 && j == 0 ? 2 : 1, &make))
                inputs = planes * Bottleneck.expansion
            }
            stages.append(stage)
        }
        self.stages = stages
        attentionPool = AttentionPool(grid: config.gridSize, width: config.embedDim, heads: config.heads,
                                      outputs: config.outputDim, &make)
    }

    /// Checks that `pixels` is `[B, 3, imageSize, imageSize]`.
    public func check(pixels: Tensor) throws {
        let s = config.imageSize
        guard pixels.rank == 4, pixels.shape[0] > 0, pixels.shape[1] == 3, pixels.shape[2] == s, pixels.shape[3] == s else {
            throw ModelError.badInput("pixels have shape \(pixels.shape); this ResNet takes [N,3,\(s),\(s)] (preprocess the image for this model)")
        }
    }

    /// The feature map before pooling: `[B,3,S,S]` → `[B, 32·width, S/32, S/32]`.
    public func features(_ pixels: Tensor) -> Tensor {
        var x = pixels
        for conv in stem { x = conv(x, relu: true) }
        x = x.avgPool2d(2)                                   // [B,W,S/2,S/2] -> [B,W,S/4,S/4]
        for stage in stages { for block in stage { x = block(x) } }
        return x
    }

    /// Image embeddings in the shared space, not normalised: `[B,3,S,S]` → `[B, outputDim]`.
    public func callAsFunction(_ pixels: Tensor) -> Tensor {
        attentionPool(features(pixels))
    }

    /// Parameters and batch-norm statistics under OpenAI/open_clip names
    /// (`prefix` is normally `"visual."`).
    public func namedParameters(prefix: String) -> [(String, Tensor)] {
        var out: [(String, Tensor)] = []
        for (i, conv) in stem.enumerated() {
            out += conv.namedParameters(conv: prefix + ResNetKeys.stemConvs[i] + ".", norm: prefix + ResNetKeys.stemNorms[i] + ".")
        }
        for (i, stage) in stages.enumerated() {
            for (j, block) in stage.enumerated() {
                out += block.namedParameters(prefix: prefix + ResNetKeys.stage(i) + ".\(j).")
            }
        }
        return out + attentionPool.namedParameters(prefix: prefix + ResNetKeys.attentionPool + ".")
    }
}

extension ModifiedResNet {
    /// Fills this tower's tensors from an OpenAI/open_clip-named checkpoint.
    ///
    /// Every expected key must be present with the expected shape; `num_batches_tracked`
    /// counters are ignored. Returns the keys it read.
    /// - Throws: `ModelError.missingTensor` / `.shapeMismatch` naming the key.
    @discardableResult
    public func load(from store: any SafeTensorsStore, prefix: String = ResNetKeys.prefix, file: String) throws -> Set<String> {
        var read = Set<String>()
        for (key, tensor) in namedParameters(prefix: prefix) {
            guard let info = store.info(key) else { throw ModelError.missingTensor(key: key, file: file) }
            guard info.shape == tensor.shape else {
                throw ModelError.shapeMismatch(key: key, expected: tensor.shape, got: info.shape, file: file)
            }
            tensor.data = try store.tensor(named: key).data
            read.insert(key)
        }
        return read
    }
}
