"""Reference tokenizer throughput: open_clip's SimpleTokenizer on the parity corpus.

Same protocol as `cliplab bench tokenize` (TokenizerBenchmark.swift): the corpus texts from
Tests/Fixtures/text/tokenizer_corpus.json, repeated to at least 1 MB of UTF-8, each text encoded
in full with `encode` (clean, split, BPE; no padding). One cold run (fresh tokenizer, empty
cache), then the median of warm runs.

Run: $PYTHON Tests/Reference/bench_tokenizer.py [--runs 5] [--min-bytes 1048576]
"""
import argparse
import json
import os
import statistics
import time

from open_clip.tokenizer import SimpleTokenizer

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--min-bytes", type=int, default=1 << 20)
    args = ap.parse_args()
    with open(os.path.join(HERE, "..", "Fixtures", "text", "tokenizer_corpus.json"), encoding="utf-8") as f:
        corpus = [c["text"] for c in json.load(f)["cases"]]
    size = sum(len(t.encode("utf-8")) for t in corpus)
    copies = max(1, -(-args.min_bytes // size))
    texts = corpus * copies
    nbytes = size * copies

    t0 = time.perf_counter()
    tok = SimpleTokenizer()
    load_ms = (time.perf_counter() - t0) * 1e3

    def once():
        start = time.perf_counter()
        n = 0
        for t in texts:
            n += len(tok.encode(t))
        return time.perf_counter() - start, n

    cold, tokens = once()
    warm = [once()[0] for _ in range(args.runs)]
    mid = statistics.median(warm)
    print(json.dumps({
        "texts": len(texts), "bytes": nbytes, "tokens": tokens,
        "coldSeconds": cold, "runSeconds": warm,
        "tokensPerSecond": tokens / mid, "coldTokensPerSecond": tokens / cold,
        "megabytesPerSecond": nbytes / mid / 1e6, "loadMilliseconds": load_ms,
    }))   # one line: bench_compare.py reads the last line that parses as JSON


if __name__ == "__main__":
    main()
