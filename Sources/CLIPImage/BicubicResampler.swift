import CLIPCore

/// Bicubic resizing that reproduces PIL's `Image.resize(size, Image.BICUBIC)` bit for bit.
///
/// PIL resamples separably — horizontal pass first, then vertical — with the Keys cubic
/// (a = −0.5) whose support is stretched by the downscale factor (antialiasing), so each
/// output pixel averages every input pixel it covers:
///
///     scale = in / out,  s = max(scale, 1),  support = 2·s
///     center(i) = (i + 0.5)·scale,  w(j) = cubic((j − center + 0.5) / s), normalised to sum 1
///
/// The weights become 22-bit fixed-point integers; each pass adds ½, shifts right by 22 and
/// clips to 0...255, so the intermediate image is 8-bit, as in PIL.
/// Only the output rectangle that is asked for is computed (results are identical, because
/// every output pixel depends only on its own weights).
enum BicubicResampler {
    static let precisionBits = 22

    /// Fixed-point weights for the output indices `range` of an `inSize → outSize` resize.
    struct Weights {
        /// First input index per output index (relative to `range.lowerBound`).
        var first: [Int]
        /// Number of input indices used per output index.
        var count: [Int]
        /// `taps` weights per output index.
        var values: [Int32]
        var taps: Int
    }

    static func cubic(_ t: Double) -> Double {
        let a = -0.5
        let x = abs(t)
        if x < 1 { return ((a + 2) * x - (a + 3)) * x * x + 1 }
        if x < 2 { return (((x - 5) * x + 8) * x - 4) * a }
        return 0
    }

    static func weights(inSize: Int, outSize: Int, range: Range<Int>) -> Weights {
        let scale = Double(Float(inSize)) / Double(outSize)
        let filterScale = max(scale, 1)
        let support = 2 * filterScale
        let taps = Int(support.rounded(.up)) * 2 + 1
        var first = [Int](repeating: 0, count: range.count)
        var count = [Int](repeating: 0, count: range.count)
        var values = [Int32](repeating: 0, count: range.count * taps)
        var k = [Double](repeating: 0, count: taps)
        let one = Double(1 << precisionBits)
        for (slot, i) in range.enumerated() {
            let center = (Double(i) + 0.5) * scale
            let inverse = 1 / filterScale
            // C's (int) conversion truncates toward zero.
            let lo = max(Int(center - support + 0.5), 0)
            let hi = min(Int(center + support + 0.5), inSize)
            let n = max(hi - lo, 0)
            var total = 0.0
            for j in 0..<n {
                let w = cubic((Double(j + lo) - center + 0.5) * inverse)
                k[j] = w
                total += w
            }
            for j in 0..<n where total != 0 { k[j] /= total }
            for j in 0..<n {
                let v = k[j] * one
                values[slot * taps + j] = Int32(v < 0 ? (-0.5 + v).rounded(.towardZero) : (0.5 + v).rounded(.towardZero))
            }
            first[slot] = lo
            count[slot] = n
        }
        return Weights(first: first, count: count, values: values, taps: taps)
    }

    @inline(__always) static func clip8(_ v: Int32) -> UInt8 {
        let shifted = v >> Int32(precisionBits)
        return shifted <= 0 ? 0 : shifted >= 255 ? 255 : UInt8(truncatingIfNeeded: shifted)
    }

    /// The rectangle `window` (in output coordinates) of `image` resized to `width × height`.
    /// Without a window this is PIL's `image.resize((width, height), BICUBIC)`; with one it is
    /// that result cropped, computed without the pixels outside the window.
    static func resize(_ image: RGBImage, width: Int, height: Int,
                       window: (x: Int, y: Int, width: Int, height: Int)? = nil) -> RGBImage {
        let win = window ?? (0, 0, width, height)
        let pixels = resample(image.pixels, channels: 3, inputWidth: image.width, inputHeight: image.height,
                              width: width, height: height, window: win)
        return RGBImage(width: win.width, height: win.height, pixels: pixels)
    }

    /// `resize` on interleaved 8-bit pixels with any number of channels (3 for RGB, 4 for
    /// PIL's premultiplied "RGBa"): every channel is filtered alike, as PIL's 8-bit passes do.
    static func resample(_ pixels: [UInt8], channels: Int, inputWidth: Int, inputHeight: Int, width: Int, height: Int,
                         window win: (x: Int, y: Int, width: Int, height: Int)) -> [UInt8] {
        precondition(inputWidth > 0 && inputHeight > 0 && width > 0 && height > 0,
                     "cannot resize \(inputWidth)x\(inputHeight) to \(width)x\(height)")
        precondition(win.x >= 0 && win.y >= 0 && win.width >= 0 && win.height >= 0
                     && win.x + win.width <= width && win.y + win.height <= height, "window outside the output")
        precondition(pixels.count == inputWidth * inputHeight * channels, "pixel count does not match the size")
        let needHorizontal = width != inputWidth
        let needVertical = height != inputHeight

        // Input rows the requested output rows read.
        let vertical = needVertical
            ? weights(inSize: inputHeight, outSize: height, range: win.y..<(win.y + win.height)) : nil
        var rowLo = win.y, rowHi = win.y + win.height
        if let vertical, win.height > 0 {
            rowLo = vertical.first.min() ?? 0
            rowHi = zip(vertical.first, vertical.count).map { $0 + $1 }.max() ?? 0
        }

        // Horizontal pass over those rows: [rowHi - rowLo, win.width, channels] in 8 bits.
        let rowBytes = win.width * channels
        var temp = [UInt8](repeating: 0, count: (rowHi - rowLo) * rowBytes)
        pixels.withUnsafeBufferPointer { source in
            temp.withUnsafeMutableBufferPointer { target in
                if needHorizontal {
                    horizontalPass(source, into: target, channels: channels, inputWidth: inputWidth, rows: rowLo..<rowHi,
                                   weights: weights(inSize: inputWidth, outSize: width,
                                                    range: win.x..<(win.x + win.width)))
                } else {
                    for row in rowLo..<rowHi {
                        let from = (row * inputWidth + win.x) * channels
                        let to = (row - rowLo) * rowBytes
                        for i in 0..<rowBytes { target[to + i] = source[from + i] }
                    }
                }
            }
        }
        guard let vertical else { return temp }

        // Vertical pass: each output row is a weighted sum of whole temp rows.
        var out = [UInt8](repeating: 0, count: win.height * rowBytes)
        temp.withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer { target in
                verticalPass(source, into: target, rowBytes: rowBytes, rowOffset: rowLo, weights: vertical)
            }
        }
        return out
    }
}

