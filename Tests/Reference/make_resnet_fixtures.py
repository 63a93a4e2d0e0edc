#!/usr/bin/env python3
"""Fixtures for the ResNet image tower and zero-shot evaluation (Tests/Fixtures/resnet/).

Builds an open_clip CLIP whose image tower is a reduced-width ModifiedResNet (layers
(2,1,1,1), width 8, 64 px) and whose text tower is one small layer over a word-level
vocabulary, at random init with every batch-norm statistic, norm weight and bias
perturbed (so none is a trivial 0/1). Weights are rounded to float16 and stored as
float16, so Swift reads exactly the values PyTorch computed with.

Writes:
  openai.safetensors   OpenAI/open_clip names (visual.layer1.0.conv1.weight, …,
                       transformer.resblocks.0.attn.in_proj_weight, num_batches_tracked)
  native-text.safetensors  the text tower and projection under the names of CLIPLab's
                       CLIP.namedParameters() (Hugging Face names); the ResNet keeps its
                       OpenAI names there, so with openai.safetensors' visual.* it is the
                       whole model
  config.json          the Hugging Face-style config of the text tower and projection
  pixels.npy, inputs.json, expected/*.npy   image/text embeddings and logits
  dataset/             a toy image folder (4 classes, PNG and JPEG, classes.txt)
  prompt_ids.json      word-level ids of every prompt the tests use (prompt -> ids)
  expected/zeroshot.json  the PyTorch reference zero-shot run over dataset/

Run: $PYTHON Tests/Reference/make_resnet_fixtures.py
"""
import json
import os
import shutil

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image, ImageDraw
from safetensors.torch import save_file

import open_clip
from open_clip.model import CLIP, CLIPTextCfg, CLIPVisionCfg

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "Fixtures", "resnet")
SEED = 1234
IMAGE = 64
CONTEXT = 16
EMBED = 32
STEPS = 3

# The toy dataset: folder name -> readable class name (classes.txt), and how to draw it.
CLASSES = [
    ("blue_square", "blue square", (40, 60, 220), "square"),
    ("green_triangle", "green triangle", (40, 180, 60), "triangle"),
    ("red_circle", "red circle", (220, 40, 40), "circle"),
    ("yellow_star", "yellow star", (230, 210, 40), "star"),
]
IMAGES_PER_CLASS = 5
# Size of each generated image (some need the resize + crop).
SIZES = [(64, 64), (80, 64), (64, 96), (100, 100), (72, 60)]


def templates():
    import open_clip.zero_shot_metadata as meta
    return [t("{}") for t in meta.OPENAI_IMAGENET_TEMPLATES]


def word_vocabulary(prompts):
    words = []
    for p in prompts:
        for w in p.lower().split():
            if w not in words:
                words.append(w)
    return words


def tokenize(prompt, index, sot, eot):
    ids = [sot] + [index[w] for w in prompt.lower().split()][: CONTEXT - 2] + [eot]
    return ids


def perturb(model, gen, batch):
    """Random norm weights and biases; batch-norm statistics measured on `batch` (so the
    random network neither explodes nor collapses), then scaled at random."""
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith("bias") or ".bn" in name or "downsample.1" in name or "ln" in name:
                if name.endswith("weight"):
                    p.copy_(torch.empty_like(p).uniform_(0.6, 1.4, generator=gen))
                else:
                    p.copy_(torch.randn(p.shape, generator=gen) * 0.1)
        norms = [m for m in model.modules() if isinstance(m, torch.nn.BatchNorm2d)]
        for m in norms:
            m.reset_running_stats()
            m.momentum = None   # a plain average over the calibration passes
        model.train()
        model.encode_image(batch)
        model.eval()
        for m in norms:
            m.running_mean.add_(torch.randn(m.running_mean.shape, generator=gen) * 0.1 * m.running_var.sqrt())
            m.running_var.mul_(torch.empty_like(m.running_var).uniform_(0.8, 1.25, generator=gen))
            m.num_batches_tracked.fill_(1000)
        model.logit_scale.fill_(float(np.log(20.0)))
        # Store exactly what float16 can hold.
        for p in list(model.parameters()) + [b for b in model.buffers() if b.is_floating_point()]:
            p.copy_(p.half().float())


