import Foundation

// Inference-only image ops for the ResNet image tower. None of these records an autodiff
// graph: their results carry no backward step, so gradients do not flow through them
// (use them under `GradMode.noGrad` or on frozen weights).

extension Tensor {
    /// 2-D convolution (cross-correlation, as PyTorch's `Conv2d`), inference only — it
    /// records no autodiff graph.
    ///
    /// Each image is unfolded into columns (im2col) and multiplied by the flattened
    /// kernel in one BLAS product; a 1×1 stride-1 unpadded convolution skips the unfold
    /// because the image already is its own column matrix.
    /// - Parameters:
    ///   - self: `[N, Cin, H, W]`.
    ///   - weight: `[Cout, Cin, kh, kw]`, as checkpoints store it.
    ///   - bias: optional `[Cout]`.
    ///   - stride, padding: the same in both directions; padding is zeros.
    /// - Returns: `[N, Cout, Ho, Wo]` with `Ho = (H + 2·padding − kh) / stride + 1`.
    ///
    /// Example: `x.conv2d(weight: w, stride: 2, padding: 1)` is `F.conv2d(x, w, stride=2, padding=1)`.
    public func conv2d(weight: Tensor, bias: Tensor? = nil, stride: Int = 1, padding: Int = 0) -> Tensor {
        precondition(rank == 4 && weight.rank == 4 && weight.shape[1] == shape[1],
                     "conv2d: input \(shape) does not match weight \(weight.shape)")
        precondition(stride > 0 && padding >= 0, "conv2d: stride must be positive and padding non-negative")
        let (n, cin, h, w) = (shape[0], shape[1], shape[2], shape[3])
        let (cout, kh, kw) = (weight.shape[0], weight.shape[2], weight.shape[3])
        let ho = (h + 2 * padding - kh) / stride + 1, wo = (w + 2 * padding - kw) / stride + 1
        precondition(ho > 0 && wo > 0, "conv2d: kernel \(kh)×\(kw) is larger than the padded input \(h)×\(w)")
        if let bias { precondition(bias.shape == [cout], "conv2d: bias \(bias.shape) should be [\(cout)]") }
        let k = cin * kh * kw, pixels = ho * wo
        let direct = kh == 1 && kw == 1 && stride == 1 && padding == 0
        var columns = direct ? [] : [Float](repeating: 0, count: k * pixels)
        return Tensor.make([n, cout, ho, wo]) { o in
            read { x in weight.read { wt in
                for img in 0..<n {
                    let src = x.baseAddress! + img * cin * h * w
                    let dst = o.baseAddress! + img * cout * pixels
                    if direct {   // [Cout, Cin]·[Cin, H·W]
                        gemm(false, false, m: cout, n: pixels, k: k, wt.baseAddress!, src, beta: 0, dst)
                    } else {      // [Cout, Cin·kh·kw]·[Cin·kh·kw, Ho·Wo]
                        columns.withUnsafeMutableBufferPointer { col in
                            im2col(src, channels: cin, height: h, width: w, kernel: (kh, kw), stride: stride,
                                   padding: padding, output: (ho, wo), into: col.baseAddress!)
                            gemm(false, false, m: cout, n: pixels, k: k, wt.baseAddress!, col.baseAddress!, beta: 0, dst)
                        }
                    }
                }
            } }
            if let bias {
                bias.read { b in
                    for plane in 0..<(n * cout) {
                        let v = b[plane % cout], base = plane * pixels
                        for i in 0..<pixels { o[base + i] += v }
                    }
                }
            }
        }
    }

