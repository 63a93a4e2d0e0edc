/// Resizing in a PIL image's own mode, for preprocessing in the OpenAI order
/// (`Resize` on the PIL image, `convert("RGB")` after the crop). PIL's `Image.resize`
/// treats two kinds of image specially whatever filter is asked for:
///
/// - palette ("P") and 1-bit ("1") images are resized with nearest neighbour — on the palette
///   indices, which is the same as on the colours they stand for. PIL walks the source with a
///   running position in double precision: start at scale/2, add scale = in/out per output
///   pixel, and take the integer part:
///
///       6 → 4 pixels: scale 1.5, positions 0.75, 2.25, 3.75, 5.25 → source 0, 2, 3, 5
///
/// - "RGBA" and "LA" images are resized premultiplied ("RGBa", "La"): each colour byte
///   becomes `c·a/255` with PIL's integer rounding (t = c·a + 128, (t/256 + t)/256), all four
///   channels are resized with the same bicubic filter, and colour is recovered as
///   `min(255, 255·c/a)` (integer division; left as it is where a is 0 or 255).
///   Example: colour 200 at alpha 128 → 100 premultiplied → 199 again; at alpha 0 → 0, so a
///   fully transparent pixel's colour does not bleed into its neighbours.
///
/// When the size does not change PIL copies the image untouched, and so does this.
enum ModeResampler {
    /// The window of `image` resized to `width × height` with nearest neighbour, as PIL
    /// resizes palette and 1-bit images.
    static func nearest(_ image: RGBImage, width: Int, height: Int,
                        window: (x: Int, y: Int, width: Int, height: Int)) -> RGBImage {
        let columns = nearestIndices(inSize: image.width, outSize: width)
        let rows = nearestIndices(inSize: image.height, outSize: height)
        var out = [UInt8](repeating: 0, count: window.width * window.height * 3)
        for y in 0..<window.height {
            let sourceRow = rows[window.y + y]
            guard sourceRow >= 0 && sourceRow < image.height else { continue }   // PIL leaves such pixels black
            for x in 0..<window.width {
                let sourceColumn = columns[window.x + x]
                guard sourceColumn >= 0 && sourceColumn < image.width else { continue }
                let from = (sourceRow * image.width + sourceColumn) * 3, to = (y * window.width + x) * 3
                out[to] = image.pixels[from]
                out[to + 1] = image.pixels[from + 1]
                out[to + 2] = image.pixels[from + 2]
            }
        }
        return RGBImage(width: window.width, height: window.height, pixels: out)
    }

    /// The source index of every output index of an `inSize → outSize` nearest-neighbour
    /// resize (PIL's `ImagingScaleAffine`: a running double-precision position, truncated).
    static func nearestIndices(inSize: Int, outSize: Int) -> [Int] {
        let scale = Double(Float(inSize)) / Double(outSize)   // PIL holds the box in floats
        var position = scale * 0.5
        var indices = [Int](repeating: 0, count: outSize)
        for i in 0..<outSize {
            indices[i] = position < 0 ? -1 : Int(position)
            position += scale
        }
        return indices
    }

    /// The window of `image` (colour) with `alpha` resized to `width × height` premultiplied,
    /// as PIL resizes "RGBA" and "LA" images, with the alpha then dropped.
    static func premultiplied(_ image: RGBImage, alpha: [UInt8], width: Int, height: Int,
                              window: (x: Int, y: Int, width: Int, height: Int)) -> RGBImage {
        precondition(alpha.count == image.pixelCount, "one alpha byte per pixel")
        if width == image.width && height == image.height {
            return image.cropped(x: window.x, y: window.y, width: window.width, height: window.height)
        }
        var rgba = [UInt8](repeating: 0, count: image.pixelCount * 4)
        for i in 0..<image.pixelCount {
            let a = alpha[i]
            for c in 0..<3 { rgba[4 * i + c] = premultiply(image.pixels[3 * i + c], a) }
            rgba[4 * i + 3] = a
        }
        let resized = BicubicResampler.resample(rgba, channels: 4, inputWidth: image.width, inputHeight: image.height,
                                                width: width, height: height, window: window)
        var out = [UInt8](repeating: 0, count: window.width * window.height * 3)
        for i in 0..<(window.width * window.height) {
            let a = resized[4 * i + 3]
            for c in 0..<3 { out[3 * i + c] = unpremultiply(resized[4 * i + c], a) }
        }
        return RGBImage(width: window.width, height: window.height, pixels: out)
    }

    /// `c·a/255` rounded as PIL's `MULDIV255`. Example: (200, 128) → 100.
    @inline(__always) static func premultiply(_ c: UInt8, _ a: UInt8) -> UInt8 {
        let t = UInt32(c) * UInt32(a) + 128
        return UInt8(truncatingIfNeeded: ((t >> 8) + t) >> 8)
    }

    /// `255·c/a` clipped to 255 (integer division), `c` itself where `a` is 0 or 255, as PIL's
    /// "RGBa" → "RGBA" conversion. Example: (100, 128) → 199.
    @inline(__always) static func unpremultiply(_ c: UInt8, _ a: UInt8) -> UInt8 {
        if a == 0 || a == 255 { return c }
        return UInt8(min(255, 255 * UInt32(c) / UInt32(a)))
    }
}
