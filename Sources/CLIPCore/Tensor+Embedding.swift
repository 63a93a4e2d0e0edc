import Foundation

extension Tensor {
    /// Embedding lookup: rows of `self` (`[V, C]`) for each id → `[ids.count, C]`, or the
    /// shape `idShape + [C]` when given.
    ///
    /// The gradient scatter-adds into the rows that were used (a repeated id sums).
    /// Example: table `[[0,0],[1,1],[2,2]]`, ids `[2,0]` → `[[2,2],[0,0]]`.
    public func gather(_ ids: [Int], shape idShape: [Int]? = nil) -> Tensor {
        precondition(rank == 2, "gather needs a [V, C] table, got \(shape)")
        let (v, c) = (shape[0], shape[1])
        precondition(ids.allSatisfy { $0 >= 0 && $0 < v }, "gather: id out of range 0..<\(v)")
        let outShape = (idShape ?? [ids.count]) + [c]
        precondition(outShape.product == ids.count * c, "gather: id shape \(idShape ?? []) vs \(ids.count) ids")
        let out = Tensor.make(outShape) { o in read { w in
            for (r, id) in ids.enumerated() { for j in 0..<c { o[r * c + j] = w[id * c + j] } }
        } }
        return out.recorded(from: [self]) { out in
            out.readGrad { g in self.accumulateGrad { gw in
                for (r, id) in ids.enumerated() { for j in 0..<c { gw[id * c + j] += g[r * c + j] } }
            } }
        }
    }
}
