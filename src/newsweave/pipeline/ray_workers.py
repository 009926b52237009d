"""Ingest work on Ray workers: ``newsweave ingest --workers N [--ray-address ADDR]``.

Each worker is a Ray actor holding its own copy of the store's model and of
the language identifier. It does each document's own work: cleaning (HTML
extraction included), language identification, dates, the evidence counts,
and the embedding. A batch is cut into one contiguous slice per worker and
the results come back in order. What needs the store or the other documents
stays in the one ingest process: listing and reading the files (they are on
its disk; a document travels to a worker as decoded text), exact and near
duplicates, and assignment, which must stay a single ordered writer. So the
stories are those of a serial run.

Ray is an optional extra (``pip install 'newsweave[ray]'``), imported only here.
Without an address a local Ray cluster is started for the run and stopped
after it; with one, the workers run wherever that cluster puts them (each
node needs newsweave installed).
"""
from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence
from datetime import datetime

import numpy as np

from newsweave.embed import Embedder
from newsweave.records import RawDocument
from newsweave.pipeline.prepare import Prepared, Preparer


class RayMissing(ImportError):
    """--workers was asked for on an installation without Ray."""


def _ray():
    try:
        import ray
    except ImportError:
        raise RayMissing("--workers runs on Ray, which is not installed: pip install 'newsweave[ray]'") from None
    from newsweave.vector_index import loaded_before_ray
    if loaded_before_ray() and not ray.is_initialized():
        # Started after the vector index's library was loaded, Ray aborts the process (std::regex).
        raise RayMissing("Ray must start before the vector index is loaded in this process: "
                         "start the workers first (the CLI does)")
    return ray


class _Worker:
    """One model copy and one preparer inside a Ray actor, the model rebuilt from what the store records of it."""

    def __init__(self, name: str, dim: int):
        from newsweave.embed import BACKENDS

        self.embedder = BACKENDS[name]({"name": name, "dim": dim})
        self.preparer = Preparer()

    def embed(self, texts: list[str]) -> np.ndarray:
        return self.embedder.embed(texts)

    def prepare(self, docs: list[RawDocument], now: datetime) -> tuple[list[Prepared], Counter]:
        return self.preparer.prepare_all(docs, now), self.preparer.take_timers()


class RayWorkers:
    """``workers`` Ray actors running ``inner``'s model; ``embedder`` and ``preparer``
    hand the pipeline their two kinds of work."""

    def __init__(self, inner: Embedder, workers: int, address: str | None = None):
        if workers < 1:
            raise ValueError(f"workers must be at least 1, got {workers}")
        ray = _ray()
        self.workers = workers
        self._started = not ray.is_initialized()
        # Each worker gets its share of the cores, so that N model copies do not fight over them.
        threads = max(1, (os.cpu_count() or 1) // workers)
        env = {var: str(threads) for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}
        if self._started:
            ray.init(address=address, include_dashboard=False, log_to_driver=False, configure_logging=False,
                     runtime_env={"env_vars": env})
        actor = ray.remote(num_cpus=0 if address is None else 1)(_Worker)
        self._actors = [actor.remote(inner.name, inner.dim) for _ in range(workers)]
        self.embedder = RayEmbedder(inner, self)
        self.preparer = RayPreparer(self)

    def spread(self, method: str, items: Sequence, *args) -> list:
        """Call ``method`` of the actors on contiguous slices of ``items``; the results, in order."""
        ray = _ray()
        slices = [s for s in np.array_split(np.arange(len(items)), min(self.workers, len(items))) if len(s)]
        futures = [getattr(actor, method).remote([items[i] for i in part], *args)
                   for actor, part in zip(self._actors, slices)]
        return ray.get(futures)

    def close(self) -> None:
        """Stop the workers, and the local cluster when this run started it."""
        ray = _ray()
        for actor in self._actors:
            ray.kill(actor)
        self._actors = []
        if self._started:
            ray.shutdown()


class RayEmbedder:
    """The model's :class:`Embedder` with ``embed`` spread over the workers; queries and
    leads stay local (they are one text at a time, or cheap)."""

    def __init__(self, inner: Embedder, pool: RayWorkers):
        self.inner, self.pool = inner, pool
        self.name, self.version, self.dim = inner.name, inner.version, inner.dim

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.concatenate(self.pool.spread("embed", texts), axis=0)

    def embed_query(self, texts: list[str]) -> np.ndarray:
        return self.inner.embed_query(texts)

    def fit_lead(self, title: str, text: str) -> str:
        return self.inner.fit_lead(title, text)

    def language_offsets(self) -> dict[str, np.ndarray]:
        provider = getattr(self.inner, "language_offsets", None)
        return provider() if callable(provider) else {}


class RayPreparer:
    """:class:`~newsweave.prepare.Preparer`'s interface, with the documents prepared on the workers.

    Its stage seconds add up the workers' time, so on N busy workers they
    may exceed the wall time of the run.
    """

    def __init__(self, pool: RayWorkers):
        self.pool = pool
        self.timers: Counter = Counter()

    def prepare_all(self, docs: Sequence[RawDocument], now: datetime) -> list[Prepared]:
        if not docs:
            return []
        out: list[Prepared] = []
        for results, timers in self.pool.spread("prepare", docs, now):
            out.extend(results)
            self.timers.update(timers)
        return out

    def take_timers(self) -> Counter:
        timers, self.timers = self.timers, Counter()
        return timers
