/// A continuous colour map: a value in [0, 1] becomes a colour by blending between stops.
///
/// ```
/// ColorScale.viridis.color(at: 0)    // #440154 (dark purple)
/// ColorScale.viridis.color(at: 1)    // #fde725 (yellow)
/// ColorScale.diverging.color(at: 0.5) // near white
/// ```
public struct ColorScale: Sendable, Hashable {
    /// Colours placed evenly from 0 to 1.
    public var stops: [RGB]

    public init(stops: [RGB]) {
        precondition(!stops.isEmpty, "a colour scale needs at least one stop")
        self.stops = stops
    }

    /// Perceptually ordered dark-purple → blue → green → yellow (a viridis-like ramp).
    public static let viridis = ColorScale(stops: [
        RGB(68, 1, 84), RGB(65, 68, 135), RGB(42, 120, 142),
        RGB(34, 168, 132), RGB(122, 209, 81), RGB(253, 231, 37),
    ])

    /// Blue → near white → red, for signed values centred on 0.
    public static let diverging = ColorScale(stops: [
        RGB(49, 54, 149), RGB(116, 173, 209), RGB(240, 240, 240),
        RGB(244, 109, 67), RGB(165, 0, 38),
    ])

    /// Dark grey → white.
    public static let greys = ColorScale(stops: [RGB(30, 30, 30), RGB(250, 250, 250)])

    /// The colour at `t` (clamped to [0, 1]; NaN gives the first stop).
    public func color(at t: Double) -> RGB {
        guard stops.count > 1 else { return stops[0] }
        let t = t.isNaN ? 0 : min(max(t, 0), 1)
        let position = t * Double(stops.count - 1)
        let i = min(Int(position), stops.count - 2)
        return RGB.mix(stops[i], stops[i + 1], position - Double(i))
    }
}
