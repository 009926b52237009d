"""Every stored event's centred centroid in an ANN index, kept in step with the store.

The assigner holds only the events that can still take articles (its
window); this index finds the others: the old events an undated article
may join, the events a repair pass compares beyond the window, and any
event another writer changed. It follows the store's ``story_log`` from a
high-water mark, so each process (and each reopening of a saved index)
takes in exactly the events saved or deleted since.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

from . import files
from .ann import AnnIndex

KIND = "events"
BUILD_BATCH = 5_000

Centroid = Callable[[np.ndarray, dict], np.ndarray]  # (vector sum, language counts) -> unit centred centroid


class EventIndex:
    def __init__(self, ann: AnnIndex, rev: int, folder=None, identity: str | None = None):
        self.ann = ann
        self.rev = rev
        self.folder = folder
        self.identity = identity
        self.saved_rev = rev

    @classmethod
    def open(cls, store, dim: int, centroid: Centroid) -> EventIndex:
        """The saved index of this store brought up to date, or one built from its events."""
        folder = files.index_folder(store)
        identity = files.store_identity(store) if folder is not None else None
        newest = store.last_story_rev()
        found = files.load_latest(folder, KIND, identity, dim, newest)
        if found is None:
            index = cls(AnnIndex(dim), newest, folder, identity)
            index.saved_rev = -1
            index._build(store, centroid)
        else:
            index = cls(found[0], found[1], folder, identity)
        index.sync(store, centroid)
        return index

    def _build(self, store, centroid: Centroid) -> None:
        ids, vectors = [], []
        for story in store.load_stories():
            ids.append(story["id"])
            vectors.append(centroid(story["vector_sum"], story["lang_counts"]))
            if len(ids) >= BUILD_BATCH:
                self.ann.upsert(ids, np.vstack(vectors))
                ids, vectors = [], []
        if ids:
            self.ann.upsert(ids, np.vstack(vectors))

    def sync(self, store, centroid: Centroid, held: Callable[[int], tuple[np.ndarray, dict] | None] | None = None
             ) -> int:
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
            summaries[story["id"]] = (story["vector_sum"], story["lang_counts"])
        self.ann.remove([i for i in changed if i not in summaries])
        live = [i for i in changed if i in summaries]
        if live:
            self.ann.upsert(live, np.vstack([centroid(*summaries[i]) for i in live]))
        self.rev = rev
        return len(changed)

    def nearest(self, vector: np.ndarray, k: int) -> list[int]:
        return self.ann.nearest(vector, k)

    def save(self) -> None:
        """Write the index beside the store when it changed since the last save."""
        if self.rev != self.saved_rev:
            files.save(self.folder, KIND, self.identity, self.ann, self.rev)
            self.saved_rev = self.rev
