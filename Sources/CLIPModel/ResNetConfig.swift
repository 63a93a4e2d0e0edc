import Foundation

/// The shape of CLIP's ModifiedResNet image tower (RN50, RN101, RN50x4, …).
///
/// OpenAI released these checkpoints without a config file; like the original
/// `build_model`, `inferred(from:)` reads the architecture off the tensor shapes.
/// Example: `ResNetConfig.rn50` — layers (3, 4, 6, 3), width 64, 224 px, 1024-d output.
public struct ResNetConfig: Codable, Sendable, Equatable {
    /// Bottleneck blocks in each of the four stages.
    public var layers: [Int]
    /// Channels of the stem's output; stage i works at `width·2^i` (×4 after each block).
    public var width: Int
    /// Input side in pixels; the feature map is `imageSize/32` on a side.
    public var imageSize: Int
    /// Width of the attention pool's output projection (the shared embedding size).
    public var outputDim: Int
    /// Channels per attention head in the pool (64 in every released model).
    public var headWidth = 64

    enum CodingKeys: String, CodingKey {
        case layers, width, imageSize = "image_size", outputDim = "output_dim", headWidth = "head_width"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        layers = try c.decode([Int].self, forKey: .layers)
        width = try c.decode(Int.self, forKey: .width)
        imageSize = try c.decode(Int.self, forKey: .imageSize)
        outputDim = try c.decode(Int.self, forKey: .outputDim)
        headWidth = try c.decodeIfPresent(Int.self, forKey: .headWidth) ?? 64
    }

    public init(layers: [Int], width: Int, imageSize: Int, outputDim: Int, headWidth: Int = 64) {
        self.layers = layers
        self.width = width
        self.imageSize = imageSize
        self.outputDim = outputDim
        self.headWidth = headWidth
    }

    /// Channels of the final feature map (stage 4 output), the attention pool's width.
    public var embedDim: Int { width * 32 }
    /// Attention heads in the pool: `width·32 / headWidth` (open_clip's `vision_cfg.head_width`).
    public var heads: Int { embedDim / headWidth }
    /// Side of the final feature map.
    public var gridSize: Int { imageSize / 32 }

    /// Checks sizes the architecture cannot run with.
    public func validate() throws {
        func bad(_ key: String, _ msg: String) -> ModelError { .badConfig(key: "resnet.\(key)", message: msg) }
        guard layers.count == 4, layers.allSatisfy({ $0 > 0 }) else {
            throw bad("layers", "needs four positive block counts, got \(layers)")
        }
        guard width > 0, width % 2 == 0 else { throw bad("width", "must be positive and even, got \(width)") }
        guard imageSize >= 32, imageSize % 32 == 0 else {
            throw bad("image_size", "must be a positive multiple of 32, got \(imageSize)")
        }
        guard outputDim > 0 else { throw bad("output_dim", "must be positive, got \(outputDim)") }
        guard headWidth > 0, embedDim % headWidth == 0 else {
            throw bad("head_width", "\(headWidth) must divide the pool width \(embedDim)")
        }
    }

