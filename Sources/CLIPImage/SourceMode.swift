/// How a file stored its pixels, as far as resizing in the file's own mode cares.
///
/// Decoding normally gives plain RGB (`opaque`). OpenAI's and open_clip's preprocessing
/// resizes the PIL image *before* converting it to RGB, and PIL resizes some modes its own
/// way: palette ("P") and 1-bit ("1") images always with nearest neighbour, and "RGBA" /
/// "LA" images with their colour premultiplied by alpha. `ImageIO.load(path:keepingMode:)`
/// records which of these a file is, so `CLIPPreprocess` can do the same.
///
/// Example: a palette PNG decoded with `keepingMode: true` has `sourceMode == .palette`;
/// an RGBA PNG has `.alpha(bytes)` with one alpha byte per pixel, rows top to bottom.
public enum SourceMode: Sendable, Equatable {
    /// RGB or grey (PIL "RGB", "L"), or not recorded: resized as it is.
    case opaque
    /// Palette or 1-bit grey (PIL "P", "1"): PIL resizes these with nearest neighbour.
    case palette
    /// RGBA or grey+alpha (PIL "RGBA", "LA"): `width × height` alpha bytes beside the RGB.
    case alpha([UInt8])
}
