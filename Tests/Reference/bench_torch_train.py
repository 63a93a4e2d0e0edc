#!/usr/bin/env python3
"""PyTorch + transformers reference for `cliplab bench train` (same config, batch, optimizer, data shapes).

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $PYTHON \\
        Tests/Reference/bench_torch_train.py [--config config.json] [--batch 64] [--threads 2] [--repeats 20] [--objective siglip]

Without --config it builds the toy config `cliplab train` uses (CLIPConfig.toy fitted to the
toy word tokenizer). One step is what cliplab times: forward of both towers on random pixels
[B,3,S,S] and random token rows of 8 ids ending in EOT, the symmetric contrastive loss,
backward, AdamW (betas 0.9/0.98, eps 1e-6, weight decay 0.1 on matrices) and the logit_scale
clamp. With --objective siglip the loss is SigLIP's pairwise sigmoid instead (Zhai et al., 2023:
a learned bias starting at -10, logit_scale starting at ln 10, -sum(logsigmoid(z * logits)) / N).
Prints one JSON object with the median milliseconds per step.
"""
import argparse
import json
import math
import statistics
import time

import torch
import torch.nn.functional as F
from transformers import CLIPConfig, CLIPModel

TEXT_TOKENS = 8


def toy_config(vocab):
    return CLIPConfig(
        text_config=dict(vocab_size=vocab, hidden_size=64, intermediate_size=128, num_hidden_layers=2,
                         num_attention_heads=4, max_position_embeddings=16, hidden_act="gelu",
                         eos_token_id=vocab - 1),
        vision_config=dict(hidden_size=64, intermediate_size=128, num_hidden_layers=2, num_attention_heads=4,
                           image_size=32, patch_size=8, hidden_act="gelu"),
        projection_dim=32)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--config")
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeats", type=int, default=20)
    ap.add_argument("--vocab", type=int, default=45, help="toy vocabulary size (words + 3 special ids)")
    ap.add_argument("--objective", choices=["clip", "siglip"], default="clip")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    config = CLIPConfig.from_json_file(args.config) if args.config else toy_config(args.vocab)
    model = CLIPModel(config).train()
    siglip = args.objective == "siglip"
    bias = torch.nn.Parameter(torch.tensor(-10.0))
    if siglip:
        with torch.no_grad():
            model.logit_scale.fill_(math.log(10))
    v, t = config.vision_config, config.text_config
    b = args.batch
    pixels = torch.randn(b, 3, v.image_size, v.image_size)
    eos = t.eos_token_id if t.eos_token_id != 2 else t.vocab_size - 1
    length = min(TEXT_TOKENS, t.max_position_embeddings)
    ids = torch.randint(0, min(t.vocab_size - 1, eos), (b, length))
    ids[:, -1] = eos
    decay = [p for n, p in model.named_parameters() if p.dim() >= 2 and "embedding" not in n]
    rest = [p for n, p in model.named_parameters() if not (p.dim() >= 2 and "embedding" not in n)]
    if siglip:
        rest.append(bias)
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.1}, {"params": rest, "weight_decay": 0.0}],
                            lr=1e-3, betas=(0.9, 0.98), eps=1e-6)
    labels = torch.arange(b)
    signs = 2 * torch.eye(b) - torch.ones(b, b)   # SigLIP: +1 for a true pair, -1 for the others

    def step():
        opt.zero_grad(set_to_none=True)
        out = model(input_ids=ids, pixel_values=pixels)
        logits = out.logits_per_image
        if siglip:
            loss = -F.logsigmoid(signs * (logits + bias)).sum() / b
        else:
            loss = 0.5 * (F.cross_entropy(logits, labels) + F.cross_entropy(logits.t(), labels))
        loss.backward()
        opt.step()
        with torch.no_grad():
            model.logit_scale.clamp_(0, 4.605170)

    for _ in range(3):
        step()
    samples = []
    for _ in range(args.repeats):
        start = time.perf_counter()
        step()
        samples.append((time.perf_counter() - start) * 1000)
    params = sum(p.numel() for p in model.parameters())
    print(json.dumps({"implementation": "pytorch", "torch": torch.__version__, "threads": args.threads, "batch": b,
                      "objective": args.objective,
                      "parameters": params, "ms_per_step": round(statistics.median(samples), 3)}))


if __name__ == "__main__":
    main()
