"""Embedding on Ray workers: ``newsweave ingest --workers N [--ray-address ADDR]``.

Each worker is a Ray actor holding its own copy of the store's model; a
batch is cut into one contiguous slice per worker and the vectors come back
in order. Everything else stays in the one ingest process: reading,
cleaning, language identification and dates cost about 2% of an ingest
(the embedding about 95%), and assignment must stay a single ordered
writer. So the stories are those of a serial run.

Ray is an optional extra (``pip install 'newsweave[ray]'``), imported only here.
Without an address a local Ray cluster is started for the run and stopped
after it; with one, the workers run wherever that cluster puts them (each
node needs newsweave installed).
"""
from __future__ import annotations

import os

import numpy as np

from .base import Embedder


class RayMissing(ImportError):
    """--workers was asked for on an installation without Ray."""


def _ray():
    try:
        import ray
    except ImportError:
        raise RayMissing("--workers runs on Ray, which is not installed: pip install 'newsweave[ray]'") from None
    return ray


class _Worker:
    """One model copy inside a Ray actor, rebuilt from what the store records of it."""

    def __init__(self, name: str, dim: int):
        from . import BACKENDS

        self.embedder = BACKENDS[name]({"name": name, "dim": dim})

    def embed(self, texts: list[str]) -> np.ndarray:
        return self.embedder.embed(texts)


class RayEmbedder:
    """``inner``'s model, with ``embed`` spread over ``workers`` Ray actors; queries and
    leads stay local (they are one text at a time, or cheap)."""

    def __init__(self, inner: Embedder, workers: int, address: str | None = None):
        if workers < 1:
            raise ValueError(f"workers must be at least 1, got {workers}")
        ray = _ray()
        self.inner, self.workers = inner, workers
        self.name, self.version, self.dim = inner.name, inner.version, inner.dim
        self._started = not ray.is_initialized()
        # Each worker gets its share of the cores, so that N model copies do not fight over them.
        threads = max(1, (os.cpu_count() or 1) // workers)
        env = {var: str(threads) for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}
        if self._started:
            ray.init(address=address, include_dashboard=False, log_to_driver=False, configure_logging=False,
                     runtime_env={"env_vars": env})
        actor = ray.remote(num_cpus=0 if address is None else 1)(_Worker)
        self._actors = [actor.remote(inner.name, inner.dim) for _ in range(workers)]

    def embed(self, texts: list[str]) -> np.ndarray:
        ray = _ray()
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        slices = [s for s in np.array_split(np.arange(len(texts)), min(self.workers, len(texts))) if len(s)]
        futures = [actor.embed.remote([texts[i] for i in part]) for actor, part in zip(self._actors, slices)]
        return np.concatenate(ray.get(futures), axis=0)

    def embed_query(self, texts: list[str]) -> np.ndarray:
        return self.inner.embed_query(texts)

    def fit_lead(self, title: str, text: str) -> str:
        return self.inner.fit_lead(title, text)

    def language_offsets(self) -> dict[str, np.ndarray]:
        provider = getattr(self.inner, "language_offsets", None)
        return provider() if callable(provider) else {}

    def close(self) -> None:
        """Stop the workers, and the local cluster when this run started it."""
        ray = _ray()
        for actor in self._actors:
            ray.kill(actor)
        self._actors = []
        if self._started:
            ray.shutdown()
