"""Every stored event's centred centroid in an ANN index, kept in step with the store.

The assigner holds only the events that can still take articles (its
window); this index finds the others: the old events an undated article
may join, the events a repair pass compares beyond the window, and any
event another writer changed. It follows the store's ``story_log`` from a
high-water mark, so each process (and each reopening of a saved index)
takes in exactly the events saved or deleted since.

Two parts, as for articles: a *base* saved beside the store and read
memory-mapped (opening it costs nothing, however many events it holds),
and a *delta* in memory with the events changed since the base's mark.
A writer's :meth:`EventIndex.save` folds the delta into a new base. A
changed event may be found in both parts and a deleted one may linger in
the base: callers read what is found from the store, which has the truth.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

from newsweave.vector_index import files
from newsweave.vector_index.ann import AnnIndex

KIND = "events"
BUILD_BATCH = 5_000

Centroid = Callable[[np.ndarray, dict], np.ndarray]  # (vector sum, language counts) -> unit centred centroid
Held = Callable[[int], "tuple[np.ndarray, dict] | None"]


class EventIndex:
    def __init__(self, dim: int, base: AnnIndex | None, rev: int, folder=None, identity: str | None = None):
        self.dim = dim
        self.base = base          # memory-mapped, never changed; None when nothing was saved yet
        self.base_rev = rev if base is not None else -1
        self.ann = AnnIndex(dim)  # the delta: events changed after the base's mark (all of them without one)
        self.changed: dict[int, np.ndarray | None] = {}  # since the base: event -> its vector (None: deleted)
        self.rev = rev
        self.folder = folder
        self.identity = identity

    def __len__(self) -> int:
        return len(self.ann) + (len(self.base) if self.base is not None else 0)

    @classmethod
    def open(cls, store, dim: int, centroid: Centroid) -> EventIndex:
        """The saved index of this store brought up to date from the log, or one built from
        its events (a new store, a missing or torn file, a store restored from a backup)."""
        folder = files.index_folder(store)
        identity = (files.store_identity(store) if store.writable else store.get_meta("store_id")) \
            if folder is not None else None
        newest = store.last_story_rev()
        found = files.load_latest(folder, KIND, identity, dim, newest, view=True)
        if found is None:
            index = cls(dim, None, newest, folder, identity)
            index._build(store, centroid)
        else:
            index = cls(dim, found[0], found[1], folder, identity)
        index.sync(store, centroid)
        return index

    def _build(self, store, centroid: Centroid) -> None:
        ids, vectors = [], []
        for story in store.load_stories():
            ids.append(story.id)
            vectors.append(centroid(story.vector_sum, story.lang_counts))
            if len(ids) >= BUILD_BATCH:
                self.ann.upsert(ids, np.vstack(vectors))
                ids, vectors = [], []
        if ids:
            self.ann.upsert(ids, np.vstack(vectors))

    def sync(self, store, centroid: Centroid, held: Held | None = None) -> int:
        """Take in the events saved or deleted since the last look; returns how many.

        ``held(id)`` gives an event's current sum and language counts when the
        caller holds it, sparing a read of the store.
        """
        rev, changed = store.story_changes(self.rev)
        if not changed:
            self.rev = rev
            return 0
        summaries = {}
        unheld = []
        for story_id in changed:
            mine = held(story_id) if held else None
            if mine is None:
                unheld.append(story_id)
            else:
                summaries[story_id] = mine
        for story in store.load_stories(unheld):
            summaries[story.id] = (story.vector_sum, story.lang_counts)
        self.ann.remove([i for i in changed if i not in summaries])
        live = [i for i in changed if i in summaries]
        vectors = np.vstack([centroid(*summaries[i]) for i in live]) if live else None
        if live:
            self.ann.upsert(live, vectors)
        for story_id in changed:
            self.changed[story_id] = None
        for story_id, vector in zip(live, vectors if live else []):
            self.changed[story_id] = vector
        self.rev = rev
        return len(changed)

    def nearest(self, vector: np.ndarray, k: int) -> list[int]:
        """The ``k`` nearest events over base and delta (an event changed since the base
        counts by its new vector; one deleted since is left out)."""
        return self.nearest_many(np.asarray(vector)[None], k)[0]

    def nearest_many(self, vectors: np.ndarray, k: int) -> list[list[int]]:
        """:meth:`nearest` for each row of ``vectors``, searched together."""
        found = self.ann.nearest_scored_many(vectors, k)
        if self.base is not None:
            # As many from the base as the delta gave, and k more: the delta's may be stale there.
            extra = max((len(f) for f in found), default=0)
            for mine, theirs in zip(found, self.base.nearest_scored_many(vectors, k + extra)):
                mine += [(i, d) for i, d in theirs[:k + len(mine)] if i not in self.changed]
        out = []
        for mine in found:
            mine.sort(key=lambda kd: kd[1])
            out.append([i for i, _ in mine[:k]])
        return out

    def save(self) -> None:
        """Fold the delta into a new base beside the store (a writer, at the end of its run)."""
        if self.folder is None or self.identity is None or self.rev == self.base_rev:
            return
        if self.base is None:
            merged = self.ann
        else:
            found = files.load_latest(self.folder, KIND, self.identity, self.dim, self.rev)
            if found is None or found[1] != self.base_rev:
                return  # another writer saved meanwhile; its base or the next fold takes ours in
            merged = found[0]
            merged.remove([i for i, vector in self.changed.items() if vector is None])
            keys = [i for i, vector in self.changed.items() if vector is not None]
            if keys:
                merged.upsert(keys, np.vstack([self.changed[i] for i in keys]))
        path = files.save(self.folder, KIND, self.identity, merged, self.rev)
        reopened = AnnIndex.load(path, self.dim, view=True) if path is not None else None
        if reopened is not None:
            self.base, self.base_rev = reopened, self.rev
            self.ann, self.changed = AnnIndex(self.dim), {}
