import CLIPData
import Foundation

/// `train --captions` and `train --counts`: the toy world a run trains on.
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
        return world
    }
}
