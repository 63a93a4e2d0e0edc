import CLIPImage
import CLIPModel

extension ParsedArgs {
    /// The `--resize-order` given, nil when absent.
    ///
    /// Example: `--resize-order openai` → `.openAI`; `--resize-order pil` is refused, naming the choices.
    func resizeOrder() throws(LabError) -> CLIPPreprocess.ResizeOrder? {
        guard let text = value(.resizeOrder) else { return nil }
        guard let order = CLIPPreprocess.ResizeOrder(rawValue: text.lowercased()) else {
            throw LabError.invalidValue(name: "--resize-order", value: text,
                                        expected: "hf (convert to RGB, then resize) or openai (resize in the file's own mode, as OpenAI and open_clip)")
        }
        return order
    }

    /// `model` preprocessing in the `--resize-order` given; the session's model is not changed.
    func resizing(_ model: CLIPPipeline) throws(LabError) -> CLIPPipeline {
        guard let order = try resizeOrder() else { return model }
        return model.resizing(order)
    }
}
