#!/usr/bin/env python3
"""Parity fixtures for CLIPModel: tiny Hugging Face CLIP models and what they compute.

Run from the repository root with the reference virtualenv:

    $PYTHON Tests/Reference/make_model_fixtures.py

For each of two tiny configs (they differ in activation, pooling rule, patch size,
widths, heads and projection size) it writes under Tests/Fixtures/model/<name>/:

  hf/config.json, hf/model.safetensors   the Hugging Face folder (A: F32 with an F16
                                         token embedding; B: all BF16, plus the
                                         position_ids buffers older exports carry)
  openai/…                               the same weights in OpenAI / open_clip naming
                                         (A: a bare .safetensors file; B: with an
                                         open_clip_config.json beside it)
  inputs.json                            captions, their real token ids (open_clip's
                                         tokenizer), pixel shape
  pixels.npy                             fixed preprocessed pixels [N,3,S,S]
  expected/*.npy, expected/values.json   pooled outputs, unnormalised and normalised
                                         embeddings, logits, loss, and every hidden state

Every bias and LayerNorm parameter is perturbed away from 0/1 and logit_scale moved off
its initial value, so a parameter that is dropped or mapped to the wrong place changes
the outputs. Weights are rounded to their stored precision before the reference runs, so
the expectations are exact for the stored file. The OpenAI-named copy is checked here by
loading it into open_clip's own CLIP and comparing outputs.
"""
import json
import os
import shutil
import sys

import numpy as np
import torch
from safetensors.torch import save_file
from transformers import CLIPConfig, CLIPModel

import open_clip
from open_clip.model import CLIP as OpenCLIP, CLIPTextCfg, CLIPVisionCfg
from open_clip.tokenizer import SimpleTokenizer

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Fixtures", "model")
CAPTIONS = ["a photo of a cat", "a diagram of two dogs playing in the snow!", "CLIP"]

CONFIGS = {
    # OpenAI-like: quick_gelu, legacy argmax pooling (eos_token_id 2).
    "tiny-a": dict(
        seed=1, act="quick_gelu", eos=2, image=32, patch=8, v_width=32, v_heads=4, v_inter=64, v_layers=2,
        t_width=8, t_heads=2, t_inter=32, t_layers=2, proj=16, eps=1e-5, dtype="f32+f16emb"),
    # Newer export: gelu, first-EOS pooling (eos_token_id 49407), other sizes everywhere.
    "tiny-b": dict(
        seed=2, act="gelu", eos=49407, image=48, patch=16, v_width=48, v_heads=3, v_inter=80, v_layers=3,
        t_width=8, t_heads=4, t_inter=24, t_layers=2, proj=24, eps=1e-5, dtype="bf16"),
}


def hf_config(c):
    return CLIPConfig(
        text_config=dict(vocab_size=49408, hidden_size=c["t_width"], intermediate_size=c["t_inter"],
                         num_hidden_layers=c["t_layers"], num_attention_heads=c["t_heads"],
                         max_position_embeddings=77, hidden_act=c["act"], layer_norm_eps=c["eps"],
                         bos_token_id=49406, eos_token_id=c["eos"], pad_token_id=1,
                         projection_dim=c["proj"]),
        vision_config=dict(hidden_size=c["v_width"], intermediate_size=c["v_inter"],
                           num_hidden_layers=c["v_layers"], num_attention_heads=c["v_heads"],
                           image_size=c["image"], patch_size=c["patch"], hidden_act=c["act"],
                           layer_norm_eps=c["eps"], projection_dim=c["proj"]),
        projection_dim=c["proj"])


def perturb(model, gen):
    """Moves every bias and LayerNorm parameter off 0/1 and logit_scale off its init."""
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith(".bias"):
                p.copy_(0.1 * torch.randn(p.shape, generator=gen))
            elif "norm" in name and name.endswith(".weight"):   # layer_norm1/2, pre_layrnorm, post_layernorm, final_layer_norm
                p.copy_(1 + 0.2 * torch.randn(p.shape, generator=gen))
        model.logit_scale.fill_(2.3)


def round_to_storage(sd, dtype):
    """The weights as they will be stored (and read back as float32)."""
    out = {}
    for k, v in sd.items():
        if dtype == "bf16":
            out[k] = v.to(torch.bfloat16)
        elif dtype == "f32+f16emb" and k.endswith("token_embedding.weight"):
            out[k] = v.to(torch.float16)
        else:
            out[k] = v.clone()
    return out


