"""Vector index libraries compared: recall@10 against exact search, build and query time.

    python benchmarks/bench_vector_index.py [N] [--store FILE ...] [--json]

Three sets of unit vectors, 384-d as the bundled model's:

- ``clustered``: N vectors in events of three around centres that gather
  around 2,000 topics, as reports of one event sit around it; the queries
  are new reports of stored events (what assignment asks), and
  ``event@10`` is the share whose own event's three articles are all among
  the ten found;
- ``random``: N random unit vectors, the hardest case an index can meet
  (no structure at all), with queries near stored vectors;
- ``store``: the article vectors of real stores (``--store``), queries
  their own vectors with a little noise.

Each library is run with the settings newsweave would use (usearch: HNSW,
8-bit vectors; faiss-cpu: HNSW over float32 and over 8-bit scalar
quantisation), on the threads of this machine. faiss-cpu is optional
(``pip install 'newsweave[bench]'``); without it only usearch is measured.
"""
from __future__ import annotations

import argparse
import json
import sqlite3
import time

import numpy as np

from newsweave.vector_index.ann import CONNECTIVITY, EXPANSION_ADD, EXPANSION_SEARCH, AnnIndex

DIM = 384
QUERIES = 300
K = 10


def _unit(x: np.ndarray) -> np.ndarray:
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def clustered(n: int, rng) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Events of three around centres that gather around 2,000 topics (as bench_scale fills),
    queries new reports of stored events; with each query's event's article rows."""
    topics = _unit(rng.standard_normal((2_000, DIM)))
    centres = _unit(topics[rng.integers(0, len(topics), n // 3 + 1)]
                    + rng.standard_normal((n // 3 + 1, DIM)) / np.sqrt(DIM))
    members = np.repeat(np.arange(len(centres)), 3)[:n]
    vectors = _unit(centres[members] + 0.5 * rng.standard_normal((n, DIM)) / np.sqrt(DIM))
    picked = rng.integers(0, n // 3, QUERIES)
    queries = _unit(centres[picked] + 0.5 * rng.standard_normal((QUERIES, DIM)) / np.sqrt(DIM))
    own = np.stack([3 * picked, 3 * picked + 1, 3 * picked + 2], axis=1)
    return vectors, queries, own


def random_set(n: int, rng) -> tuple[np.ndarray, np.ndarray]:
    vectors = _unit(rng.standard_normal((n, DIM)))
    picked = rng.integers(0, n, QUERIES)
    return vectors, _unit(vectors[picked] + 0.5 * rng.standard_normal((QUERIES, DIM)) / np.sqrt(DIM))


def store_set(paths: list[str], rng) -> tuple[np.ndarray, np.ndarray]:
    rows = []
    for path in paths:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        rows += [np.frombuffer(blob, dtype=np.float32) for (blob,) in con.execute("SELECT vector FROM embeddings")]
        con.close()
    vectors = np.vstack(rows)
    vectors = _unit(vectors - vectors.mean(axis=0))  # centred, as the indexes hold them
    picked = rng.integers(0, len(vectors), min(QUERIES, len(vectors)))
    return vectors, _unit(vectors[picked] + 0.3 * rng.standard_normal((len(picked), DIM)) / np.sqrt(DIM))


def _recall(found: np.ndarray, exact: np.ndarray) -> float:
    return float(np.mean([len(set(f[:K]) & set(e)) / K for f, e in zip(found, exact)]))


def _event_found(found: np.ndarray, own: np.ndarray | None) -> float | None:
    """The share of queries whose own event's articles are all among the ``K`` found: what
    assignment needs of the index."""
    if own is None:
        return None
    return round(float(np.mean([set(o) <= set(f[:K]) for f, o in zip(found, own)])), 4)


def measure_usearch(vectors, queries, exact, own) -> dict:
    from newsweave.vector_index.ann import _usearch
    index = AnnIndex(DIM)
    t = time.perf_counter()
    index.upsert(np.arange(len(vectors)), vectors)
    build = time.perf_counter() - t
    raw = index._index
    t = time.perf_counter()
    found = raw.search(queries, K, exact=False).keys
    query_ms = (time.perf_counter() - t) * 1000 / len(queries)
    _usearch()  # loaded already; named for the reader
    return {"library": "usearch i8", "build_s": round(build, 2), "query_ms": round(query_ms, 3),
            "recall_at_10": round(_recall(found, exact), 4), "event_at_10": _event_found(found, own),
            "memory_mb": round(raw.memory_usage / 2**20, 1)}


def measure_faiss(vectors, queries, exact, own, quantised: bool) -> dict | None:
    try:
        import faiss
    except ImportError:
        return None
    if quantised:
        index = faiss.IndexHNSWSQ(DIM, faiss.ScalarQuantizer.QT_8bit, CONNECTIVITY, faiss.METRIC_INNER_PRODUCT)
    else:
        index = faiss.IndexHNSWFlat(DIM, CONNECTIVITY, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = EXPANSION_ADD
    t = time.perf_counter()
    if quantised:
        index.train(vectors)
    index.add(vectors)
    build = time.perf_counter() - t
    index.hnsw.efSearch = EXPANSION_SEARCH
    t = time.perf_counter()
    _, found = index.search(queries, K)
    query_ms = (time.perf_counter() - t) * 1000 / len(queries)
    per_vector = DIM if quantised else 4 * DIM
    return {"library": "faiss hnsw sq8" if quantised else "faiss hnsw f32", "build_s": round(build, 2),
            "query_ms": round(query_ms, 3), "recall_at_10": round(_recall(found, exact), 4),
            "event_at_10": _event_found(found, own),
            "memory_mb": round(len(vectors) * (per_vector + 2 * CONNECTIVITY * 4) / 2**20, 1)}


def run(name: str, vectors: np.ndarray, queries: np.ndarray, own: np.ndarray | None = None) -> list[dict]:
    exact = np.argsort(-(queries @ vectors.T), axis=1)[:, :K]
    out = []
    for result in (measure_usearch(vectors, queries, exact, own), measure_faiss(vectors, queries, exact, own, False),
                   measure_faiss(vectors, queries, exact, own, True)):
        if result is not None:
            result = {"set": name, "n": len(vectors), **result}
            print(f"{name:>10} {len(vectors):>8,}  {result['library']:<15} build {result['build_s']:>7.2f} s  "
                  f"query {result['query_ms']:>6.3f} ms  recall@10 {result['recall_at_10']:.4f}  "
                  f"event@10 {result['event_at_10'] if result['event_at_10'] is not None else '-'}  "
                  f"~{result['memory_mb']:,.0f} MB")
            out.append(result)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, nargs="?", default=100_000)
    parser.add_argument("--store", action="append", default=[], help="a SQLite store whose vectors to use")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rng = np.random.default_rng(3)
    results = run("clustered", *clustered(args.n, rng)) + run("random", *random_set(args.n, rng))
    if args.store:
        results += run("store", *store_set(args.store, rng))
    if args.json:
        print(json.dumps(results))


if __name__ == "__main__":
    main()