    /// The architecture of an OpenAI/open_clip-named checkpoint, from its tensor shapes.
    ///
    /// As `build_model` does: blocks per stage are counted from `visual.layerN.M.*` keys,
    /// the width is `visual.layer1.0.conv1.weight`'s output channels, the grid side is
    /// √(rows − 1) of `visual.attnpool.positional_embedding` and the image is 32× that;
    /// heads are `width·32/64` (`OpenAIArchitecture.resNetConfig` applies open_clip's `head_width`).
    /// - Parameter shapes: tensor name → shape for every tensor of the checkpoint.
    public static func inferred(from shapes: [String: [Int]], prefix: String = ResNetKeys.prefix) throws -> ResNetConfig {
        func shape(_ key: String) throws -> [Int] {
            guard let s = shapes[prefix + key] else {
                throw ModelError.badConfig(key: prefix + key, message: "missing from the checkpoint, so its ResNet shape cannot be inferred")
            }
            return s
        }
        var layers: [Int] = []
        for stage in 1...4 {
            let head = prefix + "layer\(stage)."
            let blocks = Set(shapes.keys.filter { $0.hasPrefix(head) }.compactMap {
                $0.dropFirst(head.count).split(separator: ".").first.flatMap { Int($0) }
            })
            layers.append(blocks.count)
        }
        let width = try shape(ResNetKeys.firstBlockConv)[0]
        let positions = try shape(ResNetKeys.poolPositions)[0]
        let side = Int((Double(max(positions - 1, 0))).squareRoot().rounded())
        guard side > 0, side * side + 1 == positions else {
            throw ModelError.badConfig(key: prefix + ResNetKeys.poolPositions,
                                       message: "\(positions) rows is not a square grid plus one (not a CLIP ResNet?)")
        }
        let output = try shape(ResNetKeys.poolOutput)[0]
        let config = ResNetConfig(layers: layers, width: width, imageSize: side * 32, outputDim: output)
        try config.validate()
        return config
    }

    /// Whether a checkpoint's tensor names are those of a ResNet image tower.
    public static func isResNet(names: some Sequence<String>, prefix: String = ResNetKeys.prefix) -> Bool {
        names.contains { $0 == prefix + ResNetKeys.poolPositions }
    }

    /// RN50: 38 M image-tower parameters, 1024-d embeddings.
    public static let rn50 = ResNetConfig(layers: [3, 4, 6, 3], width: 64, imageSize: 224, outputDim: 1024)
    /// RN101.
    public static let rn101 = ResNetConfig(layers: [3, 4, 23, 3], width: 64, imageSize: 224, outputDim: 512)
    /// RN50x4 (4× the compute of RN50 by EfficientNet-style scaling).
    public static let rn50x4 = ResNetConfig(layers: [4, 6, 10, 6], width: 80, imageSize: 288, outputDim: 640)
    /// RN50x16.
    public static let rn50x16 = ResNetConfig(layers: [6, 8, 18, 8], width: 96, imageSize: 384, outputDim: 768)
    /// RN50x64.
    public static let rn50x64 = ResNetConfig(layers: [3, 15, 36, 10], width: 128, imageSize: 448, outputDim: 1024)
}

/// OpenAI/open_clip names of the ResNet tower's tensors — the one place they are spelled.
///
/// A tower's keys: `visual.conv1.weight`, `visual.bn1.{weight,bias,running_mean,running_var}`
/// (stem convs 1–3 and their norms), `visual.layer{1-4}.{block}.conv{1-3}.weight`,
/// `….bn{1-3}.*`, `….downsample.0.weight` (1×1 conv after the average pool),
/// `….downsample.1.*` (its norm), and `visual.attnpool.{positional_embedding,
/// q_proj,k_proj,v_proj,c_proj}.*`. `num_batches_tracked` counters are training
/// bookkeeping and are ignored.
public enum ResNetKeys {
    public static let prefix = "visual."
    public static let stemConvs = ["conv1", "conv2", "conv3"]
    public static let stemNorms = ["bn1", "bn2", "bn3"]
    public static func stage(_ i: Int) -> String { "layer\(i + 1)" }
    public static let blockConvs = ["conv1", "conv2", "conv3"]
    public static let blockNorms = ["bn1", "bn2", "bn3"]
    public static let downsampleConv = "downsample.0"
    public static let downsampleNorm = "downsample.1"
    public static let normWeight = "weight", normBias = "bias"
    public static let normMean = "running_mean", normVariance = "running_var"
    /// Ignored when loading: PyTorch's count of training batches seen by a norm.
    public static let ignoredSuffix = "num_batches_tracked"
    public static let attentionPool = "attnpool"
    public static let poolPositions = "attnpool.positional_embedding"
    public static let poolOutput = "attnpool.c_proj.weight"
    public static let firstBlockConv = "layer1.0.conv1.weight"
    public static let poolQuery = "q_proj", poolKey = "k_proj", poolValue = "v_proj", poolProjection = "c_proj"
}
