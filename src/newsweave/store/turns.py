"""Turns for the writers of one store, across processes and threads.

SQLite's own write lock is not fair. A writer that finds it taken sleeps and
retries, up to 100 ms at a time, while the holder commits and at once begins
its next transaction: a long ingest, chunk after chunk, can keep the server's
writes waiting past the busy timeout. So writers first take a turn on a lock
file beside the store (``STORE.lock``). A writer that has to wait says so on
a second file (``STORE.lock-wait``, a shared lock), and a writer ending its
turn while someone waits pauses long enough for a waiter to get in, so a
long ingest and the server's requests alternate chunk by chunk. With nobody
waiting, a turn costs two system calls.

``flock`` locks belong to an open file, not to a process, so two store
connections in one process (two server threads) exclude each other too, and
a killed writer's turn ends with it.
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
# Longer than a thread may wait for the GIL (the 5 ms switch interval), so a
# waiting server thread gets in even while other request threads run.
HANDOVER_S = 0.02


class WriterTurns:
    """An exclusive turn to write, shared by every connection that opens the store."""

    def __init__(self, store_path: str, timeout: float):
        self.timeout = timeout
        self._turn = self._wait = None
        if fcntl:
            self._turn = os.open(f"{store_path}.lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            self._wait = os.open(f"{store_path}.lock-wait", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)

    def close(self) -> None:
        for fd in (self._turn, self._wait):
            if fd is not None:
                os.close(fd)
        self._turn = self._wait = None

    @contextmanager
    def turn(self) -> Iterator[None]:
        if self._turn is None:
            yield
            return
        if not _try(self._turn, fcntl.LOCK_EX):
            self._wait_for_turn()
        try:
            yield
        finally:
            fcntl.flock(self._turn, fcntl.LOCK_UN)
            if not _try(self._wait, fcntl.LOCK_EX):  # someone holds the waiting flag
                time.sleep(HANDOVER_S)
            else:
                fcntl.flock(self._wait, fcntl.LOCK_UN)

    def _wait_for_turn(self) -> None:
        deadline = time.monotonic() + self.timeout
        fcntl.flock(self._wait, fcntl.LOCK_SH)
        try:
            while not _try(self._turn, fcntl.LOCK_EX):
                if time.monotonic() > deadline:
                    # The error SQLite gives, so callers treat it as a busy store.
                    raise sqlite3.OperationalError(
                        f"database is locked: another writer held the store for over {self.timeout:g} s")
                time.sleep(POLL_S)
        finally:
            fcntl.flock(self._wait, fcntl.LOCK_UN)


def _try(fd: int, kind: int) -> bool:
    try:
        fcntl.flock(fd, kind | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False
