#!/usr/bin/env python3
"""Fixtures for `search`: a small nested picture folder and the ranking transformers gives.

Run from the repository root with the reference virtualenv:

    $PYTHON Tests/Reference/make_search_fixtures.py

Writes under Tests/Fixtures/search/:

  photos/…          eight small pictures (PNG and JPEG, some non-square) in nested
                    folders, and a text file that search must skip
  expected.json     for each query (two texts and one of the pictures), every picture
                    ranked by cosine similarity, with its score

The model is the tiny Hugging Face CLIP of Tests/Fixtures/model/tiny-a (made by
make_model_fixtures.py), run with transformers' CLIPModel. Pictures are preprocessed as
open_clip does (bicubic resize of the short side, centre crop, OpenAI mean/std) at the
model's 32 pixels; texts are tokenized with open_clip's tokenizer and padded with 0.
"""
import json
import os
import shutil

import numpy as np
import torch
from PIL import Image, ImageDraw
from transformers import CLIPModel

import open_clip
from open_clip.tokenizer import SimpleTokenizer

HERE = os.path.dirname(os.path.abspath(__file__))
MODEL = os.path.join(HERE, "..", "Fixtures", "model", "tiny-a", "hf")
OUT = os.path.join(HERE, "..", "Fixtures", "search")
SIZE = 32
TEXTS = ["a photo of a red circle", "a blue square on grass"]
IMAGE_QUERY = "red/circle.png"

# (relative path, background, shape colour, shape, width, height)
PICTURES = [
    ("red/circle.png", (240, 240, 240), (220, 30, 30), "circle", 32, 32),
    ("red/deep/square.jpg", (250, 250, 230), (200, 20, 40), "square", 40, 32),
    ("blue/square.png", (60, 160, 60), (30, 40, 220), "square", 32, 32),
    ("blue/night/circle.jpeg", (20, 20, 40), (40, 60, 230), "circle", 32, 44),
    ("green/triangle.png", (255, 255, 255), (30, 180, 60), "triangle", 36, 36),
    ("sea.jpg", (40, 110, 200), (250, 230, 160), "square", 48, 32),
    ("sun.png", (120, 180, 250), (255, 210, 0), "circle", 32, 32),
    ("plain.png", (128, 128, 128), (128, 128, 128), "square", 32, 32),
]


def draw(background, color, shape, width, height):
    img = Image.new("RGB", (width, height), background)
    d = ImageDraw.Draw(img)
    cx, cy, r = width / 2, height / 2, min(width, height) * 0.3
    if shape == "circle":
        d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=color)
    elif shape == "square":
        d.rectangle([cx - r, cy - r, cx + r, cy + r], fill=color)
    else:
        d.polygon([(cx, cy - r), (cx + r, cy + r), (cx - r, cy + r)], fill=color)
    return img


def main():
    photos = os.path.join(OUT, "photos")
    if os.path.exists(photos):
        shutil.rmtree(photos)
    for path, bg, fg, shape, w, h in PICTURES:
        full = os.path.join(photos, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        img = draw(bg, fg, shape, w, h)
        if path.endswith(".png"):
            img.save(full)
        else:
            img.save(full, format="JPEG", quality=90)
    with open(os.path.join(photos, "notes.txt"), "w") as f:
        f.write("not a picture: search skips and counts this file\n")

    files = sorted(p for p, *_ in PICTURES)
    _, _, preprocess = open_clip.create_model_and_transforms("RN50", pretrained=None)
    preprocess.transforms[0].size = SIZE
    preprocess.transforms[1].size = (SIZE, SIZE)
    pixels = torch.stack([preprocess(Image.open(os.path.join(photos, p))) for p in files])

    model = CLIPModel.from_pretrained(MODEL).eval().float()
    tokens = SimpleTokenizer()
    ids = [[49406] + tokens.encode(t) + [49407] for t in TEXTS]
    padded = torch.zeros(len(TEXTS), 77, dtype=torch.long)
    for i, row in enumerate(ids):
        padded[i, :len(row)] = torch.tensor(row)
    with torch.no_grad():
        images = model.visual_projection(model.vision_model(pixel_values=pixels).pooler_output)
        texts = model.text_projection(model.text_model(input_ids=padded).pooler_output)
    images = images / images.norm(dim=-1, keepdim=True)
    texts = texts / texts.norm(dim=-1, keepdim=True)

    def ranking(query):
        scores = (images @ query).tolist()
        order = sorted(range(len(files)), key=lambda i: (-scores[i], i))
        return [{"file": files[i], "score": scores[i]} for i in order]

    queries = [{"text": t, "ids": ids[i], "results": ranking(texts[i])} for i, t in enumerate(TEXTS)]
    queries.append({"image": IMAGE_QUERY, "results": ranking(images[files.index(IMAGE_QUERY)])})
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump({"files": files, "skipped": ["notes.txt"], "queries": queries}, f, indent=2)
    for q in queries:
        gaps = np.diff([r["score"] for r in q["results"]])
        print(q.get("text", q.get("image")), "smallest gap between neighbours:", float(np.min(np.abs(gaps))))


if __name__ == "__main__":
    main()
