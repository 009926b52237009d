"""Throughput of the whole pipeline on ~3,000-character articles.

Builds N articles of about 3,000 characters from a labelled corpus in
../shared/datasets (or from the bundled sample when absent), writes them as
JSON Lines, ingests them into a fresh store and prints articles/s, the share
of wall time outside embedding, and peak memory.

    python benchmarks/bench_ingest.py [N] [--hashing]

``--hashing`` swaps the model for the hashing embedder: a quick way to
measure the memory and time of everything around the model at large N
(the model itself adds a fixed ~100 MiB and ~0.1 s an article).
"""
from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from newsweave.embed import HashingEmbedder
from newsweave.evaluate.corpus import benchmark

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "ecbplus-dev.jsonl"
TARGET_CHARS = 3000
FILE_ARTICLES = 1000


def articles(n: int) -> list[dict]:
    if CORPUS.exists():
        rows = [json.loads(line) for line in CORPUS.open(encoding="utf-8")]
    else:
        from newsweave.ingest.sample import sample_dir
        rows = [{"title": p.stem, "text": p.read_text(encoding="utf-8")} for p in sample_dir().glob("*.txt")]
    out = []
    for i in range(n):
        base = rows[i % len(rows)]
        text = base["text"]
        k = 1
        while len(text) < TARGET_CHARS:  # pad with the following article's text
            text += "\n" + rows[(i + k) % len(rows)]["text"]
            k += 1
        out.append({"id": f"b{i}", "title": f"{base['title']} ({i})", "text": text[:TARGET_CHARS]})
    return out


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    n = int(args[0]) if args else 200
    embedder = HashingEmbedder(dim=384) if "--hashing" in sys.argv else None
    with tempfile.TemporaryDirectory() as tmp:
        # Files of at most FILE_ARTICLES articles keep each under the 20 MB input limit.
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        rows = articles(n)
        for start in range(0, n, FILE_ARTICLES):
            part = rows[start:start + FILE_ARTICLES]
            (corpus / f"bench-{start // FILE_ARTICLES:04d}.jsonl").write_text(
                "\n".join(json.dumps(a) for a in part), encoding="utf-8")
        result = benchmark(corpus, Path(tmp) / "bench.db", embedder)
    stages, wall = result["stage_seconds"], result["wall_s"]
    embed = stages["embed"]
    print(f"articles: {result['stored']} stored of {n} (~{TARGET_CHARS} chars each)")
    print(f"wall: {wall:.1f} s -> {n / wall:.2f} articles/s")
    print(f"embedding: {embed:.1f} s; everything else: {wall - embed:.1f} s = {100 * (wall - embed) / wall:.1f}% of wall time")
    print("stage seconds: " + ", ".join(f"{k} {v:.2f}" for k, v in sorted(stages.items())))
    print(f"peak RSS: {result['peak_rss_mb']:.0f} MiB")


if __name__ == "__main__":
    main()
