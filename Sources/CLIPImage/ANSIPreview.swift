/// A picture of an image in the terminal.
///
/// With colour, each character cell is an upper half block `▀` whose foreground is the upper
/// pixel and background the lower one (24-bit ANSI colour), so one text row shows two pixel
/// rows and pixels come out square. Without colour, each cell is one character of a
/// greyscale ramp (dark ` .:-=+*#%@` bright) for the mean luminance of the same two pixels.
///
/// Example: `print(ANSIPreview.render(photo, columns: 40, color: true))`
public enum ANSIPreview {
    /// The ramp used without colour, darkest first.
    public static let ramp: [Character] = Array(" .:-=+*#%@")

    /// Text rows for `image` drawn `columns` characters wide (lines joined by "\n", each
    /// coloured line ending with a reset `ESC[0m`).
    public static func render(_ image: RGBImage, columns: Int, color: Bool) -> String {
        guard image.width > 0, image.height > 0, columns > 0 else { return "" }
        let width = columns
        // Keep the aspect ratio with two pixel rows per text row.
        var pixelRows = Int((Double(columns) * Double(image.height) / Double(image.width)).rounded())
        pixelRows = max(2, pixelRows + (pixelRows & 1))
        let small = image.resized(width: width, height: pixelRows)
        var lines: [String] = []
        lines.reserveCapacity(pixelRows / 2)
        for row in stride(from: 0, to: pixelRows, by: 2) {
            var line = ""
            if color {
                var last: (top: (UInt8, UInt8, UInt8), bottom: (UInt8, UInt8, UInt8))?
                for x in 0..<width {
                    let top = small[x, row], bottom = small[x, row + 1]
                    if let last, last.top == top, last.bottom == bottom {
                        line += "▀"
                        continue
                    }
                    line += "\u{1B}[38;2;\(top.red);\(top.green);\(top.blue)m"
                        + "\u{1B}[48;2;\(bottom.red);\(bottom.green);\(bottom.blue)m▀"
                    last = (top, bottom)
                }
                line += "\u{1B}[0m"
            } else {
                for x in 0..<width {
                    let level = (luminance(small[x, row]) + luminance(small[x, row + 1])) / 2
                    let index = min(ramp.count - 1, Int(level / 256 * Double(ramp.count)))
                    line.append(ramp[index])
                }
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// ITU-R 601 luma, as PIL's `convert("L")`: 0.299 R + 0.587 G + 0.114 B.
    static func luminance(_ p: (red: UInt8, green: UInt8, blue: UInt8)) -> Double {
        0.299 * Double(p.red) + 0.587 * Double(p.green) + 0.114 * Double(p.blue)
    }
}
