"""Story views and sentence vectors kept in memory, for readers that may not write.

The web server answers GET requests on read-only connections, so a view it
builds cannot go into the store's cache; it stays here, for the life of the
server, keyed by the same signature the store uses (a story that grows gets
a new one).
"""
from __future__ import annotations

import threading
from collections import OrderedDict

import numpy as np

MAX_VIEWS = 1024
MAX_SENTENCES = 200_000


class MemoryCache:
    """A bounded, thread-safe cache of views and sentence vectors (oldest dropped first)."""

    def __init__(self, max_views: int = MAX_VIEWS, max_sentences: int = MAX_SENTENCES):
        self._views: OrderedDict[tuple[int, str], tuple[str, dict]] = OrderedDict()
        self._sentences: OrderedDict[str, np.ndarray] = OrderedDict()
        self._max_views, self._max_sentences = max_views, max_sentences
        self._lock = threading.Lock()

    def view(self, story_id: int, lang: str, signature: str) -> dict | None:
        with self._lock:
            found = self._views.get((story_id, lang))
            return found[1] if found and found[0] == signature else None

    def save_view(self, story_id: int, lang: str, signature: str, view: dict) -> None:
        with self._lock:
            self._views[(story_id, lang)] = (signature, view)
            self._views.move_to_end((story_id, lang))
            while len(self._views) > self._max_views:
                self._views.popitem(last=False)

    def sentence_vectors(self, keys) -> dict[str, np.ndarray]:
        with self._lock:
            return {k: self._sentences[k] for k in keys if k in self._sentences}

    def put_sentence_vectors(self, vectors: dict[str, np.ndarray]) -> None:
        with self._lock:
            self._sentences.update(vectors)
            while len(self._sentences) > self._max_sentences:
                self._sentences.popitem(last=False)
