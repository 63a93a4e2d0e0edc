/// What went wrong while describing or configuring the toy world, and how to fix it.
public enum ToyWorldError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A `toy:` spec that cannot be read; `reason` names the problem and the valid words.
    case badSpec(spec: String, reason: String)
    /// A world configuration that cannot make a fair split.
    case badSplit(String)
    /// A picture size outside the supported range.
    case badSize(width: Int, height: Int)
    /// A sampler setting that makes no sense (negative weights, empty lists, …).
    case badSetting(String)

    public var description: String {
        switch self {
        case let .badSpec(spec, reason): return "cannot read toy spec '\(spec)': \(reason)"
        case let .badSplit(why): return "bad toy world split: \(why)"
        case let .badSize(w, h):
            return "toy picture size \(w)×\(h) is out of range: use \(ToyWorld.sizeRange.lowerBound)…\(ToyWorld.sizeRange.upperBound) pixels per side"
        case let .badSetting(why): return "bad toy world setting: \(why)"
        }
    }
}