def fit(model, batch, labels, names, index, sot, eot, steps=STEPS):
    """A few contrastive steps so the toy model tells some classes apart (batch norm stays
    in evaluation mode, so the perturbed statistics are kept), then float16 rounding again."""
    rows = [tokenize(f"a photo of a {n}.", index, sot, eot) for n in names]
    rows = torch.tensor([r + [0] * (CONTEXT - len(r)) for r in rows])
    opt = torch.optim.Adam([p for n, p in model.named_parameters() if n != "logit_scale"], lr=3e-4)
    for _ in range(steps):
        logits = model.logit_scale.exp() * model.encode_image(batch, normalize=True) @ model.encode_text(rows, normalize=True).T
        loss = F.cross_entropy(logits, labels)
        opt.zero_grad()
        loss.backward()
        opt.step()
    print("fit loss", float(loss.detach()))
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(p.half().float())


def openai_state(model):
    out = {}
    for k, v in model.state_dict().items():
        if k == "attn_mask":
            continue
        out[k] = v.half().contiguous() if v.is_floating_point() else v.contiguous()
    return out


def native_state(model, text_layers):
    """The names CLIPLab's CLIP.namedParameters() uses for this model."""
    sd = model.state_dict()
    out = {}
    t = "text_model."
    out[t + "embeddings.token_embedding.weight"] = sd["token_embedding.weight"]
    out[t + "embeddings.position_embedding.weight"] = sd["positional_embedding"]
    for i in range(text_layers):
        o, n = f"transformer.resblocks.{i}.", f"{t}encoder.layers.{i}."
        q, k, v = sd[o + "attn.in_proj_weight"].chunk(3)
        qb, kb, vb = sd[o + "attn.in_proj_bias"].chunk(3)
        pairs = {
            "layer_norm1.weight": sd[o + "ln_1.weight"], "layer_norm1.bias": sd[o + "ln_1.bias"],
            "self_attn.q_proj.weight": q, "self_attn.q_proj.bias": qb,
            "self_attn.k_proj.weight": k, "self_attn.k_proj.bias": kb,
            "self_attn.v_proj.weight": v, "self_attn.v_proj.bias": vb,
            "self_attn.out_proj.weight": sd[o + "attn.out_proj.weight"],
            "self_attn.out_proj.bias": sd[o + "attn.out_proj.bias"],
            "layer_norm2.weight": sd[o + "ln_2.weight"], "layer_norm2.bias": sd[o + "ln_2.bias"],
            "mlp.fc1.weight": sd[o + "mlp.c_fc.weight"], "mlp.fc1.bias": sd[o + "mlp.c_fc.bias"],
            "mlp.fc2.weight": sd[o + "mlp.c_proj.weight"], "mlp.fc2.bias": sd[o + "mlp.c_proj.bias"],
        }
        for name, value in pairs.items():
            out[n + name] = value
    out[t + "final_layer_norm.weight"] = sd["ln_final.weight"]
    out[t + "final_layer_norm.bias"] = sd["ln_final.bias"]
    out["text_projection.weight"] = sd["text_projection"].t()
    out["logit_scale"] = sd["logit_scale"]
    return {k: v.half().contiguous() for k, v in out.items()}


