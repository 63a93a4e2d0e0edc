import CLIPCore

/// CLIP's image preprocessing, step for step as OpenAI's and open_clip's `_transform`:
/// `Resize(S, BICUBIC)` → `CenterCrop(S)` → `ToTensor()` → `Normalize(mean, std)`.
///
///  1. resize so the shorter side is S (bicubic, antialiased, exactly as PIL); the longer
///     side becomes `Int(S · long / short)` (torchvision truncates);
///  2. crop the central S × S, origin `round((side − S) / 2)` with Python's round-half-even;
///  3. scale bytes to [0, 1] (`x / 255`) and normalise each channel: `(x − mean) / std`.
///
/// `resizeOrder` says when the file becomes RGB. By default (`.huggingFace`, as
/// `CLIPImageProcessor`) it is converted first and the RGB is resized. With `.openAI` the
/// image is resized in its own mode and converted after the crop, as OpenAI's and
/// open_clip's transforms do: PIL then resizes palette images with nearest neighbour and
/// RGBA / grey+alpha premultiplied (see `ModeResampler`). Opaque RGB, grey and JPEG files
/// give the same tensor either way. Not reproduced: PIL resizes a 16-bit grey PNG ("I;16")
/// in 16 bits and clips after; here it is clipped to 8 bits on decoding.
///
/// Example: `let pixels = CLIPPreprocess(size: 224)(photo)   // Tensor [3, 224, 224]`
public struct CLIPPreprocess: Sendable {
    /// OpenAI CLIP's per-channel mean (RGB), used by every released CLIP.
    public static let openAIMean: [Float] = [0.48145466, 0.4578275, 0.40821073]
    /// OpenAI CLIP's per-channel standard deviation (RGB).
    public static let openAIStd: [Float] = [0.26862954, 0.26130258, 0.27577711]

    /// When a file becomes RGB: before the resize (Hugging Face) or after the crop (OpenAI, open_clip).
    public enum ResizeOrder: String, Sendable, CaseIterable {
        /// Convert to RGB, then resize — `CLIPImageProcessor`.
        case huggingFace = "hf"
        /// Resize in the file's own mode, convert to RGB after the crop — OpenAI CLIP, open_clip.
        case openAI = "openai"
    }

    /// Output side S (the model's `image_size`).
    public var size: Int
    public var mean: [Float]
    public var std: [Float]
    public var resizeOrder: ResizeOrder

    public init(size: Int = 224, mean: [Float] = CLIPPreprocess.openAIMean, std: [Float] = CLIPPreprocess.openAIStd,
                resizeOrder: ResizeOrder = .huggingFace) {
        precondition(size > 0, "preprocess size must be positive, got \(size)")
        precondition(mean.count == 3 && std.count == 3, "mean and std need 3 values (R, G, B)")
        self.size = size
        self.mean = mean
        self.std = std
        self.resizeOrder = resizeOrder
    }

    /// Whether files must be decoded with their `sourceMode` for this order.
    public var needsSourceMode: Bool { resizeOrder == .openAI }

    /// Decodes an image file the way this preprocessing needs it (with its mode in the OpenAI order).
    public func decode(path: String, maxPixels: Int = ImageIO.defaultMaxPixels) throws(ImageError) -> RGBImage {
        try ImageIO.load(path: path, maxPixels: maxPixels, keepingMode: needsSourceMode)
    }

    /// The filter step 1 applies to `image`: `bicubic`, or in the OpenAI order
    /// `nearest (palette image)` / `bicubic, premultiplied alpha`.
    public func resampling(for image: RGBImage) -> String {
        guard resizeOrder == .openAI else { return "bicubic" }
        switch image.sourceMode {
        case .opaque: return "bicubic"
        case .palette: return "nearest (palette image)"
        case .alpha: return "bicubic, premultiplied alpha"
        }
    }

    /// Size after step 1 for a `width × height` image: shorter side S, longer `Int(S·long/short)`.
    ///
    /// Example: 640 × 480 at S = 224 → (298, 224).
    public func resizedSize(width: Int, height: Int) -> (width: Int, height: Int) {
        if width <= height {
            return (size, Int(Double(size * height) / Double(width)))
        }
        return (Int(Double(size * width) / Double(height)), size)
    }