def to_openai(sd, v_layers, t_layers):
    """Hugging Face names → OpenAI names (the inverse of WeightMap.swift)."""
    o = {
        "visual.conv1.weight": sd["vision_model.embeddings.patch_embedding.weight"],
        "visual.class_embedding": sd["vision_model.embeddings.class_embedding"],
        "visual.positional_embedding": sd["vision_model.embeddings.position_embedding.weight"],
        "visual.ln_pre.weight": sd["vision_model.pre_layrnorm.weight"],
        "visual.ln_pre.bias": sd["vision_model.pre_layrnorm.bias"],
        "visual.ln_post.weight": sd["vision_model.post_layernorm.weight"],
        "visual.ln_post.bias": sd["vision_model.post_layernorm.bias"],
        "visual.proj": sd["visual_projection.weight"].t().contiguous(),
        "token_embedding.weight": sd["text_model.embeddings.token_embedding.weight"],
        "positional_embedding": sd["text_model.embeddings.position_embedding.weight"],
        "ln_final.weight": sd["text_model.final_layer_norm.weight"],
        "ln_final.bias": sd["text_model.final_layer_norm.bias"],
        "text_projection": sd["text_projection.weight"].t().contiguous(),
        "logit_scale": sd["logit_scale"],
    }
    for hf, oa, n in (("vision_model.encoder.layers", "visual.transformer.resblocks", v_layers),
                      ("text_model.encoder.layers", "transformer.resblocks", t_layers)):
        for i in range(n):
            h, a = f"{hf}.{i}.", f"{oa}.{i}."
            for part in ("weight", "bias"):
                o[a + f"attn.in_proj_{part}"] = torch.cat(
                    [sd[h + f"self_attn.{x}_proj.{part}"] for x in "qkv"], 0).contiguous()
                o[a + f"attn.out_proj.{part}"] = sd[h + f"self_attn.out_proj.{part}"]
                o[a + f"ln_1.{part}"] = sd[h + f"layer_norm1.{part}"]
                o[a + f"ln_2.{part}"] = sd[h + f"layer_norm2.{part}"]
                o[a + f"mlp.c_fc.{part}"] = sd[h + f"mlp.fc1.{part}"]
                o[a + f"mlp.c_proj.{part}"] = sd[h + f"mlp.fc2.{part}"]
    return o


def open_clip_cfg(c):
    return {
        "model_cfg": {
            "embed_dim": c["proj"],
            "quick_gelu": c["act"] == "quick_gelu",
            "vision_cfg": {"image_size": c["image"], "layers": c["v_layers"], "width": c["v_width"],
                           "head_width": c["v_width"] // c["v_heads"], "mlp_ratio": c["v_inter"] / c["v_width"],
                           "patch_size": c["patch"]},
            "text_cfg": {"context_length": 77, "vocab_size": 49408, "width": c["t_width"], "heads": c["t_heads"],
                         "layers": c["t_layers"], "mlp_ratio": c["t_inter"] / c["t_width"]},
        },
        "preprocess_cfg": {"mean": [0.48145466, 0.4578275, 0.40821073], "std": [0.26862954, 0.26130258, 0.27577711]},
    }


def check_with_open_clip(oa_sd, c, pixels, ids_padded, hf_image, hf_text):
    """Loads the OpenAI-named weights into open_clip's CLIP and compares embeddings."""
    cfg = open_clip_cfg(c)["model_cfg"]
    model = OpenCLIP(cfg["embed_dim"], CLIPVisionCfg(**cfg["vision_cfg"]), CLIPTextCfg(**cfg["text_cfg"]),
                     quick_gelu=cfg["quick_gelu"])
    model.load_state_dict({k: v.float() for k, v in oa_sd.items()}, strict=True)
    model.eval()
    with torch.no_grad():
        img = model.encode_image(pixels)
        txt = model.encode_text(ids_padded)
    di, dt = (img - hf_image).abs().max().item(), (txt - hf_text).abs().max().item()
    assert di < 1e-5 and dt < 1e-5, f"open_clip disagrees with transformers: image {di}, text {dt}"
    return max(di, dt)


def save_npy(path, array):
    np.save(path, np.ascontiguousarray(np.asarray(array, dtype=np.float32)))