def draw(shape, color, size, rng):
    w, h = size
    bg = tuple(int(c) for c in rng.integers(150, 255, 3))
    img = Image.new("RGB", (w, h), bg)
    d = ImageDraw.Draw(img)
    s = min(w, h)
    cx, cy = w / 2 + rng.integers(-4, 5), h / 2 + rng.integers(-4, 5)
    r = s * rng.uniform(0.22, 0.35)
    jitter = tuple(int(np.clip(c + rng.integers(-20, 21), 0, 255)) for c in color)
    if shape == "square":
        d.rectangle([cx - r, cy - r, cx + r, cy + r], fill=jitter)
    elif shape == "circle":
        d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=jitter)
    elif shape == "triangle":
        d.polygon([(cx, cy - r), (cx - r, cy + r), (cx + r, cy + r)], fill=jitter)
    else:
        pts = []
        for i in range(10):
            a = np.pi / 2 + i * np.pi / 5
            rr = r if i % 2 == 0 else r * 0.45
            pts.append((cx + rr * np.cos(a), cy - rr * np.sin(a)))
        d.polygon(pts, fill=jitter)
    return img


def make_dataset(root):
    rng = np.random.default_rng(SEED)
    if os.path.exists(root):
        shutil.rmtree(root)
    os.makedirs(root)
    with open(os.path.join(root, "classes.txt"), "w") as f:
        f.write("# folder: readable class name\n")
        for folder, name, _, _ in CLASSES:
            f.write(f"{folder}: {name}\n")
    for folder, _, color, shape in CLASSES:
        os.makedirs(os.path.join(root, folder))
        for i in range(IMAGES_PER_CLASS):
            img = draw(shape, color, SIZES[i % len(SIZES)], rng)
            if i % 2 == 0:
                img.save(os.path.join(root, folder, f"{i:03d}.png"))
            else:
                img.save(os.path.join(root, folder, f"{i:03d}.jpg"), quality=90)


def list_dataset(root):
    items = []
    folders = sorted(d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d)))
    for label, folder in enumerate(folders):
        for name in sorted(os.listdir(os.path.join(root, folder))):
            if name.lower().endswith((".png", ".jpg", ".jpeg")):
                items.append((f"{folder}/{name}", label))
    return folders, items


