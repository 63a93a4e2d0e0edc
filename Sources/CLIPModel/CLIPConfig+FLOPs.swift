extension CLIPConfig {
    /// FLOPs (2 per multiply-add) of one image through the vision tower and its projection:
    /// the patch embedding, per layer q/k/v/out (4·T·C²), scores and weighted values
    /// (2·T²·C), the MLP (2·T·C·I), all doubled, and the projection.
    ///
    /// Example: `CLIPConfig.vitB32.imageFLOPs` ≈ 8.8e9 (the published 4.4 G multiply-adds).
    public var imageFLOPs: Double {
        let v = visionConfig
        let (c, i, p) = (Double(v.hiddenSize), Double(v.intermediateSize), Double(v.patchSize))
        let patches = Double(v.gridSize * v.gridSize), t = patches + 1
        let layer = 2 * (4 * t * c * c + 2 * t * t * c + 2 * t * c * i)
        let patchEmbedding = 2 * patches * Double(v.numChannels) * p * p * c
        return patchEmbedding + Double(v.numHiddenLayers) * layer + 2 * c * Double(projectionDim)
    }
}