    /// Average pooling with a `k`×`k` window and stride `k` (PyTorch's `AvgPool2d(k)`),
    /// inference only. Rows and columns that do not fill a window are dropped.
    /// - Parameter self: `[N, C, H, W]`. - Returns: `[N, C, H/k, W/k]`.
    ///
    /// Example: `[[1,2],[3,4]]` pooled with k = 2 → `[[2.5]]`.
    public func avgPool2d(_ k: Int) -> Tensor {
        precondition(rank == 4 && k > 0, "avgPool2d needs [N,C,H,W] and a positive window, got \(shape), \(k)")
        let (planes, h, w) = (shape[0] * shape[1], shape[2], shape[3])
        let (ho, wo) = (h / k, w / k)
        precondition(ho > 0 && wo > 0, "avgPool2d: window \(k) is larger than the \(h)×\(w) input")
        if k == 1 { return detached() }
        let scale = 1 / Float(k * k)
        return Tensor.make([shape[0], shape[1], ho, wo]) { o in
            read { x in
                Threads.parallelFor(planes, costPerItem: h * w) { range in
                    for p in range {
                        let src = x.baseAddress! + p * h * w, dst = o.baseAddress! + p * ho * wo
                        for oy in 0..<ho {
                            for ox in 0..<wo {
                                var s: Float = 0
                                for dy in 0..<k {
                                    let row = src + (oy * k + dy) * w + ox * k
                                    for dx in 0..<k { s += row[dx] }
                                }
                                dst[oy * wo + ox] = s * scale
                            }
                        }
                    }
                }
            }
        }
    }

    /// Batch normalisation with stored statistics (evaluation mode), optionally followed
    /// by ReLU; inference only.
    ///
    /// `y = (x − mean[c]) / √(var[c] + eps) · weight[c] + bias[c]` on channel axis 1.
    /// - Parameters:
    ///   - self: `[N, C, H, W]` (or any `[N, C, …]`).
    ///   - mean, variance, weight, bias: `[C]` (`running_mean`, `running_var`, `weight`, `bias`).
    ///   - relu: apply `max(0, y)` in the same pass.
    /// - Returns: the same shape as `self`.
    public func batchNorm(mean: Tensor, variance: Tensor, weight: Tensor, bias: Tensor, eps: Float = 1e-5,
                          relu: Bool = false) -> Tensor {
        precondition(rank >= 2, "batchNorm needs [N, C, …], got \(shape)")
        let c = shape[1], inner = shape.dropFirst(2).product
        for t in [mean, variance, weight, bias] {
            precondition(t.count == c, "batchNorm: statistics of \(t.count) channels for input \(shape)")
        }
        // Fold into one multiply-add per element: y = x·a[c] + b[c].
        var a = [Float](repeating: 0, count: c), b = [Float](repeating: 0, count: c)
        for i in 0..<c {
            a[i] = weight.data[i] / (variance.data[i] + eps).squareRoot()
            b[i] = bias.data[i] - mean.data[i] * a[i]
        }
        let planes = shape[0] * c
        return Tensor.make(shape) { o in
            read { x in
                Threads.parallelFor(planes, costPerItem: inner) { range in
                    for p in range {
                        let (s, t) = (a[p % c], b[p % c]), base = p * inner
                        if relu {
                            for i in base..<(base + inner) { o[i] = max(0, x[i] * s + t) }
                        } else {
                            for i in base..<(base + inner) { o[i] = x[i] * s + t }
                        }
                    }
                }
            }
        }
    }
}

/// Unfolds one image `[C, H, W]` into columns `[C·kh·kw, Ho·Wo]`: row `(c, ky, kx)` holds
/// the input value each output pixel sees at that kernel tap (0 in the padding).
private func im2col(_ x: UnsafePointer<Float>, channels: Int, height h: Int, width w: Int, kernel: (Int, Int),
                    stride: Int, padding: Int, output: (Int, Int), into col: UnsafeMutablePointer<Float>) {
    let (kh, kw) = kernel, (ho, wo) = output
    nonisolated(unsafe) let (src, dst) = (x, col)
    Threads.parallelFor(channels, costPerItem: kh * kw * ho * wo) { range in
        for c in range {
            for ky in 0..<kh {
                for kx in 0..<kw {
                    let row = dst + ((c * kh + ky) * kw + kx) * ho * wo
                    for oy in 0..<ho {
                        let iy = oy * stride - padding + ky
                        let out = row + oy * wo
                        guard iy >= 0 && iy < h else {
                            out.update(repeating: 0, count: wo)
                            continue
                        }
                        let line = src + (c * h + iy) * w
                        for ox in 0..<wo {
                            let ix = ox * stride - padding + kx
                            out[ox] = ix >= 0 && ix < w ? line[ix] : 0
                        }
                    }
                }
            }
        }
    }
}
