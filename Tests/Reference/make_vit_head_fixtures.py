#!/usr/bin/env python3
"""A tiny ViT CLIP whose attention is sharply peaked, so a wrong head count shows
(Tests/Fixtures/vit-heads/).

With the near-uniform attention of freshly initialised weights, every head count gives
nearly the same output and a loader that ignored `num_attention_heads` (or open_clip's
`head_width`) would pass a parity test. Here the query and key projections are scaled up
until each query puts most of its weight on one key; the script asserts the mean of the
rows' largest attention weights is above 0.8 in both towers and records it.

Writes
  hf/config.json, hf/model.safetensors    transformers `CLIPModel.save_pretrained`, float16:
        vision width 64, 2 layers, 4 heads (16 wide), text width 48, 2 layers, 6 heads
        (8 wide), hidden_act "gelu", layer_norm_eps 1e-6, intermediate sizes that are not
        4x the width, projection_dim 24, image 32 in 8-pixel patches, eos_token_id 5
        (first-EOS pooling at a token that is not the largest id);
  openclip/open_clip_model.safetensors, openclip/open_clip_config.json
        an open_clip ViT with head_width 16 (not 64) and mlp_ratio 2.5 (not 4), float16, beside
        a smaller text tower (width 32, 1 layer);
  expected.json
        embeddings from transformers' CLIPModel and from open_clip (computed in float64
        from the stored float16 weights), the attention statistics, and how far the
        embeddings move when the same weights run with another head count.

The inputs are formulas, not files: pixel[b, c, y, x] = 1.5 sin(0.37 x + 0.53 y + 1.1 c
+ 2.3 b) for 2 images of 3 x 32 x 32, and the token ids listed in expected.json.

Run: $PYTHON Tests/Reference/make_vit_head_fixtures.py
"""
import json
import os

import numpy as np
import torch
from safetensors.torch import save_file
from transformers import CLIPConfig, CLIPModel

from open_clip.model import CLIP as OpenCLIP, CLIPTextCfg, CLIPVisionCfg

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Fixtures", "vit-heads")
SEED = 23
IMAGE, PATCH = 32, 8
IDS = [[60, 7, 33, 5, 40, 0, 0, 0], [12, 63, 5, 9, 5, 0, 0, 0]]   # pooled at the first 5: positions 3 and 2
SHARPEN = 14.0

HF = dict(
    text_config=dict(vocab_size=64, hidden_size=48, intermediate_size=80, num_hidden_layers=2,
                     num_attention_heads=6, max_position_embeddings=8, hidden_act="gelu",
                     layer_norm_eps=1e-6, eos_token_id=5, bos_token_id=4, pad_token_id=0),
    vision_config=dict(hidden_size=64, intermediate_size=96, num_hidden_layers=2, num_attention_heads=4,
                       image_size=IMAGE, patch_size=PATCH, hidden_act="gelu", layer_norm_eps=1e-6),
    projection_dim=24, logit_scale_init_value=3.1,
)
OPEN_CLIP = {"embed_dim": 24, "quick_gelu": True,
             "vision_cfg": {"layers": 2, "width": 64, "head_width": 16, "mlp_ratio": 2.5,
                            "patch_size": PATCH, "image_size": IMAGE},
             "text_cfg": {"context_length": 8, "vocab_size": 64, "width": 32, "heads": 4, "layers": 1}}


def pixels():
    b, c, y, x = np.meshgrid(np.arange(2), np.arange(3), np.arange(IMAGE), np.arange(IMAGE), indexing="ij")
    return torch.from_numpy((1.5 * np.sin(0.37 * x + 0.53 * y + 1.1 * c + 2.3 * b)).astype(np.float32))


def perturb_and_round(model, gen, sharpen):
    """Moves biases and LayerNorms off 0/1, scales up every query and key projection, and
    rounds every weight to float16 (the stored precision)."""
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith("bias") or "norm" in name or "layrnorm" in name or name.startswith("ln_"):
                p.add_(0.1 * torch.randn(p.shape, generator=gen))
            if any(key in name for key in sharpen):
                p.mul_(SHARPEN)
        for p in model.parameters():
            p.copy_(p.half().float())


def features(model, x, ids):
    """Projected (unnormalised) image and text embeddings."""
    return (model.get_image_features(pixel_values=x).pooler_output,
            model.get_text_features(input_ids=ids).pooler_output)


def hf_attention_peaks(model, x, ids):
    out = model(input_ids=ids, pixel_values=x, output_attentions=True)
    def peak(attentions):
        return float(torch.stack([a.max(-1).values.mean() for a in attentions]).mean())
    return peak(out.vision_model_output.attentions), peak(out.text_model_output.attentions)


