/// The colours drawings use for their roles (highlight, good/bad, image/text points…).
///
/// ```
/// Theme.default.accent   // #ffc233, the diagonal and the winning bar
/// Theme.default.image    // #ff9e4a, image points in `SpacePlot`
/// ```
public struct Theme: Sendable, Hashable {
    public var accent: RGB
    public var good: RGB
    public var bad: RGB
    public var muted: RGB
    public var bar: RGB
    public var image: RGB
    public var text: RGB
    /// Heatmap cells and raster plots.
    public var scale: ColorScale

    public init(accent: RGB, good: RGB, bad: RGB, muted: RGB, bar: RGB,
                image: RGB, text: RGB, scale: ColorScale) {
        self.accent = accent
        self.good = good
        self.bad = bad
        self.muted = muted
        self.bar = bar
        self.image = image
        self.text = text
        self.scale = scale
    }

    public static let `default` = Theme(
        accent: RGB(255, 194, 51), good: RGB(98, 201, 94), bad: RGB(235, 87, 87),
        muted: RGB(128, 128, 128), bar: RGB(86, 156, 214),
        image: RGB(255, 158, 74), text: RGB(86, 194, 230), scale: .viridis)
}