    /// Top-left corner of the S × S crop in a `width × height` resized image (torchvision's
    /// `int(round((side − S) / 2))`, half to even). Example: side 149, S = 100 → 24.
    public func cropOrigin(width: Int, height: Int) -> (x: Int, y: Int) {
        func origin(_ side: Int) -> Int {
            let twice = side - size                       // origin = twice / 2, rounded half to even
            let half = twice >> 1
            return twice & 1 == 0 ? half : (half & 1 == 0 ? half : half + 1)
        }
        return (origin(width), origin(height))
    }

    /// The geometry of steps 1–2 for a `width × height` image, for printing in lessons.
    ///
    /// Example: `CLIPPreprocess().plan(width: 640, height: 480).description`
    /// → "640x480 → resize 298x224 (bicubic) → crop 224x224 at (37, 0) → normalise → [3, 224, 224]"
    public func plan(width: Int, height: Int) -> Plan {
        let resized = resizedSize(width: width, height: height)
        let origin = cropOrigin(width: resized.width, height: resized.height)
        return Plan(source: (width, height), resized: resized, cropOrigin: origin, size: size)
    }

    /// What `resizeAndCrop` does to one image size.
    public struct Plan: Sendable, CustomStringConvertible {
        public let source: (width: Int, height: Int)
        public let resized: (width: Int, height: Int)
        public let cropOrigin: (x: Int, y: Int)
        public let size: Int

        public var description: String {
            "\(source.width)x\(source.height) → resize \(resized.width)x\(resized.height) (bicubic) → crop "
                + "\(size)x\(size) at (\(cropOrigin.x), \(cropOrigin.y)) → normalise → [3, \(size), \(size)]"
        }
    }

    /// Steps 1 and 2: the S × S RGB crop the network sees, before scaling (in the OpenAI
    /// order, resized in the image's `sourceMode`).
    public func resizeAndCrop(_ image: RGBImage) -> RGBImage {
        precondition(image.width > 0 && image.height > 0, "cannot preprocess an empty image")
        let resized = resizedSize(width: image.width, height: image.height)
        let origin = cropOrigin(width: resized.width, height: resized.height)
        let window = (x: origin.x, y: origin.y, width: size, height: size)
        switch (resizeOrder, image.sourceMode) {
        case (.openAI, .palette):
            return ModeResampler.nearest(image, width: resized.width, height: resized.height, window: window)
        case let (.openAI, .alpha(alpha)):
            return ModeResampler.premultiplied(image, alpha: alpha, width: resized.width, height: resized.height, window: window)
        default:
            return BicubicResampler.resize(image, width: resized.width, height: resized.height, window: window)
        }
    }

    /// Step 3: bytes → normalised float32 channels, `[H, W, 3]` interleaved → `[3, H, W]`.
    public func normalize(_ image: RGBImage) -> Tensor {
        Tensor(shape: [3, image.height, image.width], data: normalizedValues(image))
    }

    /// The whole pipeline: an image of any size → `Tensor` of shape `[3, S, S]`.
    public func callAsFunction(_ image: RGBImage) -> Tensor {
        normalize(resizeAndCrop(image))
    }

    /// Several images → one `Tensor` of shape `[N, 3, S, S]`.
    public func batch(_ images: [RGBImage]) -> Tensor {
        var data = [Float]()
        data.reserveCapacity(images.count * 3 * size * size)
        for image in images { data += normalizedValues(resizeAndCrop(image)) }
        return Tensor(shape: [images.count, 3, size, size], data: data)
    }

    /// Loads and preprocesses image files: `[N, 3, S, S]` (errors name the file).
    public func load(paths: [String], maxPixels: Int = ImageIO.defaultMaxPixels) throws(ImageError) -> Tensor {
        var images: [RGBImage] = []
        images.reserveCapacity(paths.count)
        for path in paths { images.append(try decode(path: path, maxPixels: maxPixels)) }
        return batch(images)
    }

    func normalizedValues(_ image: RGBImage) -> [Float] {
        let plane = image.width * image.height
        var out = [Float](repeating: 0, count: 3 * plane)
        image.pixels.withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer { target in
                for c in 0..<3 {
                    // Same float32 operations, in the same order, as torch: x.div(255).sub(m).div(s).
                    let m = mean[c], s = std[c]
                    for i in 0..<plane {
                        target[c * plane + i] = (Float(source[3 * i + c]) / 255 - m) / s
                    }
                }
            }
        }
        return out
    }
}
