"""One approximate nearest-neighbour index: integer keys, unit vectors, cosine.

usearch (HNSW, 8-bit vectors) was measured against faiss-cpu's HNSW over
float32 and over 8-bit scalar quantisation (``benchmarks/bench_vector_index.py``).
faiss's 8-bit HNSW builds and searches a little faster and recalls more of
the exact ten (0.991 against 0.935 on events around topics; usearch's 8-bit
vectors cap it), but it cannot remove or replace a vector, and an event's
vector changes with every article it takes. usearch removes and replaces by
key, opens a saved file memory-mapped, and finds a query's own event among
its ten nearest in 99.7% of queries; every candidate is scored again
exactly, so that is what assignment needs of it.

Below ``EXACT_BELOW`` vectors a search is exact: a brute-force pass is cheap
there, and small stores (the sample, the evaluation corpora) then get
exactly the neighbours a full scan would.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np

EXACT_BELOW = 20_000
CONNECTIVITY = 16       # graph degree: usearch's default, a good recall/memory balance at 384-d
EXPANSION_ADD = 64      # search effort while building; 128 doubles build time for +0.01 recall
EXPANSION_SEARCH = 128  # search effort per query


def _usearch():
    """usearch's Index class, imported when first needed.

    Ray's C++ core must be loaded before usearch's: loaded after it,
    ``ray.init`` aborts inside std::regex. A process that has imported Ray
    (to start workers) therefore loads Ray's core first.
    """
    global LOADED_BEFORE_RAY
    if "ray" in sys.modules:
        import ray._raylet  # noqa: F401
    if "usearch.compiled" not in sys.modules:
        LOADED_BEFORE_RAY = "ray._raylet" not in sys.modules
    from usearch.index import Index
    return Index


LOADED_BEFORE_RAY = False  # whether usearch was loaded while Ray's core was not: Ray cannot start then


def loaded_before_ray() -> bool:
    """Whether this process loaded usearch before Ray's core, so that Ray can no longer start in it."""
    return LOADED_BEFORE_RAY


class AnnIndex:
    """Keys to unit vectors, searched by cosine."""

    def __init__(self, dim: int, index=None):
        self.dim = dim
        self._index = index if index is not None else _usearch()(
            ndim=dim, metric="cos", dtype="i8", connectivity=CONNECTIVITY,
            expansion_add=EXPANSION_ADD, expansion_search=EXPANSION_SEARCH)

    def __len__(self) -> int:
        return len(self._index)

    def __contains__(self, key: int) -> bool:
        return bool(self._index.contains(int(key)))

    def upsert(self, keys, vectors: np.ndarray) -> None:
        """Put each key's vector in, replacing the one it had."""
        keys = np.asarray(list(keys), dtype=np.uint64)
        if not len(keys):
            return
        self.remove(keys)
        self._index.add(keys, np.ascontiguousarray(vectors, dtype=np.float32).reshape(len(keys), self.dim))

    def remove(self, keys) -> None:
        present = [int(k) for k in keys if self._index.contains(int(k))]
        if present:
            self._index.remove(np.asarray(present, dtype=np.uint64))

    def nearest(self, vector: np.ndarray, k: int) -> list[int]:
        """The keys of the ``k`` vectors most like ``vector``, nearest first."""
        return [key for key, _ in self.nearest_scored(vector, k)]

    def nearest_scored(self, vector: np.ndarray, k: int) -> list[tuple[int, float]]:
        """``(key, cosine distance)`` of the ``k`` vectors most like ``vector``, nearest first."""
        return self.nearest_scored_many(np.asarray(vector)[None], k)[0]

    def nearest_scored_many(self, vectors: np.ndarray, k: int) -> list[list[tuple[int, float]]]:
        """:meth:`nearest_scored` for each row of ``vectors``, in one call on every core: each
        query finds what it would alone."""
        n = len(self._index)
        if not n or k <= 0 or not len(vectors):
            return [[] for _ in range(len(vectors))]
        batch = self._index.search(np.ascontiguousarray(vectors, dtype=np.float32).reshape(-1, self.dim),
                                   min(k, n), exact=n < EXACT_BELOW)
        if not hasattr(batch, "counts"):  # one query comes back as one query's matches
            return [[(int(key), float(d)) for key, d in zip(batch.keys, batch.distances)]]
        return [[(int(key), float(d)) for key, d in zip(batch.keys[i][:count], batch.distances[i][:count])]
                for i, count in enumerate(batch.counts)]

    def save(self, path: Path) -> None:
        """Write the index to ``path`` whole or not at all: a crash leaves the old file."""
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")  # two writers may save the same mark at once
        self._index.save(str(tmp))
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path, dim: int, view: bool = False) -> AnnIndex | None:
        """The index saved at ``path`` (memory-mapped and read-only with ``view``); None when
        the file is unreadable or not an index of ``dim``."""
        try:
            index = _usearch().restore(str(path), view=view)
        except Exception:  # a torn or foreign file: the caller rebuilds
            return None
        if index is None or index.ndim != dim:
            return None
        index.expansion_search = EXPANSION_SEARCH  # a saved file does not keep it
        return cls(dim, index)
