import CLIPCore
import Foundation

extension Command {
    static let temperature = Command(
        name: "temperature", group: .model,
        summary: "Show or set the current model's temperature scale e^t",
        help: """
        CLIP multiplies cosines by e^t, a learned scale (the inverse temperature), before
        the softmax: a small scale makes every row's softmax flat, a large one makes it
        pick one caption sharply. Training learns t, clamped at ln 100 as in the paper.
        With a VALUE, sets e^t (0.01…100) on the current model.

        Example: batch scenes
                 temperature 1
                 matrix --probs
        """,
        positionals: [Positional("VALUE", .optional)], json: true
    ) { context, args in
        let model = try context.currentModel()
        if let text = args.positional(0) {
            guard let v = Float(text), v.isFinite, v >= 0.01, v <= 100 else {
                throw LabError.invalidValue(name: "VALUE", value: text, expected: "a number from 0.01 to 100")
            }
            model.clip.logitScale.data[0] = Foundation.log(v)
        }
        let scale = model.clip.temperatureScale
        if args.json { return .json(.object([("scale", .float(scale)), ("log_scale", .float(model.clip.logitScale.item))])) }
        return Output("e^t = \(String(format: "%.2f", scale))  (t = \(String(format: "%.4f", model.clip.logitScale.item)); temperature τ = 1/e^t = \(String(format: "%.4f", 1 / scale)))")
    }
}