def hf_fixture(expected, x, ids):
    torch.manual_seed(SEED)
    gen = torch.Generator().manual_seed(SEED)
    model = CLIPModel(CLIPConfig(**HF)).eval()
    model.set_attn_implementation("eager")
    perturb_and_round(model, gen, ["q_proj.weight", "k_proj.weight"])
    with torch.no_grad():
        model.logit_scale.fill_(2.75)                     # the stored value, not logit_scale_init_value
        vision_peak, text_peak = hf_attention_peaks(model, x, ids)
        single_i, single_t = features(model, x, ids)
    model.half().save_pretrained(os.path.join(OUT, "hf"), safe_serialization=True)
    reference = model.double()
    with torch.no_grad():
        image, text = features(reference, x.double(), ids)
        # The same weights with other head counts: what a loader that ignored the config would compute.
        wrong_config = CLIPConfig(**{**HF, "vision_config": {**HF["vision_config"], "num_attention_heads": 1},
                                     "text_config": {**HF["text_config"], "num_attention_heads": 3}})
        wrong = CLIPModel(wrong_config).double().eval()
        wrong.load_state_dict(reference.state_dict())
        wrong_image, wrong_text = features(wrong, x.double(), ids)
    norm = lambda t: t / t.norm(dim=-1, keepdim=True)
    expected["hf"] = {
        "image_embeds": norm(image).numpy().round(9).tolist(),
        "text_embeds": norm(text).numpy().round(9).tolist(),
        "logit_scale": float(reference.logit_scale.detach()),
        "vision_mean_max_attention": vision_peak, "text_mean_max_attention": text_peak,
        "wrong_heads": {"vision": 1, "text": 3},
        "image_difference_with_wrong_heads": float((norm(image) - norm(wrong_image)).abs().max()),
        "text_difference_with_wrong_heads": float((norm(text) - norm(wrong_text)).abs().max()),
        "float32_error": max(float((norm(single_i).double() - norm(image)).abs().max()),
                             float((norm(single_t).double() - norm(text)).abs().max())),
    }
    assert vision_peak > 0.8 and text_peak > 0.8, (vision_peak, text_peak)


def open_clip_attention_peak(model, x):
    """Mean over layers, heads and queries of each query's largest attention weight."""
    peaks = []
    def hook(module, inputs, output):
        q = inputs[0]                                            # [B, T, C] (batch first)
        weights = torch.nn.functional.linear(q, module.in_proj_weight, module.in_proj_bias)
        c = q.shape[-1]
        heads = module.num_heads
        qh, kh = weights[..., :c], weights[..., c:2 * c]
        qh = qh.reshape(q.shape[0], q.shape[1], heads, -1).transpose(1, 2)   # [B, H, T, D]
        kh = kh.reshape(q.shape[0], q.shape[1], heads, -1).transpose(1, 2)
        w = (qh @ kh.transpose(-1, -2) / qh.shape[-1] ** 0.5).softmax(-1)
        peaks.append(w.max(-1).values.mean())
    handles = [block.attn.register_forward_hook(hook) for block in model.visual.transformer.resblocks]
    model.encode_image(x)
    for h in handles:
        h.remove()
    return float(torch.stack(peaks).mean())


def build_open_clip(config):
    return OpenCLIP(config["embed_dim"], vision_cfg=CLIPVisionCfg(**config["vision_cfg"]),
                    text_cfg=CLIPTextCfg(**config["text_cfg"]), quick_gelu=config["quick_gelu"]).eval()


def open_clip_fixture(expected, x):
    torch.manual_seed(SEED + 1)
    gen = torch.Generator().manual_seed(SEED + 1)
    model = build_open_clip(OPEN_CLIP)
    assert model.visual.transformer.resblocks[0].attn.num_heads == 4
    perturb_and_round(model, gen, [])
    with torch.no_grad():
        for block in model.visual.transformer.resblocks:   # rows 0..2C of in_proj are the query and key
            c = block.attn.embed_dim
            block.attn.in_proj_weight[:2 * c].mul_(SHARPEN)
            block.attn.in_proj_weight.copy_(block.attn.in_proj_weight.half().float())
        peak = open_clip_attention_peak(model, x)
    state = {k: v.detach().half().contiguous() for k, v in model.state_dict().items()}
    os.makedirs(os.path.join(OUT, "openclip"), exist_ok=True)
    save_file(state, os.path.join(OUT, "openclip", "open_clip_model.safetensors"))
    with open(os.path.join(OUT, "openclip", "open_clip_config.json"), "w") as f:
        json.dump({"model_cfg": OPEN_CLIP}, f, indent=1)
        f.write("\n")
    reference = model.double()
    with torch.no_grad():
        image = reference.encode_image(x.double(), normalize=True)
        wrong = build_open_clip({**OPEN_CLIP, "vision_cfg": {**OPEN_CLIP["vision_cfg"], "head_width": 64}}).double()
        wrong.load_state_dict(reference.state_dict())
        wrong_image = wrong.encode_image(x.double(), normalize=True)
    expected["open_clip"] = {
        "image_embeds": image.numpy().round(9).tolist(),
        "vision_mean_max_attention": peak,
        "image_difference_with_64_wide_heads": float((image - wrong_image).abs().max()),
    }
    assert peak > 0.8, peak


def main():
    os.makedirs(OUT, exist_ok=True)
    x = pixels()
    ids = torch.tensor(IDS)
    expected = {"generator": "Tests/Reference/make_vit_head_fixtures.py", "ids": IDS, "pixels": [2, 3, IMAGE, IMAGE]}
    hf_fixture(expected, x, ids)
    open_clip_fixture(expected, x)
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")
    hf, oc = expected["hf"], expected["open_clip"]
    print(f"transformers: mean max attention vision {hf['vision_mean_max_attention']:.3f}, "
          f"text {hf['text_mean_max_attention']:.3f}; wrong heads move image {hf['image_difference_with_wrong_heads']:.3g}, "
          f"text {hf['text_difference_with_wrong_heads']:.3g}; float32 error {hf['float32_error']:.3g}")
    print(f"open_clip: mean max attention {oc['vision_mean_max_attention']:.3f}; "
          f"64-wide heads move image {oc['image_difference_with_64_wide_heads']:.3g}")
    total = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(OUT) for f in fs)
    print("fixture bytes", total)


if __name__ == "__main__":
    main()
