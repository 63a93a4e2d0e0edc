import CLIPData
import Foundation

/// `train --captions`, `train --counts` and `train --withhold`: the toy world a run trains on.
enum TrainWorldOptions {
    /// A toy world with the caption styles and object counts the options name.
    ///
    /// Example: `--captions plain,position --counts 1,0,0` → captions with and without
    /// "on the left", always one object.
    static func world(_ args: ParsedArgs) throws(LabError) -> ToyWorld {
        var world = ToyWorld()
        if let text = args.value(.captions) {
            var details: [ToyCaptionDetail] = []
            for name in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) {
                guard let detail = ToyCaptionDetail(rawValue: name) else {
                    throw LabError.invalidValue(name: "--captions", value: text,
                                                expected: "a comma list of plain, size, position, full")
                }
                details.append(detail)
            }
            guard !details.isEmpty else {
                throw LabError.invalidValue(name: "--captions", value: text, expected: "a comma list of plain, size, position, full")
            }
            world.captionDetails = details
        }
        if let text = args.value(.counts) {
            let weights = text.split(separator: ",").compactMap { Float($0.trimmingCharacters(in: .whitespaces)) }
            guard weights.count == 3, weights.allSatisfy({ $0 >= 0 && $0.isFinite }), weights.reduce(0, +) > 0 else {
                throw LabError.invalidValue(name: "--counts", value: text,
                                            expected: "three weights for one, two and three objects, e.g. 1,0,0")
            }
            world.countWeights = weights
        }
        if let text = args.value(.withhold) {
            guard let shift = ToyShift(word: text) else {
                throw LabError.invalidValue(name: "--withhold", value: text,
                                            expected: "a count or a close shade: " + ToyShift.words.joined(separator: ", "))
            }
            do { world = try world.withholding(shift) } catch {
                throw LabError.failed("cannot withhold \(shift): nothing of that kind would be left to train on — give --counts weight to another count")
            }
        }
        return world
    }
}

/// The options of this file's commands, read by name (`args.value(.x)`): a misspelt one does not compile.
extension Option {
    static let withhold: Option = .value("withhold", "WHAT", completion: .choices(ToyShift.words),
                                         help: "never draw this in training: two or three objects, small or large shapes, the shade crimson or navy")
}
