#!/usr/bin/env python3
"""A ResNet CLIP whose attention pool uses 16-wide heads (Tests/Fixtures/resnet-heads/).

open_clip sizes the pool's heads from `vision_cfg.head_width` in open_clip_config.json
(heads = width * 32 / head_width); the OpenAI checkpoints all use 64. Here width 4 gives a
128-wide pool, so 8 heads where 64-wide heads would give 2. The pool's query and key
projections are scaled up so each head's softmax is peaked: with near-uniform attention
every head count gives nearly the same output and a wrong one would go unseen.

Writes (weights rounded to and stored as float16; the reference is computed in float64):
  model.safetensors       OpenAI/open_clip names, image and text towers
  open_clip_config.json   {"model_cfg": …} with vision_cfg.head_width = 16
  expected.json           image embeddings (normalised) for pixels(), attention statistics,
                          and how far the embeddings move with 64-wide heads

The input pixels are a formula, not a file: pixel[b, c, y, x] = 1.5 sin(0.37 x + 0.53 y
+ 1.1 c + 2.3 b), 2 images of 3 x 64 x 64 (the Swift test computes the same).

Run: $PYTHON Tests/Reference/make_resnet_head_fixtures.py
"""
import json
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F
from safetensors.torch import save_file

from open_clip.model import CLIP, CLIPTextCfg, CLIPVisionCfg

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from make_resnet_fixtures import openai_state, perturb  # noqa: E402

OUT = os.path.join(HERE, "..", "Fixtures", "resnet-heads")
SEED = 16
IMAGE, EMBED, HEAD_WIDTH, SHARPEN = 64, 16, 16, 2.0
VISION = {"layers": [1, 1, 1, 1], "width": 4, "image_size": IMAGE, "head_width": HEAD_WIDTH}
TEXT = {"context_length": 8, "vocab_size": 16, "width": 32, "heads": 2, "layers": 1}


def pixels():
    b, c, y, x = np.meshgrid(np.arange(2), np.arange(3), np.arange(IMAGE), np.arange(IMAGE), indexing="ij")
    return torch.from_numpy((1.5 * np.sin(0.37 * x + 0.53 * y + 1.1 * c + 2.3 * b)).astype(np.float32))


def build(head_width):
    vision = CLIPVisionCfg(**{**VISION, "layers": tuple(VISION["layers"]), "head_width": head_width})
    return CLIP(EMBED, vision_cfg=vision, text_cfg=CLIPTextCfg(**TEXT), quick_gelu=True).eval()


def attention_peaks(model, x):
    """Mean over images and heads of each head's largest attention weight, and the entropy."""
    pool = model.visual.attnpool
    captured = {}
    hook = pool.register_forward_hook(lambda m, inp, out: captured.setdefault("x", inp[0]))
    model.encode_image(x)
    hook.remove()
    t = captured["x"].flatten(start_dim=2).permute(2, 0, 1)                   # [HW, B, C]
    t = torch.cat([t.mean(dim=0, keepdim=True), t], dim=0) + pool.positional_embedding[:, None, :]
    q = F.linear(t[:1], pool.q_proj.weight, pool.q_proj.bias)                 # [1, B, C]
    k = F.linear(t, pool.k_proj.weight, pool.k_proj.bias)                     # [T, B, C]
    heads, d = pool.num_heads, t.shape[-1] // pool.num_heads
    q = q.reshape(1, -1, heads, d).permute(1, 2, 0, 3)                        # [B, H, 1, D]
    k = k.reshape(k.shape[0], -1, heads, d).permute(1, 2, 0, 3)               # [B, H, T, D]
    w = (q @ k.transpose(-1, -2) / d ** 0.5).softmax(-1)                      # [B, H, 1, T]
    entropy = -(w * w.clamp_min(1e-30).log()).sum(-1)
    return float(w.max(-1).values.mean()), float(entropy.mean()), w.shape[-1]


def main():
    torch.manual_seed(SEED)
    gen = torch.Generator().manual_seed(SEED)
    os.makedirs(OUT, exist_ok=True)
    model = build(HEAD_WIDTH)
    x = pixels()
    perturb(model, gen, x)
    with torch.no_grad():
        pool = model.visual.attnpool
        pool.q_proj.weight.mul_(SHARPEN)
        pool.k_proj.weight.mul_(SHARPEN)
        for p in list(model.parameters()) + [b for b in model.buffers() if b.is_floating_point()]:
            p.copy_(p.half().float())
    state = openai_state(model)
    save_file(state, os.path.join(OUT, "model.safetensors"))
    with open(os.path.join(OUT, "open_clip_config.json"), "w") as f:
        json.dump({"model_cfg": {"embed_dim": EMBED, "quick_gelu": True, "vision_cfg": VISION, "text_cfg": TEXT}}, f, indent=1)

    with torch.no_grad():
        peak, entropy, tokens = attention_peaks(model, x)
        single = model.encode_image(x, normalize=True)
        reference = model.double()
        embeds = reference.encode_image(x.double(), normalize=True)
        # The same weights pooled with 64-wide heads: what ignoring head_width would give.
        wrong = build(64).double()
        wrong.load_state_dict(reference.state_dict())
        wrong_embeds = wrong.encode_image(x.double(), normalize=True)
    moved = float((embeds - wrong_embeds).abs().max())
    float32_error = float((single.double() - embeds).abs().max())
    expected = {
        "heads": VISION["width"] * 32 // HEAD_WIDTH,
        "image_embeds": embeds.numpy().round(9).tolist(),
        "mean_max_attention": peak, "mean_entropy": entropy, "uniform_entropy": float(np.log(tokens)),
        "max_difference_with_64_wide_heads": moved, "open_clip_float32_error": float32_error,
    }
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
    print(f"heads {expected['heads']}, mean max attention {peak:.3f} over {tokens} tokens, "
          f"entropy {entropy:.3f} (uniform {np.log(tokens):.3f}), 64-wide heads move embeddings by {moved:.3g}, "
          f"open_clip in float32 is {float32_error:.3g} from float64")
    print("file bytes", os.path.getsize(os.path.join(OUT, "model.safetensors")))


if __name__ == "__main__":
    main()
