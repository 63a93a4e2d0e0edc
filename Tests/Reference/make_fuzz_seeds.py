"""Writes the seed corpora of the libFuzzer targets (Tests/Fuzz/Corpus/<target>/).

Each seed is a small valid file of its kind, written by the library people use for it
(numpy, safetensors, Pillow), so fuzzing starts from inputs that reach deep into each parser.

    python Tests/Reference/make_fuzz_seeds.py
"""
import io
import json
import pathlib

import numpy as np
import torch
from PIL import Image
from safetensors.numpy import save as save_numpy
from safetensors.torch import save as save_torch

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "Tests" / "Fuzz" / "Corpus"


def put(target, name, data):
    folder = OUT / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))


def safetensors_seeds():
    rng = np.random.default_rng(0)
    put("safetensors", "f32.safetensors", save_numpy({"w": rng.standard_normal((2, 3)).astype(np.float32)}))
    put("safetensors", "mixed.safetensors", save_numpy({
        "a": rng.standard_normal((4,)).astype(np.float16),
        "b": np.arange(6, dtype=np.int64).reshape(2, 3),
        "c": np.array(1.5, dtype=np.float32),
        "empty": np.zeros((0, 3), dtype=np.float32),
    }, metadata={"format": "pt"}))
    put("safetensors", "bf16.safetensors", save_torch({"x": torch.linspace(-2, 2, 8).to(torch.bfloat16).reshape(2, 4)}))


def npy_seeds():
    for name, array in {
        "f32_2x3.npy": np.arange(6, dtype=np.float32).reshape(2, 3),
        "i32_vector.npy": np.arange(5, dtype=np.int32),
        "f32_scalar.npy": np.array(3.25, dtype=np.float32),
        "f32_empty.npy": np.zeros((0, 2), dtype=np.float32),
        "i32_3d.npy": np.arange(12, dtype=np.int32).reshape(2, 2, 3),
    }.items():
        buffer = io.BytesIO()
        np.save(buffer, array)
        put("npy", name, buffer.getvalue())


def picture(mode, size=(7, 5)):
    image = Image.new("RGB", size)
    image.putdata([((x * 37) % 256, (y * 51) % 256, (x * y * 13) % 256) for y in range(size[1]) for x in range(size[0])])
    return image.convert(mode)


def png_seeds():
    for mode in ["RGB", "RGBA", "L", "LA", "P", "1", "I;16"]:
        buffer = io.BytesIO()
        picture(mode).save(buffer, "PNG")
        put("png", f"{mode.replace(';', '')}.png", buffer.getvalue())
    buffer = io.BytesIO()
    picture("RGB", (9, 9)).save(buffer, "PNG", interlace=1)
    put("png", "interlaced.png", buffer.getvalue())


def jpeg_seeds():
    for name, mode, options in [
        ("baseline.jpg", "RGB", {}),
        ("progressive.jpg", "RGB", {"progressive": True}),
        ("gray.jpg", "L", {}),
        ("cmyk.jpg", "CMYK", {}),
        ("subsampled.jpg", "RGB", {"subsampling": 2, "quality": 40}),
    ]:
        buffer = io.BytesIO()
        picture(mode, (17, 9)).save(buffer, "JPEG", **options)
        put("jpeg", name, buffer.getvalue())


def config_seeds():
    def config(**vision):
        v = {"hidden_size": 16, "intermediate_size": 32, "num_hidden_layers": 1, "num_attention_heads": 2,
             "image_size": 16, "patch_size": 8, "hidden_act": "quick_gelu"}
        v.update(vision)
        return {"model_type": "clip", "projection_dim": 8, "logit_scale_init_value": 2.6592,
                "text_config": {"vocab_size": 64, "hidden_size": 16, "intermediate_size": 32, "num_hidden_layers": 1,
                                "num_attention_heads": 2, "max_position_embeddings": 8, "eos_token_id": 2},
                "vision_config": v}
    put("config", "tiny.json", json.dumps(config(), indent=2))
    put("config", "gelu.json", json.dumps(config(hidden_act="gelu", layer_norm_eps=1e-6)))
    put("config", "vit-b-32.json", json.dumps({
        "model_type": "clip", "projection_dim": 512,
        "text_config": {"hidden_size": 512, "num_attention_heads": 8, "num_hidden_layers": 12},
        "vision_config": {"hidden_size": 768, "num_attention_heads": 12, "num_hidden_layers": 12, "patch_size": 32}}))


def tokenizer_seeds():
    for i, text in enumerate([
        "a photo of a cat",
        "A DIAGRAM of CLIP's contrastive loss, 2021!",
        "caf\u00e9 na\u00efve r\u00e9sum\u00e9 &amp; &lt;b&gt;",
        "\u4e00\u53ea\u732b\u7684\u7167\u7247 \U0001F431\U0001F436 \u0645\u0631\u062d\u0628\u0627",
        "it's don't we'll I'M   tabs\tand\nnewlines",
        "<|startoftext|>hello<|endoftext|>",
        "supercalifragilisticexpialidocious" * 3,
        "12345 3.14159 0x1F $100",
    ]):
        put("tokenizer", f"text{i}.txt", text)


def command_line_seeds():
    for i, line in enumerate([
        "help train",
        "tokenize --trace \"a photo of a dog\"",
        "load toy",
        "batch add toy:red-circle 'a red circle'",
        "matrix --probs --json",
        "train --steps 50 --lr 3e-4 --seed 7 --embed-dim 2",
        "classify --labels cat,dog,car --template 'a photo of a {}.' --top 2 photo.jpg",
        "eval zeroshot --data ./images --no-cache --json",
        "set threads 2",
        "lesson run --out out.md Lessons/en/03-tokens.md",
        "embed --text 'a red circle' --text 'a blue square' --json",
        "export matrix out.png",
        "tokenize --context-length 8 -- --not-an-option",
    ]):
        put("command-line", f"line{i:02d}.txt", line)


def lesson_seeds():
    put("lesson", "small.md", """---
id: sample
title: A sample lesson
order: 99
needs: toy
---

# A sample lesson

Prose with *emphasis* and a list:

- one
- two

```cliplab
tokenize "a photo of a cat"
```

```output
ids: 49406 320 1125 539 320 2368 49407
```

## Exercise

```cliplab
matrix
```
""")
    for name in ["01-why-clip.md", "06-loss-temperature.md"]:
        put("lesson", name, (ROOT / "Lessons" / "en" / name).read_text(encoding="utf-8"))


if __name__ == "__main__":
    safetensors_seeds()
    npy_seeds()
    png_seeds()
    jpeg_seeds()
    config_seeds()
    tokenizer_seeds()
    command_line_seeds()
    lesson_seeds()
    total = sum(p.stat().st_size for p in OUT.rglob("*") if p.is_file())
    print(f"wrote {sum(1 for p in OUT.rglob('*') if p.is_file())} seeds, {total} bytes, under {OUT}")
