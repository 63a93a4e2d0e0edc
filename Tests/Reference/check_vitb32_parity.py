#!/usr/bin/env python3
"""Full-size parity check: a random-weight ViT-B/32 in transformers vs CLIPLab (not in CI).

Writes a 600 MB Hugging Face folder, the same weights in OpenAI naming, fixed inputs and
the expected outputs to DIR (default /tmp/cliplab-vitb32), then the Swift side compares:

    $PYTHON Tests/Reference/check_vitb32_parity.py [DIR]
    swift build -c release -Xswiftc -enable-testing --build-tests
    CLIPLAB_VITB32_DIR=/tmp/cliplab-vitb32 swift test -c release -Xswiftc -enable-testing \\
        --skip-build --filter FullSizeParityTests

The Swift test prints the largest absolute differences; it fails above 1e-4 for
embeddings and 1e-3 for logits, as the tiny fixtures do. Like those, every bias and
LayerNorm parameter is perturbed and logit_scale moved.
"""
import json
import os
import sys

import numpy as np
import torch
from safetensors.torch import save_file
from transformers import CLIPConfig, CLIPModel

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_model_fixtures import perturb, to_openai  # noqa: E402
from open_clip.tokenizer import SimpleTokenizer  # noqa: E402

CAPTIONS = ["a photo of a cat", "a diagram of two dogs playing in the snow!", "CLIP", "an astronaut riding a horse on the moon"]


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "/tmp/cliplab-vitb32"
    os.makedirs(os.path.join(out, "hf"), exist_ok=True)
    os.makedirs(os.path.join(out, "openai"), exist_ok=True)
    torch.manual_seed(0)
    gen = torch.Generator().manual_seed(1)
    config = CLIPConfig(
        text_config=dict(vocab_size=49408, hidden_size=512, intermediate_size=2048, num_hidden_layers=12,
                         num_attention_heads=8, max_position_embeddings=77, hidden_act="quick_gelu",
                         bos_token_id=49406, eos_token_id=2, pad_token_id=1, projection_dim=512),
        vision_config=dict(hidden_size=768, intermediate_size=3072, num_hidden_layers=12, num_attention_heads=12,
                           image_size=224, patch_size=32, hidden_act="quick_gelu", projection_dim=512),
        projection_dim=512)
    model = CLIPModel(config).eval()
    perturb(model, gen)
    sd = {k: v.contiguous() for k, v in model.state_dict().items()}
    save_file(sd, os.path.join(out, "hf", "model.safetensors"), metadata={"format": "pt"})
    model.config.to_json_file(os.path.join(out, "hf", "config.json"))
    save_file(to_openai(sd, 12, 12), os.path.join(out, "openai", "ViT-B-32.safetensors"))

    tokens = SimpleTokenizer()
    ids = [[49406] + tokens.encode(t) + [49407] for t in CAPTIONS]
    padded = torch.zeros(len(ids), 77, dtype=torch.long)
    for i, row in enumerate(ids):
        padded[i, :len(row)] = torch.tensor(row)
    pixels = torch.randn(len(ids), 3, 224, 224, generator=gen).clamp(-2, 2)
    np.save(os.path.join(out, "pixels.npy"), pixels.numpy())
    with torch.no_grad():
        r = model(input_ids=padded, pixel_values=pixels, return_loss=True)
    for name, value in [("image_features", r.vision_model_output.pooler_output),
                        ("text_features", r.text_model_output.pooler_output),
                        ("image_embeds", r.image_embeds), ("text_embeds", r.text_embeds),
                        ("logits_per_image", r.logits_per_image)]:
        np.save(os.path.join(out, f"{name}.npy"), np.ascontiguousarray(value.numpy(), dtype=np.float32))
    with open(os.path.join(out, "inputs.json"), "w") as f:
        json.dump({"captions": CAPTIONS, "ids": ids, "loss": r.loss.item()}, f, indent=2)
    print(f"wrote {out}: loss {r.loss.item():.6f}")


if __name__ == "__main__":
    main()
