import CLIPCore

/// Largest absolute difference between two tensors; infinity when their shapes differ, so a
/// shape mismatch fails any tolerance.
public func maxAbsDifference(_ a: Tensor, _ b: Tensor) -> Float {
    guard a.shape == b.shape else { return .infinity }
    var worst: Float = 0
    for i in 0..<a.count { worst = max(worst, abs(a.data[i] - b.data[i])) }
    return worst
}
