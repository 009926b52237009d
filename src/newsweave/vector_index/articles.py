"""Every stored article's vector in an ANN index, for meaning search.

Two parts: a *base* saved next to the store up to some article sequence
number, read memory-mapped (a search touches a few pages of it, so a
million articles do not have to fit in memory), and a *delta* of the
articles stored after it, indexed in memory by each process as it reads
them. The writer folds the delta into a new base at the end of an ingest
once it has grown past ``FOLD_AT`` and a tenth of the base, so the cost
of rewriting the base stays in proportion to what was added. A store with
fewer articles than ``FOLD_AT`` has no base: its delta, searched exactly,
is all of it.

Vectors are centred on the store's global mean when they are indexed and
on the model's offset for their language; the searcher scores the
candidates again, exactly, under the current mean.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

from newsweave.vector_index import files
from newsweave.vector_index.ann import AnnIndex

KIND = "articles"
FOLD_AT = 20_000
FOLD_SHARE = 0.1
READ_BATCH = 5_000

Centring = Callable[[np.ndarray, list[str]], np.ndarray]  # (vectors, languages) -> unit centred rows


class ArticleIndex:
    def __init__(self, dim: int, base: AnnIndex | None, base_seq: int):
        self.dim = dim
        self.base = base
        self.base_seq = base_seq
        self.delta = AnnIndex(dim)
        self.last_seq = base_seq

    @classmethod
    def open(cls, store, dim: int) -> ArticleIndex:
        """The saved base of this store, memory-mapped, if there is one."""
        folder = files.index_folder(store)
        identity = store.get_meta("store_id") if folder is not None else None
        found = files.load_latest(folder, KIND, identity, dim, store.last_seq(), view=True)
        if found is None:
            return cls(dim, None, 0)
        return cls(dim, found[0], found[1])

    def __len__(self) -> int:
        return len(self.delta) + (len(self.base) if self.base is not None else 0)

    def refresh(self, store, centre: Centring) -> int:
        """Index the articles stored since the last look; returns how many."""
        added = 0
        batch_seqs, batch_vectors, batch_langs = [], [], []
        for row in store.article_vectors(self.last_seq):
            batch_seqs.append(row.seq)
            batch_vectors.append(row.vector)
            batch_langs.append(row.lang)
            if len(batch_seqs) >= READ_BATCH:
                added += self._add(batch_seqs, batch_vectors, batch_langs, centre)
                batch_seqs, batch_vectors, batch_langs = [], [], []
        if batch_seqs:
            added += self._add(batch_seqs, batch_vectors, batch_langs, centre)
        return added

    def _add(self, seqs, vectors, langs, centre: Centring) -> int:
        self.delta.upsert(seqs, centre(np.vstack(vectors), langs))
        self.last_seq = seqs[-1]
        return len(seqs)

    def nearest(self, query: np.ndarray, k: int) -> list[int]:
        """Sequence numbers of the ``k`` articles nearest ``query``, from base and delta."""
        found = self.delta.nearest_scored(query, k)
        if self.base is not None:
            found += self.base.nearest_scored(query, k)
        found.sort(key=lambda kd: kd[1])
        return [seq for seq, _ in found[:k]]

    @staticmethod
    def fold(store, dim: int, centre: Centring, force: bool = False) -> bool:
        """At the end of a writer's ingest: write a new base when the delta has grown enough
        (or whatever its size, with ``force``). Returns whether one was written."""
        folder = files.index_folder(store)
        if folder is None:
            return False
        identity = files.store_identity(store)
        last = store.last_seq()
        found = files.load_latest(folder, KIND, identity, dim, last)
        base, mark = found if found is not None else (AnnIndex(dim), 0)
        pending = store.article_count() - len(base)
        if pending <= 0 or (not force and pending < max(FOLD_AT, FOLD_SHARE * len(base))):
            return False
        index = ArticleIndex(dim, None, mark)
        index.delta = base
        index.refresh(store, centre)
        files.save(folder, KIND, identity, base, index.last_seq)
        return True
