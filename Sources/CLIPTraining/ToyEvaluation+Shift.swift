import CLIPData
import CLIPModel

extension ToyEvaluation {
    /// Zero-shot over the colour×shape captions on the same training classes drawn as usual
    /// and drawn with `shift` (see `ToyWorld.shiftSet`): the drop between the two is what the
    /// shift costs. Train with the shift withheld (`ToyWorld.withholding`) to make it unseen.
    ///
    /// Example: `let (usual, shifted) = try ToyEvaluation.shift(pipeline: toy, shift: .count(3))`
    public static func shift(pipeline: CLIPPipeline, world: ToyWorld = ToyWorld(), shift: ToyShift,
                             count: Int = 300, seed: UInt64 = 1000) throws -> (usual: ZeroShot, shifted: ZeroShot) {
        let encoder = ToyEncoder(pipeline: pipeline)
        return (try encoder.zeroShot(world.shiftSet(shift, shifted: false, count: count, seed: seed)),
                try encoder.zeroShot(world.shiftSet(shift, shifted: true, count: count, seed: seed)))
    }
}
