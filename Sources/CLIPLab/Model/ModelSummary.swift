import CLIPData
import CLIPModel
import CLIPTraining
import CLIPViz
import Foundation

/// What `model` and `encode` show about a model: its shape flow and parameter counts.
enum ModelSummary {
    /// `151277313` → `151.3M`.
    static func count(_ n: Int) -> String { ValueFormat.compact.string(Double(n)) }

    /// The architecture diagram filled in with the model's real shapes and counts.
    static func diagram(_ model: CLIPPipeline) -> BoxDiagram {
        let c = model.clip.config, v = c.visionConfig, t = c.textConfig
        let counts = model.clip.parameterCounts
        let isViT = model.clip.vision != nil
        let image = BoxDiagram.Tower(
            title: isViT ? "image encoder: ViT \(v.patchSize)×\(v.patchSize) patches" : "image encoder: ModifiedResNet",
            lines: isViT ? ["\(v.gridSize * v.gridSize) patches + CLS → [\(v.numPositions),\(v.hiddenSize)]",
                            "\(v.numHiddenLayers) layers · width \(v.hiddenSize) · \(v.numAttentionHeads) heads · \(v.hiddenAct)"]
                : ["conv stem · 4 bottleneck stages", "attention pooling"],
            input: "image [1,\(v.numChannels),\(v.imageSize),\(v.imageSize)]", output: "image vector [\(c.projectionDim)]",
            parameters: counts.image)
        let text = BoxDiagram.Tower(
            title: "text encoder: causal transformer",
            lines: ["vocab \(t.vocabSize) · context \(t.maxPositionEmbeddings)",
                    "\(t.numHiddenLayers) layers · width \(t.hiddenSize) · \(t.numAttentionHeads) heads · \(t.hiddenAct)"],
            input: "text [1,≤\(t.maxPositionEmbeddings)] ids", output: "text vector [\(c.projectionDim)]",
            parameters: counts.text)
        let scale = model.clip.temperatureScale
        return BoxDiagram(image: image, text: text,
                          join: ["L2-normalise both · cosine S = Î·Tᵀ",
                                 "logits = S × e^t = S × \(String(format: "%.2f", scale))"],
                          title: "\(model.displayName) — \(count(counts.total)) parameters (\(model.origin))")
    }

    /// The stages an image goes through, with shapes.
    static func imageFlow(_ model: CLIPPipeline, batch: Int = 1) -> ShapeFlow {
        let c = model.clip.config, v = c.visionConfig
        guard model.clip.vision != nil else {
            return ShapeFlow([.init("pixels", shape: [batch, 3, v.imageSize, v.imageSize]),
                              .init("ResNet + attention pool", shape: [batch, c.projectionDim])])
        }
        let n = v.gridSize * v.gridSize, p = v.patchSize * v.patchSize * v.numChannels
        return ShapeFlow([
            .init("pixels", shape: [batch, v.numChannels, v.imageSize, v.imageSize]),
            .init("\(n) patches", shape: [batch, n, p]),
            .init("embed", shape: [batch, n, v.hiddenSize]),
            .init("+CLS +pos", shape: [batch, n + 1, v.hiddenSize]),
            .init("\(v.numHiddenLayers) layers", shape: [batch, n + 1, v.hiddenSize]),
            .init("CLS", shape: [batch, v.hiddenSize]),
            .init("project", shape: [batch, c.projectionDim]),
        ])
    }

    /// The stages an image went through, with the shapes the model computed (`CLIP.traceImage`).
    static func imageFlow(_ model: CLIPPipeline, traced t: CLIPTrace.Tower) -> ShapeFlow {
        let v = model.clip.config.visionConfig
        guard let patches = t.patches, let embedded = t.embeddings else {
            return ShapeFlow([.init("pixels", shape: [t.pooled.shape[0], 3, v.imageSize, v.imageSize]),
                              .init("ResNet + attention pool", shape: t.projected.shape)])
        }
        let (b, n, width) = (patches.shape[0], patches.shape[1], embedded.shape[2])
        return ShapeFlow([
            .init("pixels", shape: [b, v.numChannels, v.imageSize, v.imageSize]),
            .init("\(n) patches", shape: patches.shape),
            .init("embed", shape: [b, n, width]),
            .init("+CLS +pos", shape: embedded.shape),
            .init("\(v.numHiddenLayers) layers", shape: embedded.shape),
            .init("CLS", shape: t.pooled.shape),
            .init("project", shape: t.projected.shape),
        ])
    }

    /// The stages a text went through, with the shapes the model computed (`CLIP.traceText`).
    static func textFlow(_ model: CLIPPipeline, traced t: CLIPTrace.Tower, tokens: Int) -> ShapeFlow {
        let layers = model.clip.config.textConfig.numHiddenLayers
        let embedded = t.embeddings?.shape ?? []
        return ShapeFlow([
            .init("ids", shape: [t.pooled.shape[0], tokens]),
            .init("tok+pos emb", shape: embedded),
            .init("\(layers) causal layers", shape: embedded),
            .init("EOT state", shape: t.pooled.shape),
            .init("project", shape: t.projected.shape),
        ])
    }
}
