"""The embedded default store: one SQLite file in WAL mode.

All writes of one ingest step happen in one transaction, so a killed ingest
leaves either the whole step or none of it; the next run resumes from the
files not yet marked done.
"""
from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

from newsweave.store.errors import StoreError, is_busy
from newsweave.store.schema import MIGRATIONS, SCHEMA_VERSION
from newsweave.store.sql_store import SQLStore
from newsweave.store.turns import WriterTurns

BUSY_TIMEOUT_S = 30.0
# SQLite keeps 2 MiB of pages by default: at a million articles the near-copy index alone
# spans far more, and each lookup read its pages again from the file.
PAGE_CACHE_KIB = 64 * 1024

URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


class SQLiteStore(SQLStore):
    """Articles, stories, embeddings and rejections in one SQLite database."""

    # By id SQLite reads the table's rows, each with its vector: on a large store the small
    # index of days alone is many times fewer pages.
    STORY_DAYS_FROM = "stories INDEXED BY stories_days"
    STORY_LINES_FROM = "stories INDEXED BY stories_lines"

    def __init__(self, path: str | Path, readonly: bool = False, any_thread: bool = False):
        """``any_thread`` lets threads other than the opener's use the connection, one at a
        time (a server's writer, behind its own lock)."""
        self.path = str(path)
        self._turns: WriterTurns | None = None
        if URL_SCHEME.match(self.path):
            raise StoreError(f"{self.path}: not a SQLite file; open URLs with open_store()")
        self.readonly = readonly
        if readonly:
            if not Path(self.path).exists():
                raise StoreError(f"no store at {self.path}: run 'newsweave ingest' first")
            # As a URI, with the path escaped: "?" or "#" in a folder name would end it.
            self.db = sqlite3.connect(f"{Path(self.path).resolve().as_uri()}?mode=ro", uri=True)
        else:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, isolation_level=None, timeout=BUSY_TIMEOUT_S,
                                      check_same_thread=not any_thread)
        try:
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.execute(f"PRAGMA cache_size=-{PAGE_CACHE_KIB}")
            if readonly:
                self._migrate(readonly)
            else:
                self._turns = WriterTurns(self.path, BUSY_TIMEOUT_S)
                # Switching a new file to WAL answers "locked" at once, without
                # waiting, when another process does the same: so in turn.
                with self._turns.turn():
                    self.db.execute("PRAGMA journal_mode=WAL")
                    self.db.execute("PRAGMA synchronous=NORMAL")
                    self._migrate(readonly)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        self.db.close()
        if self._turns is not None:
            self._turns.close()
            self._turns = None

    # -- schema -------------------------------------------------------------
    def _schema_version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self, readonly: bool) -> None:
        version = self._schema_version()
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.path} has schema {version}; this newsweave knows up to {SCHEMA_VERSION}: upgrade newsweave")
        if version == SCHEMA_VERSION:
            return
        if readonly:
            raise StoreError(f"{self.path} needs a schema upgrade: open it once for writing (e.g. 'newsweave ingest')")
        while version < SCHEMA_VERSION:
            # executescript commits by itself, so each migration carries its
            # own transaction: the schema and its version change together.
            try:
                self.db.executescript(
                    f"BEGIN IMMEDIATE;\n{MIGRATIONS[version]}\nPRAGMA user_version = {version + 1};\nCOMMIT;")
            except sqlite3.OperationalError:
                # Another process may have run this migration between our look
                # at the version and our write lock: look again before failing.
                if self.db.in_transaction:
                    self.db.execute("ROLLBACK")
                if self._schema_version() <= version:
                    raise
            version = self._schema_version()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction, taken in turn with the store's other writers."""
        with self._turns.turn() if self._turns else nullcontext(), self._atomic("BEGIN IMMEDIATE"):
            yield

    @contextmanager
    def _best_effort(self) -> Iterator[None]:
        """A write to a cache, in turn with the other writers."""
        try:
            with self.transaction():
                yield
        except sqlite3.OperationalError as exc:
            if not is_busy(exc):
                raise

    # -- keyword search: FTS5, kept in step with articles by triggers ---------
    @staticmethod
    def _phrase(word: str) -> str:
        # Quoted, so nothing a user types is read as FTS syntax.
        return '"' + word.replace('"', '""') + '"'

    def keyword_match(self, words: list[str], any_word: bool, limit: int,
                      among: list[int] | None = None) -> list[dict]:
        expression = (" OR " if any_word else " AND ").join(self._phrase(w) for w in words)
        rows = f" AND articles_fts.rowid IN ({','.join(str(int(r)) for r in among)})" if among is not None else ""
        return [dict(r) for r in self.db.execute(
            "SELECT a.id, a.story_id, a.lang, a.title, bm25(articles_fts) AS rank FROM articles_fts "
            f"JOIN articles a ON a.seq = articles_fts.rowid WHERE articles_fts MATCH ?{rows} ORDER BY rank LIMIT ?",
            (expression, limit))]

    def keyword_rows(self, word: str) -> set[int]:
        return {r[0] for r in self.db.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?",
                                              (self._phrase(word),))}