def main():
    torch.manual_seed(SEED)
    gen = torch.Generator().manual_seed(SEED)
    os.makedirs(os.path.join(OUT, "expected"), exist_ok=True)

    names = [name for _, name, _, _ in CLASSES]
    tmpl = templates()
    prompts = sorted({t.format(n) for t in tmpl for n in names} | {f"a photo of a {n}." for n in names}
                     | {"a diagram", "a photo of a dog"})
    words = word_vocabulary(prompts)
    index = {w: i for i, w in enumerate(words)}
    sot, eot = len(words), len(words) + 1
    vocab = len(words) + 2

    vision = CLIPVisionCfg(layers=(2, 1, 1, 1), width=8, image_size=IMAGE, patch_size=None)
    text = CLIPTextCfg(context_length=CONTEXT, vocab_size=vocab, width=64, heads=1, layers=1)
    model = CLIP(EMBED, vision_cfg=vision, text_cfg=text, quick_gelu=True).eval()
    root = os.path.join(OUT, "dataset")
    make_dataset(root)
    folders, items = list_dataset(root)
    _, _, preprocess = open_clip.create_model_and_transforms("RN50", pretrained=None)
    preprocess.transforms[0].size = IMAGE
    preprocess.transforms[1].size = (IMAGE, IMAGE)
    batch = torch.stack([preprocess(Image.open(os.path.join(root, p))) for p, _ in items])
    labels = torch.tensor([lab for _, lab in items])
    perturb(model, gen, batch)
    fit(model, batch, labels, names, index, sot, eot)

    save_file(openai_state(model), os.path.join(OUT, "openai.safetensors"))
    save_file(native_state(model, 1), os.path.join(OUT, "native-text.safetensors"))
    config = {
        "model_type": "clip", "projection_dim": EMBED, "logit_scale_init_value": 2.6592,
        "text_config": {"vocab_size": vocab, "hidden_size": 64, "intermediate_size": 256,
                        "num_hidden_layers": 1, "num_attention_heads": 1, "max_position_embeddings": CONTEXT,
                        "hidden_act": "quick_gelu", "layer_norm_eps": 1e-5, "eos_token_id": 2},
        "resnet_config": {"layers": [2, 1, 1, 1], "width": 8, "image_size": IMAGE, "output_dim": EMBED},
    }
    with open(os.path.join(OUT, "config.json"), "w") as f:
        json.dump(config, f, indent=1)
    with open(os.path.join(OUT, "prompt_ids.json"), "w") as f:
        json.dump({p: tokenize(p, index, sot, eot) for p in prompts}, f, indent=0, sort_keys=True)

    # Embedding parity inputs.
    pixels = torch.randn(2, 3, IMAGE, IMAGE, generator=gen)
    texts = ["a photo of a red circle.", "a diagram", "a photo of a dog"]
    ids = [tokenize(t, index, sot, eot) for t in texts]
    padded = torch.tensor([row + [0] * (CONTEXT - len(row)) for row in ids])
    with torch.no_grad():
        feats = model.encode_image(pixels)
        image_embeds = F.normalize(feats, dim=-1)
        text_embeds = model.encode_text(padded, normalize=True)
        logits = model.logit_scale.exp() * image_embeds @ text_embeds.T
    np.save(os.path.join(OUT, "pixels.npy"), pixels.numpy().astype(np.float32))
    with open(os.path.join(OUT, "inputs.json"), "w") as f:
        json.dump({"texts": texts, "ids": ids}, f, indent=1)
    for name, value in [("image_features", feats), ("image_embeds", image_embeds),
                        ("text_embeds", text_embeds), ("logits_per_image", logits)]:
        np.save(os.path.join(OUT, "expected", f"{name}.npy"), value.numpy().astype(np.float32))

    # Zero-shot reference over the toy folder.
    with torch.no_grad():
        embeds = model.encode_image(batch, normalize=True)
        prompt_embeds = {}
        for t in ["a photo of a {}."] + tmpl:
            rows = [tokenize(t.format(n), index, sot, eot) for n in names]
            rows = torch.tensor([r + [0] * (CONTEXT - len(r)) for r in rows])
            prompt_embeds[t] = model.encode_text(rows, normalize=True)          # [K, D]
        scale = model.logit_scale.exp()
    np.save(os.path.join(OUT, "expected", "dataset_image_embeds.npy"), embeds.numpy().astype(np.float32))

    def run(template_list):
        w = F.normalize(torch.stack([prompt_embeds[t] for t in template_list]).mean(0), dim=-1)
        logits = scale * embeds @ w.T
        top = logits.topk(min(5, len(names)), dim=1).indices
        pred = top[:, 0]
        top1 = (pred == labels).float().mean().item()
        top5 = (top == labels[:, None]).any(1).float().mean().item()
        probs = logits.softmax(1)
        best2 = probs.topk(2, dim=1).values
        return {
            "top1": top1, "top5": top5,
            "predictions": [{"file": p, "label": names[lab], "predicted": names[int(k)]}
                            for (p, lab), k in zip(items, pred)],
            "min_margin": float((best2[:, 0] - best2[:, 1]).min()),
        }

    reference = {"classes": names, "folders": folders, "simple": run(["a photo of a {}."]),
                 "imagenet": run(tmpl), "per_template": [run([t])["top1"] for t in tmpl],
                 "per_template_min_margin": min(run([t])["min_margin"] for t in tmpl)}
    with open(os.path.join(OUT, "expected", "zeroshot.json"), "w") as f:
        json.dump(reference, f, indent=1)
    print("image tower params:", sum(p.numel() for p in model.visual.parameters()))
    print("simple top1", reference["simple"]["top1"], "imagenet top1", reference["imagenet"]["top1"],
          "margins", reference["simple"]["min_margin"], reference["imagenet"]["min_margin"])


if __name__ == "__main__":
    main()
