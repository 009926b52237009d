"""``newsweave watch``: follow folders and feeds, ingesting what is new.

Every ``interval`` seconds the folders are listed and a file whose size or
modification time changed since the last look (every file, the first time)
is handed to the pipeline, which skips those whose content it already
stored; the feeds that are due are polled (:mod:`.ingest.feed_poller`).
Everything found in one cycle is ingested in one run, so one store
transaction per chunk, one repair pass per cycle.

SIGINT (Ctrl-C) and SIGTERM (``systemctl stop``) end the loop after the
cycle under way: the pipeline commits as it goes, so nothing stored is
lost, and a second signal stops at once.
"""
from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from newsweave.ingest import iter_files
from newsweave.ingest import DEFAULT_POLICY, FetchPolicy
from newsweave.ingest import FeedPoller
from newsweave.records import IngestSummary, Rejection
from newsweave.pipeline.run import Pipeline


@dataclass
class FolderSnapshot:
    """Size and modification time of each file last seen under some folders."""

    folders: list[Path]
    known: dict[Path, tuple[int, int]] = field(default_factory=dict)
    reported: set[str] = field(default_factory=set)  # folder problems said once, not every cycle
    follow_links: bool = False  # follow links to files outside the folders

    def changed(self) -> tuple[list[Path], list[Rejection]]:
        """Files new or changed since the last call, and folders that could not be listed."""
        fresh, problems, now = [], [], {}
        for item in iter_files(self.folders, follow_links=self.follow_links):
            if isinstance(item, Rejection):
                if item.origin not in self.reported:
                    self.reported.add(item.origin)
                    problems.append(item)
                continue
            try:
                info = os.stat(item)
            except OSError:
                continue  # gone since it was listed
            now[item] = (info.st_size, info.st_mtime_ns)
            if self.known.get(item) != now[item]:
                fresh.append(item)
        self.known = now
        return fresh, problems


class Watcher:
    """One pipeline kept open, fed by folders and feeds, cycle after cycle."""

    def __init__(self, pipeline: Pipeline, folders: Iterable[str | Path], feeds: Iterable[str], interval: float,
                 report: Callable[[IngestSummary], None] | None = None, policy: FetchPolicy = DEFAULT_POLICY,
                 follow_links: bool = False):
        self.pipeline, self.interval, self.report = pipeline, interval, report
        self.folders = FolderSnapshot([Path(f) for f in folders], follow_links=follow_links)
        self.feeds = FeedPoller(pipeline.store, list(feeds), interval, policy=policy)
        self.stop = threading.Event()

    def cycle(self) -> IngestSummary:
        """One look at every folder and every due feed; what was found is ingested."""
        files, problems = self.folders.changed()
        documents = [*problems, *self.feeds.poll()]
        # Undated articles take the time they were found, not the time the watcher started.
        self.pipeline.now = datetime.now(timezone.utc)
        summary = self.pipeline.ingest(files, documents)
        self.feeds.remember()
        if self.report and (summary.read or summary.rejected):
            self.report(summary)
        return summary

    def run(self, cycles: int | None = None) -> int:
        """Cycle until stopped (or ``cycles`` times); returns the number of cycles run."""
        done = 0
        while not self.stop.is_set():
            self.cycle()
            done += 1
            if cycles is not None and done >= cycles:
                break
            self.stop.wait(self.interval)
        return done

    @contextmanager
    def stopping_on_signals(self) -> Iterator[None]:
        """Inside, the first SIGINT or SIGTERM ends the loop after this cycle and a second
        one ends it now; the handlers before are put back on the way out."""
        def handler(signum, frame):
            if self.stop.is_set():
                raise KeyboardInterrupt
            self.stop.set()

        before = {signum: signal.signal(signum, handler) for signum in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield
        finally:
            for signum, old in before.items():
                signal.signal(signum, old)
