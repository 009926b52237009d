"""Which files of one ingest run are read, and when each is wholly stored.

A file is marked done in the store only once every article admitted from it
is stored (or found stored by another writer), so an interrupted run reads
it again; a file with a document that failed inside a stage is never marked,
so the next run retries it.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class FileLedger:
    sha: dict[str, str] = field(default_factory=dict)         # file -> content digest, for every file read
    documents: Counter = field(default_factory=Counter)      # file -> documents found in it
    remaining: Counter = field(default_factory=Counter)      # file -> admitted articles not stored yet
    failed: set[str] = field(default_factory=set)

    def read(self, key: str, sha: str) -> None:
        self.sha[key] = sha
        self.remaining[key] += 0  # present even when nothing in it is new

    def found(self, key: str, documents: int) -> None:
        self.documents[key] = documents

    def admitted(self, key: str | None) -> None:
        if key is not None:
            self.remaining[key] += 1

    def fail(self, key: str | None) -> None:
        if key is not None:
            self.failed.add(key)

    def settled(self, key: str | None) -> bool:
        """One article of ``key`` is stored (or was stored by another writer); True when it was the last."""
        if key is None:
            return False
        self.remaining[key] -= 1
        return self.remaining[key] == 0

    def complete(self) -> list[str]:
        """Files with nothing left to store."""
        return [key for key, n in self.remaining.items() if n == 0]

    def to_mark(self, keys: list[str]) -> list[tuple[str, str, int]]:
        """``(file, digest, documents)`` of the finished ``keys`` that may be marked done."""
        return [(key, self.sha[key], self.documents[key]) for key in keys if key not in self.failed]
