#!/usr/bin/env python3
"""`make bench`: CLIPLab and its references side by side, in one run, alternating.

    python3 Tests/Reference/bench_compare.py --cliplab .build/release/cliplab \\
        --python $PYTHON --gemm-reference .build/gemm-reference [--threads 2] [--rounds 3]

Each round runs every pair once — `cliplab bench gemm` against the C program calling
cblas_sgemm (Tests/Reference/gemm_reference.c) at 1 and at N threads, `cliplab bench model`
against bench_torch_model.py, `cliplab bench train` (CLIP's and SigLIP's loss) against bench_torch_train.py,
`cliplab bench tokenize` against bench_tokenizer.py (open_clip, the same corpus and runs), and
`cliplab bench zeroshot` against bench_zeroshot.py on a folder of 100 PNG/JPEG files that
script writes once into a temporary folder — with
the side that goes first swapping every round, so a load that comes and goes hits both.
The table shows the median over rounds of each side's own median, and ratio = reference
time / CLIPLab time (above 1: CLIPLab is faster; for GFLOP/s rows, ours / reference).
Training steps exclude data generation on both sides. The CPU model, thread count, the
OpenBLAS kernel and the load average before and after are printed with the table.
Standard library only; the PyTorch side runs under --python.
"""
import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def run_json(cmd, env):
    """Runs `cmd` and returns the last line of its stdout that parses as JSON."""
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({done.returncode}): {done.stderr.strip()[-400:]}")
    for line in reversed(done.stdout.strip().splitlines()):
        try:
            return json.loads(line)
        except json.JSONDecodeError:
            continue
    sys.exit(f"{' '.join(cmd)} printed no JSON: {done.stdout[-400:]}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cliplab", default=".build/release/cliplab")
    ap.add_argument("--python", default=os.environ.get("PYTHON", sys.executable))
    ap.add_argument("--gemm-reference", default=".build/gemm-reference")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--repeats", type=int, default=5, help="timed runs per measure inside each program")
    args = ap.parse_args()

    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
    env["CLIPLAB_THREADS"] = str(args.threads)
    n, r = str(args.threads), str(args.repeats)
    gemm_threads = sorted({1, args.threads})

    # Each pair: (name, ours, reference); a side is a list of commands whose JSON objects are merged.
    def ours_gemm():
        return {t: run_json([args.cliplab, "bench", "gemm", "--json", "--threads", str(t), "--repeats", r], env)
                for t in gemm_threads}

    def reference_gemm():
        return {t: run_json([args.gemm_reference, str(t), r], env) for t in gemm_threads}

    photos = tempfile.mkdtemp(prefix="cliplab-bench-")
    subprocess.run([args.python, os.path.join(HERE, "bench_zeroshot.py"), photos, "--make", "--per-class", "25"],
                   env=env, check=True, capture_output=True)
    pairs = [
        ("gemm", ours_gemm, reference_gemm),
        ("model", lambda: run_json([args.cliplab, "bench", "model", "--json", "--threads", n, "--repeats", r], env),
         lambda: run_json([args.python, os.path.join(HERE, "bench_torch_model.py"), "--threads", n, "--repeats", r], env)),
        ("train", lambda: run_json([args.cliplab, "bench", "train", "--json"], env),
         lambda: run_json([args.python, os.path.join(HERE, "bench_torch_train.py"), "--threads", n], env)),
        ("train-siglip", lambda: run_json([args.cliplab, "bench", "train", "--objective", "siglip", "--json"], env),
         lambda: run_json([args.python, os.path.join(HERE, "bench_torch_train.py"), "--threads", n,
                           "--objective", "siglip"], env)),
        ("tokenize", lambda: run_json([args.cliplab, "bench", "tokenize", "--json"], env),
         lambda: run_json([args.python, os.path.join(HERE, "bench_tokenizer.py")], env)),
        ("zeroshot", lambda: run_json([args.cliplab, "bench", "zeroshot", photos, "--json"], env),
         lambda: run_json([args.python, os.path.join(HERE, "bench_zeroshot.py"), photos, "--threads", n, "--json"], env)),
    ]
    load_before = os.getloadavg()
    results = {name: ([], []) for name, _, _ in pairs}
    start = time.time()
    for round_ in range(args.rounds):
        for name, ours, reference in pairs:
            sides = [(0, ours), (1, reference)]
            for side, body in (sides if round_ % 2 == 0 else reversed(sides)):
                results[name][side].append(body())
        print(f"round {round_ + 1}/{args.rounds} done ({time.time() - start:.0f} s)", file=sys.stderr)
    load_after = os.getloadavg()
    shutil.rmtree(photos, ignore_errors=True)

    def med(side, name, pick):
        return statistics.median(pick(x) for x in results[name][side])

    rows = []   # (label, ours, reference, unit, ratio)

    def time_row(label, name, our_key, ref_key):
        a, b = med(0, name, lambda x: x[our_key]), med(1, name, lambda x: x[ref_key])
        rows.append((label, f"{a:.1f} ms", f"{b:.1f} ms", b / a))

    model, train = results["model"][0][0], results["train"][0][0]
    time_row("image, batch 1", "model", "image_ms_b1", "image_ms_b1")
    time_row("image, per image at batch 8", "model", "image_ms_per_image_b8", "image_ms_per_image_b8")
    time_row("text, batch 1 (PyTorch padded to the longest text)", "model", "text_ms_b1", "text_ms_b1_longest")
    time_row("text, batch 1 (PyTorch padded to 77)", "model", "text_ms_b1", "text_ms_b1")
    time_row("text, per text at batch 8 (PyTorch padded to the longest)", "model", "text_ms_per_text_b8",
             "text_ms_per_text_b8_longest")
    time_row("text, per text at batch 8 (PyTorch padded to 77)", "model", "text_ms_per_text_b8", "text_ms_per_text_b8")
    time_row(f"toy training step (batch {train['batch']}, AdamW, data excluded)", "train", "ms_per_step", "ms_per_step")
    time_row(f"toy training step, SigLIP's sigmoid loss (batch {train['batch']})", "train-siglip", "ms_per_step",
             "ms_per_step")
    a = med(0, "tokenize", lambda x: x["tokens_per_second"]) / 1e6
    b = med(1, "tokenize", lambda x: x["tokensPerSecond"]) / 1e6
    rows.append(("tokenizer over the parity corpus, warm (open_clip's SimpleTokenizer)", f"{a:.2f} M tok/s", f"{b:.2f} M tok/s", a / b))
    a = med(0, "zeroshot", lambda x: x["images_per_second"])
    b = med(1, "zeroshot", lambda x: x["images_per_second"])
    rows.append((f"zero-shot over {results['zeroshot'][0][0]['images']} files (decode, preprocess, encode)",
                 f"{a:.2f} img/s", f"{b:.2f} img/s", a / b))
    shapes = [s["shape"] for s in results["gemm"][1][0][gemm_threads[0]]["shapes"]]
    for t in gemm_threads:
        for i, shape in enumerate(shapes):
            a = med(0, "gemm", lambda x: x[t][i]["gflops"])
            b = med(1, "gemm", lambda x: x[t]["shapes"][i]["gflops"])
            rows.append((f"sgemm {shape}, {t} thread{'s' if t > 1 else ''}", f"{a:.1f} GFLOP/s", f"{b:.1f} GFLOP/s", a / b))

    print(f"CPU: {cpu_model()} · {os.cpu_count()} cores · {args.threads} threads · OpenBLAS {model['blas_core']} · "
          f"medians of {args.rounds} alternating rounds ({args.repeats} timed runs each)")
    print(f"load average before {load_before[0]:.2f}, after {load_after[0]:.2f} (1 min)")
    print("gemm reference: C calling cblas_sgemm; the rest: PyTorch via bench_torch_model.py / bench_torch_train.py / "
          "bench_zeroshot.py (open_clip)\n")
    width = max(len(x[0]) for x in rows)
    print(f"| {'row'.ljust(width)} | {'CLIPLab':>14} | {'reference':>14} | ratio |")
    print(f"|{'-' * (width + 2)}|{'-' * 16}|{'-' * 16}|-------|")
    for label, a, b, ratio in rows:
        print(f"| {label.ljust(width)} | {a:>14} | {b:>14} | {ratio:4.2f}× |")


if __name__ == "__main__":
    main()
