#!/usr/bin/env python3
"""PyTorch + transformers reference numbers for `cliplab bench model` (same keys, same work).

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $PYTHON \\
        Tests/Reference/bench_torch_model.py [--model DIR] [--threads 2] [--repeats 5]

Without --model it builds the ViT-B/32 config with random weights and saves it to a
temporary folder, so load_ms (CLIPModel.from_pretrained, warm file cache) is measured as
cliplab measures it. Texts are padded to 77 tokens, as OpenAI's tokenize() does
(text_ms_b1, text_ms_per_text_b8), and also to the longest text of the batch, which for one
text is no padding (text_ms_b1_longest, text_ms_per_text_b8_longest). Prints one JSON
object: medians in milliseconds and achieved GFLOP/s at batch 8.
"""
import argparse
import json
import statistics
import tempfile
import time

import torch
from transformers import CLIPConfig, CLIPModel
from open_clip.tokenizer import SimpleTokenizer

PROMPTS = ["a photo of a cat.", "a photo of a dog.", "a photo of a golden retriever.", "a photo of a school bus.",
           "a photo of a red sports car.", "a photo of an airplane.", "a photo of a bird on a branch.", "a photo of a pizza."]


def vit_b32():
    return CLIPConfig(
        text_config=dict(hidden_size=512, intermediate_size=2048, num_hidden_layers=12, num_attention_heads=8,
                         hidden_act="quick_gelu", eos_token_id=2),
        vision_config=dict(hidden_size=768, intermediate_size=3072, num_hidden_layers=12, num_attention_heads=12,
                           image_size=224, patch_size=32, hidden_act="quick_gelu"),
        projection_dim=512)


def image_flops(v, projection):
    c, i, p = v.hidden_size, v.intermediate_size, v.patch_size
    patches = (v.image_size // p) ** 2
    t = patches + 1
    layer = 2 * (4 * t * c * c + 2 * t * t * c + 2 * t * c * i)
    return 2 * patches * v.num_channels * p * p * c + v.num_hidden_layers * layer + 2 * c * projection


def median_ms(repeats, body, warm_up=True):
    if warm_up:
        body()
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        body()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)

    folder = args.model
    if folder is None:
        folder = tempfile.mkdtemp(prefix="torch-bench-vitb32-")
        CLIPModel(vit_b32()).save_pretrained(folder)
    model = CLIPModel.from_pretrained(folder).eval()
    load_ms = median_ms(args.repeats, lambda: CLIPModel.from_pretrained(folder).eval(), warm_up=False)

    cfg = model.config
    s = cfg.vision_config.image_size
    torch.manual_seed(0)
    pixels1, pixels8 = torch.randn(1, 3, s, s), torch.randn(8, 3, s, s)
    tok = SimpleTokenizer()
    ids = torch.zeros(len(PROMPTS), 77, dtype=torch.long)   # OpenAI's padding to 77
    lengths = []
    for i, p in enumerate(PROMPTS):
        row = [49406] + tok.encode(p) + [49407]
        ids[i, :len(row)] = torch.tensor(row)
        lengths.append(len(row))
    # Padding to the longest text: one text is its own length; the batch is cut at its longest
    # row (the end token is the largest id, so pooling at argmax still finds it).
    one, batch = ids[:1, :lengths[0]], ids[:, :max(lengths)]

    with torch.inference_mode():
        image1 = median_ms(args.repeats, lambda: model.get_image_features(pixel_values=pixels1))
        image8 = median_ms(args.repeats, lambda: model.get_image_features(pixel_values=pixels8)) / 8
        text1 = median_ms(args.repeats, lambda: model.get_text_features(input_ids=ids[:1]))
        text8 = median_ms(args.repeats, lambda: model.get_text_features(input_ids=ids)) / 8
        text1_longest = median_ms(args.repeats, lambda: model.get_text_features(input_ids=one))
        text8_longest = median_ms(args.repeats, lambda: model.get_text_features(input_ids=batch)) / 8
    gflop = image_flops(cfg.vision_config, cfg.projection_dim) / 1e9
    print(json.dumps({"model": args.model or "vit-b-32", "threads": args.threads, "repeats": args.repeats,
                      "torch": torch.__version__, "load_ms": round(load_ms, 2), "image_ms_b1": round(image1, 2),
                      "image_ms_per_image_b8": round(image8, 2), "text_ms_b1": round(text1, 2),
                      "text_ms_per_text_b8": round(text8, 2), "text_ms_b1_longest": round(text1_longest, 2),
                      "text_ms_per_text_b8_longest": round(text8_longest, 2), "image_gflop_per_image": round(gflop, 3),
                      "image_gflops_b8": round(gflop / (image8 / 1000), 1)}))


if __name__ == "__main__":
    main()
