"""The ordered stages an ingest runs; each stage's work lives in its own module.

files -> read -> prepare (clean, language, date: :mod:`.prepare`) -> exact
duplicates (:mod:`.reading`) -> embed, cached (:mod:`.embedding`) -> near
duplicates -> story assignment -> store -> repair (:mod:`.placing`).

Preparing and embedding are each document's own work, so they may run
elsewhere (:mod:`.ray_workers`); everything from the duplicates on runs here,
in order.

Work is committed in steps: embeddings are cached chunk by chunk, and each
chunk of assigned articles is stored with its stories and the files it
completes in one transaction. A killed ingest therefore loses at most the
chunk in flight, and the next run skips what is stored. A document that
fails in any stage becomes a rejection without stopping the batch
(:mod:`.clock`).
"""
from __future__ import annotations

import sys
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path

from newsweave.cluster import AssignerSettings, AssignState, RegroupSettings
from newsweave.embed import Embedder, default_embedder, offsets_of
from newsweave.ingest import MAX_FILE_BYTES
from newsweave.pipeline.batch import Run, by_date
from newsweave.pipeline.clock import StageClock
from newsweave.pipeline.embedding import EmbedStage
from newsweave.pipeline.placing import STORE_CHUNK, Placer
from newsweave.pipeline.prepare import DocumentPreparer, Preparer
from newsweave.pipeline.progress import progress_bar
from newsweave.pipeline.reading import Intake
from newsweave.records import IngestSummary, RawDocument, Rejection
from newsweave.search import fold_article_index
from newsweave.store import StoreWriter
from newsweave.text import LanguageIdentifier, day_number
from newsweave.vector_index import remove_saved

__all__ = ["Pipeline", "STORE_CHUNK"]

REGROUP_STEP = 256  # events per transaction of an on-demand pass


class Pipeline:
    """Ingests articles into a store and assigns them to stories.

    Stages are constructor arguments: pass another :class:`Embedder` (e.g. the
    :class:`~newsweave.embed.HashingEmbedder` in tests), a preparer (the
    Ray workers' one), assigner settings or repair settings
    (``RegroupSettings(split=False)`` keeps every event as assigned).
    """

    # Every stored event in memory, none found through the index (AssignState.load): the
    # reference the window is compared with, in tests and evaluations.
    hold_all_events = False

    def __init__(self, store: StoreWriter, embedder: Embedder | None = None,
                 settings: AssignerSettings | None = None, language: LanguageIdentifier | None = None,
                 now: datetime | None = None, progress: bool | None = None, max_file_bytes: int | None = None,
                 regroup: RegroupSettings | None = None, preparer: DocumentPreparer | None = None):
        self.store = store
        self.embedder = embedder or default_embedder()
        self.settings = settings or AssignerSettings()
        self.now = now or datetime.now(timezone.utc)
        self.progress = sys.stderr.isatty() if progress is None else progress
        self.store.check_embedder(self.embedder.name, self.embedder.version, self.embedder.dim)
        self.clock = StageClock()
        self.intake = Intake(store, preparer or Preparer(language), self.clock, max_file_bytes or MAX_FILE_BYTES,
                             self.progress)
        self.embedding = EmbedStage(store, self.embedder, self.clock, self.progress)
        self.placer = Placer(store, self._load_state, regroup or RegroupSettings(), self.clock, self.progress,
                             lambda: fold_article_index(self.store, self.embedder))

    def _load_state(self) -> AssignState:
        return AssignState.load(self.store, self.embedder.dim, self.settings, offsets_of(self.embedder),
                                self.hold_all_events)

    def assign_state(self) -> AssignState:
        """The events held in memory, loaded on first use and kept from run to run."""
        return self.placer.state()

    def forget_state(self) -> None:
        """Read the store afresh on the next run (after a rollback, or when another process rewrote it)."""
        self.placer.held = None

    def _run(self) -> Run:
        self.clock.reset()
        return Run(IngestSummary(), now=self.now)

    def ingest(self, paths: Iterable[str | Path],
               documents: Iterable[RawDocument | Rejection] = (), follow_links: bool = False) -> IngestSummary:
        """Ingest files and folders, and ``documents`` from no file of ours (a
        stream, a fetched page) in the same run; returns what happened. Links in a
        folder to files outside it are rejected unless ``follow_links``."""
        run = self._run()
        pending = self.intake.read_all(paths, run, follow_links)
        for item in documents:
            self.intake.queue(item, None, pending, run)
        self.intake.prepare_queued(pending, run)
        pending.sort(key=by_date)
        pending = self.embedding.embed_all(pending, run)
        run.record_rejections(self.store)
        self.placer.assign_all(pending, run)
        run.summary.stage_seconds = self.clock.rounded()
        return run.summary

    def ingest_documents(self, items: Iterable[RawDocument | Rejection]) -> IngestSummary:
        """Ingest documents that come from no file of ours (an upload, an API call).

        No file is marked done: a resent document is caught as an exact duplicate.
        """
        return self.ingest([], items)

    def regroup(self, since: str | None = None) -> IngestSummary:
        """The repair pass on demand, over every stored event (or those covered on or after
        ``since``, ``YYYY-MM-DD``), in steps that each commit on their own."""
        run = self._run()
        with self.clock.stage("regroup"):
            self.store.build_language_sums()
            state = self.assign_state()
        first = day_number(since) if since else None
        events = self.store.event_ids(first)  # undated events are always looked at
        steps = range(0, len(events), REGROUP_STEP)
        try:
            for start in progress_bar(steps, len(steps), "regrouping", self.progress):
                self.placer.repair(set(events[start:start + REGROUP_STEP]), state, run)
        except BaseException:
            self.forget_state()
            raise
        state.index.save()
        run.summary.stage_seconds = self.clock.rounded()
        return run.summary

    def rebuild_indexes(self) -> dict:
        """Delete this store's saved vector indexes and build them again from its events and
        articles (``newsweave reindex``); ``{"removed", "events", "articles"}``."""
        removed = remove_saved(self.store)
        self.store.build_language_sums()
        self.forget_state()
        state = self.assign_state()
        state.index.save()
        fold_article_index(self.store, self.embedder, force=True)
        return {"removed": removed, "events": len(state.index), "articles": self.store.article_count()}
