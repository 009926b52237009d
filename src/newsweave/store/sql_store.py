"""What the SQLite and PostgreSQL stores share: every query that reads or writes
articles, stories, vectors and caches, written once in SQL both engines speak.

A backend supplies ``self.db`` (anything with ``execute(sql, params)`` and
``executemany`` taking ``?`` placeholders, whose rows read by position and by
column name), ``transaction()``, ``snapshot()``, ``_best_effort()``, keyword
search and its schema. SQL that only one engine speaks stays in its backend.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager

import numpy as np

from newsweave.records import Rejection
from newsweave.store.article_rows import ArticleRows
from newsweave.store.errors import StoreError
from newsweave.store.event_rows import EventRows
from newsweave.store.rows import now_text


class SQLStore(ArticleRows, EventRows):
    """Articles, stories, embeddings and rejections in one SQL database.

    The queries on articles and on events are in :class:`ArticleRows` and
    :class:`EventRows`; here are the transactions, metadata, view caches and rejections."""

    path: str
    readonly: bool
    db: object

    SNAPSHOT_BEGIN = "BEGIN"  # how this engine opens a transaction whose reads see one state
    STORY_DAYS_FROM = "stories"  # where an event's days are read from by id (an engine may name an index)
    STORY_LINES_FROM = "stories"  # and its storyline

    def transaction(self) -> AbstractContextManager[None]:
        raise NotImplementedError

    @contextmanager
    def _atomic(self, *begin: str) -> Iterator[None]:
        """A transaction opened by the statements ``begin``: committed when the block ends,
        rolled back when it raises."""
        self.db.execute(begin[0])
        try:
            for statement in begin[1:]:
                self.db.execute(statement)
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        else:
            self.db.execute("COMMIT")

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Reads inside see one state of the store, whatever other writers commit meanwhile."""
        if self.db.in_transaction:
            yield
            return
        with self._atomic(self.SNAPSHOT_BEGIN):
            yield

    def _best_effort(self) -> AbstractContextManager[None]:
        """A write to a cache, skipped when the store stays busy: a long ingest elsewhere is no
        reason to fail a read."""
        raise NotImplementedError

    def keyword_match(self, words: list[str], any_word: bool, limit: int,
                      among: list[int] | None = None) -> list[dict]:
        """Articles (``id``, ``story_id``, ``lang``, ``title``, ``rank``) holding every word of
        ``words`` (or, with ``any_word``, one of them), best first; only the article sequence
        numbers ``among`` when given."""
        raise NotImplementedError

    def keyword_rows(self, word: str) -> set[int]:
        """Sequence numbers of the articles holding ``word``."""
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- meta ---------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                        (key, value))

    def check_embedder(self, name: str, version: str, dim: int) -> None:
        """Record the embedding model on first use; refuse a different one later."""
        wanted = json.dumps({"name": name, "version": version, "dim": dim}, sort_keys=True)
        found = self.get_meta("embedder")
        if found is None:
            with self.transaction():  # read again under the lock: another writer may have been first
                found = self.get_meta("embedder")
                if found is None:
                    self.set_meta("embedder", wanted)
                    found = wanted
        if found != wanted:
            raise StoreError(
                f"{self.path} holds vectors of {found}, not {wanted}: vectors of two models cannot be "
                "compared. Use another --db, or the model this store was built with.")

    # -- story views ----------------------------------------------------------
    @property
    def writable(self) -> bool:
        return not self.readonly

    def sentence_vectors(self, keys: Iterable[str]) -> dict[str, np.ndarray]:
        return self._vectors("sentence_vectors", keys)

    def put_sentence_vectors(self, vectors: dict[str, np.ndarray]) -> None:
        if not self.writable or not vectors:
            return
        with self._best_effort():
            self.db.executemany("INSERT INTO sentence_vectors(key, vector) VALUES (?, ?) ON CONFLICT(key) DO NOTHING",
                                [(k, np.ascontiguousarray(v, dtype=np.float32).tobytes()) for k, v in vectors.items()])

    def cached_view(self, story_id: int, lang: str, signature: str) -> dict | None:
        row = self.db.execute("SELECT signature, view FROM story_views WHERE story_id = ? AND lang = ?",
                              (story_id, lang)).fetchone()
        return json.loads(row["view"]) if row and row["signature"] == signature else None

    def save_view(self, story_id: int, lang: str, signature: str, view: dict) -> None:
        if not self.writable:
            return
        with self._best_effort():
            self.db.execute(
                "INSERT INTO story_views(story_id, lang, signature, view) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(story_id, lang) DO UPDATE SET signature = excluded.signature, view = excluded.view",
                (story_id, lang, signature, json.dumps(view, ensure_ascii=False)))

    # -- rejections ---------------------------------------------------------
    def add_rejection(self, rejection: Rejection) -> None:
        self.db.execute("INSERT INTO rejections(origin, reason, rejected_at) VALUES (?, ?, ?) "
                        "ON CONFLICT(origin, reason) DO UPDATE SET rejected_at = excluded.rejected_at",
                        (rejection.origin, rejection.reason, now_text()))

    def forget_rejections(self, origin_prefix: str) -> None:
        """A file that now reads cleanly is no longer rejected."""
        # "%" and "_" in a file's name are characters, not LIKE wildcards.
        escaped = origin_prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        self.db.execute("DELETE FROM rejections WHERE origin = ? OR origin LIKE ? ESCAPE '\\'",
                        (origin_prefix, escaped + "#%"))

    def rejections(self) -> list[dict]:
        return [dict(row) for row in self.db.execute(
            "SELECT origin, reason, rejected_at FROM rejections ORDER BY id")]

