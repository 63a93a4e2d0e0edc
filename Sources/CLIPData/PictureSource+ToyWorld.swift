import CLIPImage

extension PictureSource {
    /// The toy world's pictures by name (`toy:red-circle`, `toy:two-green-triangles`,
    /// `toy:cat`), drawn cleanly at the size asked for, so a toy model sees them exactly as in
    /// training and a full-size model sees a larger drawing of the same thing.
    public static let toyWorld = PictureSource(prefix: ToySpec.prefix) { name, size in
        try ToySpec.parse(name).render(width: size, height: size, seed: nil).image.rgbImage
    }
}