def make(name, c, tokens):
    torch.manual_seed(c["seed"])
    gen = torch.Generator().manual_seed(c["seed"] + 100)
    model = CLIPModel(hf_config(c)).eval()
    perturb(model, gen)
    stored = round_to_storage(model.state_dict(), c["dtype"])
    model.load_state_dict({k: v.float() for k, v in stored.items()}, strict=True)

    out = os.path.join(ROOT, name)
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(os.path.join(out, "hf"))
    os.makedirs(os.path.join(out, "openai"))
    os.makedirs(os.path.join(out, "expected"))

    # Hugging Face folder.
    hf_sd = dict(stored)
    if c["dtype"] == "bf16":   # older exports carry these int64 buffers; loaders must skip them
        hf_sd["text_model.embeddings.position_ids"] = torch.arange(77).unsqueeze(0)
        hf_sd["vision_model.embeddings.position_ids"] = torch.arange((c["image"] // c["patch"]) ** 2 + 1).unsqueeze(0)
    save_file({k: v.contiguous() for k, v in hf_sd.items()}, os.path.join(out, "hf", "model.safetensors"),
              metadata={"format": "pt"})
    model.config.to_json_file(os.path.join(out, "hf", "config.json"))

    # OpenAI naming: A as a bare file (architecture from shapes + quick_gelu), B with open_clip's config.
    oa_sd = to_openai(stored, c["v_layers"], c["t_layers"])
    if name == "tiny-a":
        save_file(oa_sd, os.path.join(out, "openai", "tiny-a-openai.safetensors"))
    else:
        save_file(oa_sd, os.path.join(out, "openai", "open_clip_model.safetensors"))
        with open(os.path.join(out, "openai", "open_clip_config.json"), "w") as f:
            json.dump(open_clip_cfg(c), f, indent=2)

    # Inputs: fixed pixels and real token ids, padded with 0 to 77 as OpenAI's tokenize does.
    n = len(CAPTIONS)
    pixels = torch.randn(n, 3, c["image"], c["image"], generator=gen).clamp(-2, 2)
    ids = [[49406] + tokens.encode(t) + [49407] for t in CAPTIONS]
    padded = torch.zeros(n, 77, dtype=torch.long)
    for i, row in enumerate(ids):
        padded[i, :len(row)] = torch.tensor(row)
    save_npy(os.path.join(out, "pixels.npy"), pixels.numpy())

    with torch.no_grad():
        r = model(input_ids=padded, pixel_values=pixels, return_loss=True)
        # The towers alone (transformers 5 returns projected features as CLIP's pooler_output).
        vision = model.vision_model(pixel_values=pixels, output_hidden_states=True)
        text = model.text_model(input_ids=padded, output_hidden_states=True)
        image_features = model.visual_projection(vision.pooler_output)
        text_features = model.text_projection(text.pooler_output)
        assert torch.allclose(image_features / image_features.norm(dim=-1, keepdim=True), r.image_embeds, atol=1e-6)
    agree = check_with_open_clip(oa_sd, c, pixels, padded, image_features, text_features)

    t = max(len(row) for row in ids)   # text hidden states are kept up to the longest text
    e = os.path.join(out, "expected")
    save_npy(os.path.join(e, "vision_pooled.npy"), vision.pooler_output)
    save_npy(os.path.join(e, "text_pooled.npy"), text.pooler_output)
    save_npy(os.path.join(e, "image_features.npy"), image_features)
    save_npy(os.path.join(e, "text_features.npy"), text_features)
    save_npy(os.path.join(e, "image_embeds.npy"), r.image_embeds)
    save_npy(os.path.join(e, "text_embeds.npy"), r.text_embeds)
    save_npy(os.path.join(e, "logits_per_image.npy"), r.logits_per_image)
    for i, h in enumerate(vision.hidden_states):
        save_npy(os.path.join(e, f"vision_hidden_{i}.npy"), h)
    for i, h in enumerate(text.hidden_states):
        save_npy(os.path.join(e, f"text_hidden_{i}.npy"), h[:, :t])
    save_npy(os.path.join(e, "text_last_hidden.npy"), text.last_hidden_state[:, :t])
    with open(os.path.join(e, "values.json"), "w") as f:
        json.dump({"loss": r.loss.item(), "logit_scale": model.logit_scale.item(),
                   "vision_hidden_states": len(vision.hidden_states),
                   "text_hidden_states": len(text.hidden_states),
                   "open_clip_max_abs_difference": agree}, f, indent=2)
    with open(os.path.join(out, "inputs.json"), "w") as f:
        json.dump({"captions": CAPTIONS, "ids": ids, "pixels_shape": list(pixels.shape),
                   "config": {k: v for k, v in c.items()}}, f, indent=2)
    print(f"{name}: loss {r.loss.item():.6f}, open_clip agrees to {agree:.2e}")


def main():
    torch.set_num_threads(1)
    tokens = SimpleTokenizer()
    for name, c in CONFIGS.items():
        make(name, c, tokens)
    total = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(ROOT) for f in fs)
    print(f"wrote {ROOT} ({total / 1e6:.2f} MB)")


if __name__ == "__main__":
    sys.exit(main())
