"""What the app shares between requests: the store's path, the models, the
search index, the one writer pipeline and its lock."""
from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone

import numpy as np

from newsweave.embed import Embedder, embedder_for_store
from newsweave.embed import Centre
from newsweave.text import LanguageIdentifier
from newsweave.records import IngestSummary, RawDocument, Rejection
from newsweave.pipeline import Pipeline
from newsweave.search import Searcher
from newsweave.store import SQLStore, database_errors, open_store
from newsweave.store import StoreReader
from newsweave.vector_index import EventIndex
from newsweave.view import StoryViews
from newsweave.view import StorylineViews
from newsweave.view import MemoryCache


class SerialEmbedder:
    """An embedder used by one thread at a time: request threads share one model."""

    def __init__(self, inner: Embedder):
        self.inner = inner
        self.name, self.version, self.dim = inner.name, inner.version, inner.dim
        self._lock = threading.Lock()

    def embed(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            return self.inner.embed(texts)

    def embed_query(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            return self.inner.embed_query(texts)

    def fit_lead(self, title: str, text: str) -> str:
        with self._lock:
            return self.inner.fit_lead(title, text)

    def language_offsets(self) -> dict[str, np.ndarray]:
        provider = getattr(self.inner, "language_offsets", None)
        return provider() if callable(provider) else {}


class Engine:
    """Opens a read-only connection per request, and keeps one writer pipeline
    open for this server's ingests, run one at a time, so they share one model
    and one assigner without queueing each other's chunks. Writers in other
    processes (a CLI ingest, a watcher) are safe beside it: each chunk is
    assigned under the store's write lock after taking in what others stored."""

    def __init__(self, db: str, embedder: Embedder | None = None):
        self.db = db
        with open_store(db) as store:  # creates or upgrades the store before the first request
            self.embedder = SerialEmbedder(embedder or embedder_for_store(store))
        self.language = LanguageIdentifier()
        self.searcher = Searcher(self.embedder, self.language)
        self._write_lock = threading.Lock()
        self._writer: SQLStore | None = None
        self._pipeline: Pipeline | None = None
        self.cache = MemoryCache()
        self._events: EventIndex | None = None
        self._events_lock = threading.Lock()

    @contextmanager
    def store(self) -> Iterator[StoreReader]:
        """A read-only connection: what requests that only read use."""
        with open_store(self.db, readonly=True) as store:
            yield store

    def views(self, store: StoreReader) -> StoryViews:
        """Story views for one request, cached in this server's memory (its reads do not write)."""
        return StoryViews(store, self.embedder, self.cache, self.near_events)

    def near_events(self, store: StoreReader, centre: Centre, vector: np.ndarray, k: int) -> list[int]:
        """The events nearest ``vector``, through this server's one event index, brought up to
        date with what writers changed since it last looked."""
        with self._events_lock:
            if self._events is None:
                self._events = EventIndex.open(store, self.embedder.dim, centre.story)
            else:
                self._events.sync(store, centre.story)
            return self._events.nearest(vector, k)

    def storyline_views(self, store: StoreReader) -> StorylineViews:
        """Storyline views over the same cached event views."""
        return StorylineViews(store, events=self.views(store))

    def ingest(self, documents: Iterable[RawDocument | Rejection]) -> IngestSummary:
        """Store documents through this server's one pipeline, kept open from the first write on:
        its assigner, word rarities and language means stay in memory and take in only what
        was stored since (by this server or by other processes) before each chunk."""
        with self._write_lock:
            if self._pipeline is None:
                self._writer = open_store(self.db, any_thread=True)
                self._pipeline = Pipeline(self._writer, embedder=self.embedder, language=self.language,
                                          progress=False)
            # Undated articles take the time they arrived, not the time the server started.
            self._pipeline.now = datetime.now(timezone.utc)
            try:
                return self._pipeline.ingest_documents(documents)
            except database_errors():
                self._close_writer()  # a broken connection is not kept: the next write opens afresh
                raise

    def _close_writer(self) -> None:
        if self._writer is not None:
            self._writer.close()
        self._writer, self._pipeline = None, None

    def close(self) -> None:
        """Close the writer connection (the app's shutdown)."""
        with self._write_lock:
            self._close_writer()
