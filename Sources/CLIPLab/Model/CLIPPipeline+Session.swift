import CLIPModel

/// The session holds a pipeline: model, tokenizer and preprocessing together.
extension CLIPPipeline: LabModel {}
