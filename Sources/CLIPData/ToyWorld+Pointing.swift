import CLIPCore
import Foundation

/// A held-out toy picture with the pixels its object covers, for the pointing game.
public struct ToyPointingPicture: Sendable {
    public let sample: ToySample
    /// `width × height`, row-major: true where the named object is.
    public let mask: [Bool]
}

extension ToyWorld {
    /// `count` pictures of one small shape (seen colour×shape classes) at a random position,
    /// each with its object mask; `seed` picks them (a stream training never draws from).
    /// Small shapes leave most of the picture empty, so pointing at them means something.
    public func pointingSet(count: Int, seed: UInt64) -> [ToyPointingPicture] {
        var random = RNG.stream(seed: seed, purpose: 6)
        let classes = seenClasses
        return (0..<max(0, count)).map { _ in
            let cls = random.pick(classes)
            let objects = ToyObjects(shape: cls.shape, color: cls.color, count: 1, size: .small,
                                     position: random.pick(ToyPosition.allCases))
            let (image, mask) = objects.renderWithMask(width: width, height: height, style: style, random: &random)
            return ToyPointingPicture(sample: ToySample(image: image, caption: objects.caption(), objects: objects), mask: mask)
        }
    }
}
