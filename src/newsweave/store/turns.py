"""Turns for the writers of one store, across processes.

SQLite's own write lock is not fair. A writer that finds it taken sleeps and
retries, up to 100 ms at a time, while the holder commits and at once begins
its next transaction: a long ingest, chunk after chunk, can keep the server's
writes waiting past the busy timeout. So writers first take a turn on a lock
file beside the store (``STORE.lock``). Waiters look every millisecond, and a
writer ending its turn pauses a few milliseconds before its next one, so a
waiting writer gets in between two chunks of a long ingest.
"""
from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager

try:
    import fcntl
except ImportError:  # not POSIX: SQLite's own lock alone decides
    fcntl = None

POLL_S = 0.001
HANDOVER_S = 0.003


class WriterTurns:
    """An exclusive turn to write, shared by every process that opens the store."""

    def __init__(self, store_path: str, timeout: float):
        self.timeout = timeout
        self._fd = os.open(f"{store_path}.lock", os.O_RDWR | os.O_CREAT, 0o600) if fcntl else None

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    @contextmanager
    def turn(self) -> Iterator[None]:
        if self._fd is None:
            yield
            return
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    # The same error SQLite gives, so callers treat it as a store failure.
                    raise sqlite3.OperationalError(
                        f"database is locked: another writer held the store for over {self.timeout:g} s") from None
                time.sleep(POLL_S)
        try:
            yield
        finally:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            time.sleep(HANDOVER_S)
