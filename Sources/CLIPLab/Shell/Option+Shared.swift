import CLIPImage
import CLIPTraining

/// Options several commands share (`--model`, `--data`, …), declared once; `--json` is implied by
/// `Command.json`. Handlers read options by these names (`args.value(.data)`), so a misspelt
/// option does not compile.
extension Option {
    /// Any model for one command, leaving the session's model as it is.
    static let model: Option = .value("model", "DIR", completion: .nameOrPath(ModelResolver.names),
                                      help: "model for this command only: folder, file, hub name or preset (default: the current model)")
    /// The image folder a dataset command reads (`eval`: one sub-folder per class; `search`: any layout).
    static let data: Option = .value("data", "FOLDER", required: true, completion: .files,
                                     help: "image folder (for eval, one sub-folder per class)")
    /// Encode every image again instead of reading the per-model embedding cache.
    static let noCache: Option = .flag("no-cache", help: "encode every image again, ignoring the embedding cache")
    static let batch: Option = .integer("batch", "B", in: 2...ToyTrainingOptions.maxBatch, help: "pairs per step (default 64)")
    static let captions: Option = .value("captions", "LIST", help: "caption styles to train on: plain,size,position,full (default plain)")
    static let counts: Option = .value("counts", "W1,W2,W3", help: "how often pictures hold one, two, three objects (default 0.6,0.2,0.2)")
    /// When image files become RGB: before the resize (`hf`, the default) or after the crop (`openai`).
    static let resizeOrder: Option = .value("resize-order", "ORDER", completion: .choices(CLIPPreprocess.ResizeOrder.allCases.map(\.rawValue)),
                                            help: "hf: RGB, then resize (default); openai: resize in the file's own mode (see help preprocess)")
}
