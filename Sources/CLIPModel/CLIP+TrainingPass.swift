import CLIPCore

/// One training step's forward pass and its backward, with the two towers side by side.
///
/// The towers share nothing until the similarity matrix, so each runs forward, and later
/// backward, on a thread of its own (`Threads.concurrently`) instead of cutting every small
/// product in two; the text tower, about half the image tower's work, finishes first, and
/// its thread then takes blocks of the image tower's kernels (`ThreadPair`). The graph is cut
/// at the normalised embeddings: the loss is built on detached copies, and `backward()`
/// carries their gradients into each tower. The gradients are those of
/// `model(pixels:ids:).loss().backward()` on one thread, and, since no kernel's result depends
/// on how its blocks are dealt out, the same bits whatever the thread count: a seed trains
/// the same model with `set threads 1` as with 2.
///
/// Example:
/// ```
/// let pass = try model.trainingPass(pixels: images, ids: ids)
/// if pass.loss.item.isFinite { pass.backward(); optimizer.step() }
/// ```
public struct CLIPTrainingPass {
    /// The batch's logits, on the detached embeddings.
    public let output: CLIPOutput
    /// The objective's loss (a scalar).
    public let loss: Tensor
    /// Each tower's normalised embeddings, still attached to its graph.
    let image: Tensor, text: Tensor

    /// Back-propagates the loss into the objective's scale (and bias) and both towers (the towers concurrently).
    public func backward() {
        loss.backward()
        let image = self.image, text = self.text
        let imageGrad = output.imageEmbeds.grad, textGrad = output.textEmbeds.grad
        Threads.concurrently({ if let imageGrad, image.requiresGrad { image.backward(gradient: imageGrad) } },
                             { if let textGrad, text.requiresGrad { text.backward(gradient: textGrad) } })
    }
}

extension CLIP {
    /// The forward pass of a training step, towers concurrently; see `CLIPTrainingPass`.
    /// `captionGroups` as in `CLIPOutput.loss`.
    public func trainingPass(pixels: Tensor, ids: [[Int]], captionGroups: [Int]? = nil) throws -> CLIPTrainingPass {
        var image: Result<Tensor, any Error>?, text: Result<Tensor, any Error>?
        Threads.concurrently({ image = Result { try encodeImage(pixels).l2Normalized() } },
                             { text = Result { try encodeText(ids).l2Normalized() } })
        let (imageEmbeds, textEmbeds) = (try image!.get(), try text!.get())
        let imageLeaf = imageEmbeds.detachedLeaf(), textLeaf = textEmbeds.detachedLeaf()
        let output = objective.output(imageEmbeds: imageLeaf, textEmbeds: textLeaf)   // logits [Bi, Bt]
        return CLIPTrainingPass(output: output, loss: output.loss(captionGroups: captionGroups),
                                image: imageEmbeds, text: textEmbeds)
    }
}