extension BicubicResampler {
    /// Each output pixel of each row is a weighted sum of neighbouring input pixels of the
    /// same row, rounded and clipped to 8 bits (PIL's `ImagingResampleHorizontal_8bpc`).
    static func horizontalPass(_ source: UnsafeBufferPointer<UInt8>, into target: UnsafeMutableBufferPointer<UInt8>,
                               channels: Int, inputWidth: Int, rows: Range<Int>, weights h: Weights) {
        let outWidth = h.first.count
        guard outWidth > 0, !rows.isEmpty else { return }
        guard channels == 3 else {
            return horizontalPass(source, into: target, channels: channels, inputWidth: inputWidth, rows: rows, anyChannels: h)
        }
        Threads.parallelFor(rows.count, costPerItem: outWidth * 3 * h.taps) { chunk in
            h.values.withUnsafeBufferPointer { w in
                h.first.withUnsafeBufferPointer { first in
                    h.count.withUnsafeBufferPointer { count in
                        for row in (rows.lowerBound + chunk.lowerBound)..<(rows.lowerBound + chunk.upperBound) {
                            let inRow = row * inputWidth * 3
                            let outRow = (row - rows.lowerBound) * outWidth * 3
                            for x in 0..<outWidth {
                                var r: Int32 = 1 << 21, g: Int32 = 1 << 21, b: Int32 = 1 << 21
                                let base = inRow + first[x] * 3
                                let k = x * h.taps
                                for j in 0..<count[x] {
                                    let weight = w[k + j]
                                    r &+= Int32(source[base + 3 * j]) &* weight
                                    g &+= Int32(source[base + 3 * j + 1]) &* weight
                                    b &+= Int32(source[base + 3 * j + 2]) &* weight
                                }
                                target[outRow + 3 * x] = clip8(r)
                                target[outRow + 3 * x + 1] = clip8(g)
                                target[outRow + 3 * x + 2] = clip8(b)
                            }
                        }
                    }
                }
            }
        }
    }

    /// `horizontalPass` for any channel count, one channel at a time (the same sums in the same
    /// order, so the same bytes; RGB keeps its faster three-accumulator loop).
    static func horizontalPass(_ source: UnsafeBufferPointer<UInt8>, into target: UnsafeMutableBufferPointer<UInt8>,
                               channels: Int, inputWidth: Int, rows: Range<Int>, anyChannels h: Weights) {
        let outWidth = h.first.count
        for row in rows {
            let inRow = row * inputWidth * channels
            let outRow = (row - rows.lowerBound) * outWidth * channels
            for x in 0..<outWidth {
                let base = inRow + h.first[x] * channels
                for c in 0..<channels {
                    var sum: Int32 = 1 << 21
                    for j in 0..<h.count[x] { sum &+= Int32(source[base + channels * j + c]) &* h.values[x * h.taps + j] }
                    target[outRow + channels * x + c] = clip8(sum)
                }
            }
        }
    }

    /// Each output row is a weighted sum of whole rows of `source` (`rowBytes` wide, its first
    /// row being input row `rowOffset`).
    static func verticalPass(_ source: UnsafeBufferPointer<UInt8>, into target: UnsafeMutableBufferPointer<UInt8>,
                             rowBytes: Int, rowOffset: Int, weights v: Weights) {
        let outHeight = v.first.count
        Threads.parallelFor(outHeight, costPerItem: rowBytes * v.taps) { chunk in
            var acc = [Int32](repeating: 0, count: rowBytes)
            acc.withUnsafeMutableBufferPointer { acc in
                v.values.withUnsafeBufferPointer { w in
                    for y in chunk {
                        for i in 0..<rowBytes { acc[i] = 1 << 21 }
                        for j in 0..<v.count[y] {
                            let weight = w[y * v.taps + j]
                            let from = (v.first[y] + j - rowOffset) * rowBytes
                            for i in 0..<rowBytes { acc[i] &+= Int32(source[from + i]) &* weight }
                        }
                        let to = y * rowBytes
                        for i in 0..<rowBytes { target[to + i] = clip8(acc[i]) }
                    }
                }
            }
        }
    }
}

extension RGBImage {
    /// This image resized to `width × height` with bicubic filtering, antialiased when
    /// shrinking — identical to PIL's `Image.resize((width, height), Image.BICUBIC)`.
    ///
    /// Example: `photo.resized(width: 336, height: 224)`.
    public func resized(width: Int, height: Int) -> RGBImage {
        if width == self.width && height == self.height { return self }
        return BicubicResampler.resize(self, width: width, height: height)
    }
}
