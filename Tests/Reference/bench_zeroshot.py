#!/usr/bin/env python3
"""Zero-shot throughput of the PyTorch reference on an image folder, for comparison with
CLIPLab's `cliplab bench zeroshot FOLDER` (make bench runs both, alternating).

  bench_zeroshot.py --make FOLDER [--per-class 50]          write a toy folder (4 classes, PNG + JPEG)
  bench_zeroshot.py FOLDER [--threads 2] [--batch 32] [--json]  time open_clip ViT-B-32 (random weights)

Timed as in CLIPLab: decode + preprocess + image tower for every image (batches of 32),
then the class prompts ("a photo of a {}.") through the text tower.
"""
import argparse
import json
import os
import time

import numpy as np
import torch
from PIL import Image, ImageDraw

import open_clip

SHAPES = [("blue_square", (40, 60, 220)), ("green_triangle", (40, 180, 60)),
          ("red_circle", (220, 40, 40)), ("yellow_star", (230, 210, 40))]


def make(folder, per_class):
    rng = np.random.default_rng(0)
    for name, color in SHAPES:
        os.makedirs(os.path.join(folder, name), exist_ok=True)
        for i in range(per_class):
            w, h = int(rng.integers(240, 400)), int(rng.integers(200, 360))
            img = Image.new("RGB", (w, h), tuple(int(c) for c in rng.integers(120, 255, 3)))
            d = ImageDraw.Draw(img)
            r = min(w, h) * 0.3
            cx, cy = w / 2, h / 2
            d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=color) if "circle" in name else \
                d.rectangle([cx - r, cy - r, cx + r, cy + r], fill=color)
            ext = "png" if i % 2 == 0 else "jpg"
            img.save(os.path.join(folder, name, f"{i:04d}.{ext}"))
    print(f"wrote {per_class * len(SHAPES)} images to {folder}")


def bench(folder, threads, batch, as_json=False):
    torch.set_num_threads(threads)
    model, _, preprocess = open_clip.create_model_and_transforms("ViT-B-32", pretrained=None)
    model.eval()
    tokenizer = open_clip.get_tokenizer("ViT-B-32")
    classes = sorted(d for d in os.listdir(folder) if os.path.isdir(os.path.join(folder, d)))
    files = [os.path.join(folder, c, f) for c in classes for f in sorted(os.listdir(os.path.join(folder, c)))
             if f.lower().endswith((".png", ".jpg", ".jpeg"))]
    start = time.perf_counter()
    with torch.no_grad():
        for i in range(0, len(files), batch):
            pixels = torch.stack([preprocess(Image.open(f).convert("RGB")) for f in files[i:i + batch]])
            model.encode_image(pixels, normalize=True)
    image_seconds = time.perf_counter() - start
    t0 = time.perf_counter()
    with torch.no_grad():
        model.encode_text(tokenizer([f"a photo of a {c.replace('_', ' ')}." for c in classes]), normalize=True)
    text_seconds = time.perf_counter() - t0
    if as_json:
        print(json.dumps({"implementation": "pytorch", "torch": torch.__version__, "threads": threads,
                          "images": len(files), "images_per_second": len(files) / image_seconds,
                          "text_seconds": text_seconds}))
    else:
        print(f"PyTorch {torch.__version__} ViT-B-32 zero-shot ({threads} threads): {len(files)} images, "
              f"{len(files) / image_seconds:.2f} images/s, text {text_seconds:.2f} s")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("folder")
    p.add_argument("--make", action="store_true")
    p.add_argument("--per-class", type=int, default=50)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--json", action="store_true", help="print one JSON object")
    a = p.parse_args()
    if a.make:
        make(a.folder, a.per_class)
    else:
        bench(a.folder, a.threads, a.batch, a.json)


if __name__ == "__main__":
    main()
