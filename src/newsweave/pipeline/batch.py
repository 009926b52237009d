"""What one run carries from stage to stage: its documents waiting for a story, its rejections, its files."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np

from newsweave.ingest import FileLedger
from newsweave.pipeline.prepare import StageFailure
from newsweave.records import Article, IngestSummary, RawDocument, Rejection
from newsweave.store import StoreWriter


@dataclass
class Pending:
    """An article waiting for its embedding and story."""

    article: Article
    bag: Counter
    file_key: str | None
    lead: str = ""
    vector: np.ndarray | None = None
    embedding_key: str = ""               # the cache key of ``vector``, set with it


@dataclass
class Run:
    """What one ingest run has seen so far."""

    summary: IngestSummary
    now: datetime | None = None           # the clock a relative date ("yesterday") is read against
    rejections: list[Rejection] = field(default_factory=list)
    recorded: int = 0                     # rejections already written to the store
    seen_hashes: set[str] = field(default_factory=set)
    files: FileLedger = field(default_factory=FileLedger)
    unprepared: list[tuple[RawDocument | Rejection, str | None]] = field(default_factory=list)

    def fail(self, origin: str, file_key: str | None, failure: StageFailure) -> None:
        """One document failed inside a stage: record why, and leave its file to be read again."""
        self.rejections.append(Rejection(origin, failure.reason))
        if file_key is not None:
            self.files.fail(file_key)

    def record_rejections(self, store: StoreWriter, file_keys: Iterable[str] = ()) -> None:
        """Store the rejections not stored yet (after forgetting old ones of files read again)."""
        fresh = self.rejections[self.recorded:]
        self.summary.rejected.extend(fresh)
        self.recorded = len(self.rejections)
        with store.transaction():
            for key in file_keys:
                store.forget_rejections(key)
            for rejection in fresh:
                store.add_rejection(rejection)


def by_date(pending: Pending) -> tuple[bool, str]:
    # Dated articles first, oldest first: an undated one then meets the stories they formed.
    return pending.article.published is None, pending.article.published or ""
