"""Writes the tensor-file fixtures under Tests/Fixtures/core/ with the real libraries.

Run from the repository root:  $PYTHON Tests/Reference/make_core_fixtures.py
Needs numpy, torch and safetensors. Expected values go to expected.json as float32 bit
patterns (uint32), so NaN, infinities and -0 compare exactly.
"""
import json
import os

import numpy as np
import torch
from safetensors.torch import save_file

OUT = os.path.join(os.path.dirname(__file__), "..", "Fixtures", "core")


def bits(t):
    a = np.ascontiguousarray(np.asarray(t, dtype=np.float32)).reshape(-1)
    return [int(b) for b in a.view(np.uint32)]


def entry(t, dtype):
    return {"dtype": dtype, "shape": list(t.shape), "bits": bits(t.float().numpy() if torch.is_tensor(t) else t)}


def main():
    os.makedirs(os.path.join(OUT, "sharded"), exist_ok=True)
    expected = {"safetensors": {}, "npy": {}}

    # One file with every stored type we convert, plus a scalar and an empty tensor.
    half = torch.tensor([0.0, -0.0, 1.0, -2.5, 65504.0, 6.1e-5, 5.96e-8, 1e-6,
                         float("inf"), float("-inf"), 0.333251953125, 1000.5], dtype=torch.float16)
    tensors = {
        "f32.matrix": (torch.arange(6, dtype=torch.float32).reshape(2, 3) * 0.5 - 1.0),
        "f32.scalar": torch.tensor(3.25, dtype=torch.float32),
        "f32.empty": torch.zeros((0, 3), dtype=torch.float32),
        "f16.vector": half,
        "bf16.matrix": torch.tensor([[1.0, -3.140625], [1e30, 7.1e-39]], dtype=torch.bfloat16),
        "f64.vector": torch.tensor([0.1, -1e10, 2.0 ** -20], dtype=torch.float64),
        "i64.vector": torch.tensor([-3, 0, 1 << 20], dtype=torch.int64),
        "i32.cube": torch.arange(-4, 4, dtype=torch.int32).reshape(2, 2, 2),
    }
    save_file(tensors, os.path.join(OUT, "mixed.safetensors"),
              metadata={"format": "pt", "note": "fixture \"quoted\" ünïcode"})
    expected["safetensors"]["mixed.safetensors"] = {
        "metadata": {"format": "pt", "note": "fixture \"quoted\" ünïcode"},
        "tensors": {k: entry(v, {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16",
                                 torch.float64: "F64", torch.int64: "I64", torch.int32: "I32"}[v.dtype])
                    for k, v in tensors.items()},
    }

    # An F32-only file our writer must reproduce byte for byte.
    plain = {
        "b.weight": torch.linspace(-1, 1, 6, dtype=torch.float32).reshape(3, 2),
        "a.bias": torch.tensor([0.5, -0.25], dtype=torch.float32),
        "c.scale": torch.tensor(2.0, dtype=torch.float32),
        "d.empty": torch.zeros((2, 0), dtype=torch.float32),
    }
    save_file(plain, os.path.join(OUT, "plain_f32.safetensors"), metadata={"format": "pt"})
    expected["safetensors"]["plain_f32.safetensors"] = {
        "metadata": {"format": "pt"}, "tensors": {k: entry(v, "F32") for k, v in plain.items()}}

    # A Hugging Face style sharded checkpoint.
    shard_of = {"layer0.weight": 1, "layer0.bias": 1, "layer1.weight": 2, "layer1.bias": 2}
    sharded = {
        "layer0.weight": torch.arange(4, dtype=torch.float32).reshape(2, 2),
        "layer0.bias": torch.tensor([1.0, 2.0], dtype=torch.float16),
        "layer1.weight": torch.arange(6, dtype=torch.float32).reshape(3, 2) / 8,
        "layer1.bias": torch.tensor([-1.0, 0.5, 4.0], dtype=torch.bfloat16),
    }
    total = 0
    for shard in (1, 2):
        part = {k: v for k, v in sharded.items() if shard_of[k] == shard}
        total += sum(v.numel() * v.element_size() for v in part.values())
        save_file(part, os.path.join(OUT, "sharded", f"model-0000{shard}-of-00002.safetensors"),
                  metadata={"format": "pt"})
    index = {"metadata": {"total_size": total},
             "weight_map": {k: f"model-0000{s}-of-00002.safetensors" for k, s in sorted(shard_of.items())}}
    with open(os.path.join(OUT, "sharded", "model.safetensors.index.json"), "w") as f:
        json.dump(index, f, indent=2)
    expected["safetensors"]["sharded"] = {
        "metadata": {"total_size": str(total)},
        "tensors": {k: entry(v, {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16"}[v.dtype])
                    for k, v in sharded.items()},
    }

    # .npy files of several ranks and both dtypes, and the 2.0 / 3.0 header formats.
    arrays = {
        "f32_2x3.npy": np.arange(6, dtype=np.float32).reshape(2, 3) / 3,
        "f32_scalar.npy": np.array(-7.5, dtype=np.float32),
        "f32_empty.npy": np.zeros((0, 5), dtype=np.float32),
        "f32_4d.npy": (np.arange(2 * 3 * 1 * 4, dtype=np.float32).reshape(2, 3, 1, 4) - 10) * 0.125,
        "i32_vector.npy": np.array([49406, 320, 1125, 49407, -1, 2 ** 31 - 1], dtype=np.int32),
        "i32_2x2x3.npy": np.arange(-6, 6, dtype=np.int32).reshape(2, 2, 3),
    }
    for name, a in arrays.items():
        np.save(os.path.join(OUT, name), a)
    v2 = np.array([[1.5, -2.0], [0.0, 1e-3]], dtype=np.float32)
    with open(os.path.join(OUT, "f32_v2.npy"), "wb") as f:
        np.lib.format.write_array(f, v2, version=(2, 0))
    v3 = np.array([5, -6, 7], dtype=np.int32)
    with open(os.path.join(OUT, "i32_v3.npy"), "wb") as f:
        np.lib.format.write_array(f, v3, version=(3, 0))
    arrays["f32_v2.npy"], arrays["i32_v3.npy"] = v2, v3
    for name, a in arrays.items():
        e = {"dtype": a.dtype.str, "shape": list(a.shape)}
        if a.dtype == np.int32:
            e["ints"] = [int(x) for x in a.reshape(-1)]
        e["bits"] = bits(a)
        expected["npy"][name] = e

    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()
