"""Writes Tests/Fixtures/objective/sigmoid_loss.json: SigLIP's loss and its gradients in PyTorch.

Run from the repository root:  $PYTHON Tests/Reference/make_objective_fixtures.py
Needs torch. The loss is the paper's pseudo-code (Zhai et al., 2023, "Sigmoid Loss for
Language Image Pre-Training", Algorithm 1), written out here in float64:

    logits = dot(zimg, ztxt.T) * exp(t_prime) + b
    labels = 2 * eye(n) - ones(n)            # +1 on the diagonal, -1 elsewhere
    loss   = -sum(log_sigmoid(labels * logits)) / n

Cases: random unit embeddings at the paper's start (t' = ln 10, b = -10); "peaked" ones where
every image is close to its own caption and the scale is large (t' = ln 100), so that |z*logit|
reaches ~110 — with one caption flipped, a true pair is then so wrong that a naive
log(sigmoid(x)) in float32 gives -inf; and one with caption groups (pairs
sharing a caption are labelled +1 with each other). Each case stores the embeddings, t', b,
the loss, and the gradients with respect to the embeddings, t' and b, all as decimal float64
values computed from the float32 inputs.
"""
import json
import math
import os

import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "Fixtures", "objective")


def unit(x):
    return x / x.norm(dim=1, keepdim=True)


def case(name, image, text, t_prime, bias, groups=None):
    n = image.shape[0]
    # The inputs as the Swift side reads them: float32 values.
    image = image.float().double().requires_grad_(True)
    text = text.float().double().requires_grad_(True)
    t = torch.tensor(float(torch.tensor(t_prime, dtype=torch.float32)), dtype=torch.float64, requires_grad=True)
    b = torch.tensor(float(torch.tensor(bias, dtype=torch.float32)), dtype=torch.float64, requires_grad=True)
    logits = image @ text.T * t.exp() + b
    if groups is None:
        labels = 2 * torch.eye(n, dtype=torch.float64) - torch.ones(n, n, dtype=torch.float64)
    else:
        g = torch.tensor(groups)
        labels = 2 * (g[:, None] == g[None, :]).double() - 1
    loss = -torch.nn.functional.logsigmoid(labels * logits).sum() / n
    loss.backward()
    return {
        "name": name, "n": n, "dim": image.shape[1], "groups": groups,
        "image": image.detach().reshape(-1).tolist(), "text": text.detach().reshape(-1).tolist(),
        "logit_scale": t.item(), "logit_bias": b.item(),
        "logits": logits.detach().reshape(-1).tolist(),
        "loss": loss.item(),
        "grad_image": image.grad.reshape(-1).tolist(), "grad_text": text.grad.reshape(-1).tolist(),
        "grad_logit_scale": t.grad.item(), "grad_logit_bias": b.grad.item(),
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    g = torch.Generator().manual_seed(2303)
    cases = []
    n, d = 6, 8
    image, text = unit(torch.randn(n, d, generator=g)), unit(torch.randn(n, d, generator=g))
    cases.append(case("paper start", image, text, math.log(10), -10.0))

    # Peaked: each caption is its image plus a little noise, at the largest scale.
    image = unit(torch.randn(n, d, generator=g))
    text = unit(image + 0.05 * torch.randn(n, d, generator=g))
    cases.append(case("peaked", image, text, math.log(100), -10.0))
    flipped = text.clone()
    flipped[0] = -flipped[0]   # one true pair now scores about -110: log(sigmoid(-110)) underflows in float32
    cases.append(case("peaked, one caption flipped", image, flipped, math.log(100), -10.0))

    image, text = unit(torch.randn(n, d, generator=g)), unit(torch.randn(n, d, generator=g))
    cases.append(case("caption groups", image, text, 1.5, -2.0, groups=[0, 1, 0, 2, 1, 3]))

    with open(os.path.join(OUT, "sigmoid_loss.json"), "w") as f:
        json.dump({"torch": torch.__version__, "cases": cases}, f, indent=1)
        f.write("\n")
    print(f"wrote {len(cases)} cases to {os.path.relpath(OUT)}/sigmoid_loss.json")


if __name__ == "__main__":
    main()
