"""Wires the stages together; holds no algorithm of its own.

files -> read -> prepare (clean, language, date: :mod:`.prepare`) -> exact
duplicates -> embed (cached) -> near duplicates -> story assignment -> store.

Preparing and embedding are each document's own work, so they may run
elsewhere (:mod:`.ray_workers`); everything from the duplicates on runs here,
in order.

Work is committed in steps: embeddings are cached chunk by chunk, and each
chunk of assigned articles is stored with its stories and the files it
completes in one transaction. A killed ingest therefore loses at most the
chunk in flight, and the next run skips what is stored. Each chunk is
assigned under the store's write lock after catching up with other writers
(:mod:`.assign_state`), and a document that fails in any stage becomes a
rejection without stopping the batch.
"""
from __future__ import annotations

import hashlib
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import partial
from pathlib import Path

import numpy as np

from newsweave.cluster.state import AssignState
from newsweave.cluster.assign import AssignerSettings
from newsweave.cluster.repair.regroup import RegroupSettings
from newsweave.text.dates.label import day_number
from newsweave.cluster.dedup import BANDS_VERSION, SIGNATURE_VERSION, band_buckets, signature
from newsweave.embed import Embedder, default_embedder
from newsweave.embed.offsets import offsets_of
from newsweave.ingest.ledger import FileLedger
from newsweave.ingest import file_digest, iter_files, path_label, read_file
from newsweave.ingest.files import MAX_FILE_BYTES, UnreadableFile
from newsweave.text.language import LanguageIdentifier
from newsweave.records import Article, IngestSummary, Placement, RawDocument, Rejection
from newsweave.pipeline.prepare import DocumentPreparer, Prepared, Preparer, StageFailure
from newsweave.pipeline.progress import progress_bar
from newsweave.cluster.repair.driver import repair
from newsweave.search.searcher import fold_article_index
from newsweave.vector_index.files import remove_saved
from newsweave.store import database_errors
from newsweave.store.base import StoreWriter
from newsweave.store.sql_store import sum_by_language

PREPARE_CHUNK = 64  # documents prepared together: enough to spread over workers, few to hold in memory
EMBED_CHUNK = 32
STORE_CHUNK = 64
REPAIR_EVERY = 512  # articles between repair passes inside one run; every run ends with one
REGROUP_STEP = 256  # events per transaction of an on-demand pass


def _by_date(prepared) -> tuple[bool, str]:
    # Dated articles first, oldest first: an undated one then meets the stories they formed.
    return prepared.article.published is None, prepared.article.published or ""


@dataclass
class _Run:
    """What one ingest run has seen so far."""

    summary: IngestSummary
    rejections: list[Rejection] = field(default_factory=list)
    recorded: int = 0                     # rejections already written to the store
    seen_hashes: set[str] = field(default_factory=set)
    files: FileLedger = field(default_factory=FileLedger)
    unprepared: list[tuple[RawDocument | Rejection, str | None]] = field(default_factory=list)


@dataclass
class _Pending:
    """An article waiting for its embedding and story."""

    article: Article
    bag: Counter
    file_key: str | None
    lead: str = ""
    vector: np.ndarray | None = None


class Pipeline:
    """Ingests articles into a store and assigns them to stories.

    Stages are constructor arguments: pass another :class:`Embedder` (e.g. the
    :class:`~newsweave.embed.HashingEmbedder` in tests), a preparer (the
    Ray workers' one), assigner settings or repair settings
    (``RegroupSettings(split=False)`` keeps every event as assigned).
    """

    def __init__(self, store: StoreWriter, embedder: Embedder | None = None,
                 settings: AssignerSettings | None = None, language: LanguageIdentifier | None = None,
                 now: datetime | None = None, progress: bool | None = None, max_file_bytes: int | None = None,
                 regroup: RegroupSettings | None = None, preparer: DocumentPreparer | None = None):
        self.store = store
        self.regroup_settings = regroup or RegroupSettings()
        self.max_file_bytes = max_file_bytes or MAX_FILE_BYTES
        self.embedder = embedder or default_embedder()
        self.settings = settings or AssignerSettings()
        self.preparer = preparer or Preparer(language)
        self.now = now or datetime.now(timezone.utc)
        self.progress = sys.stderr.isatty() if progress is None else progress
        self.store.check_embedder(self.embedder.name, self.embedder.version, self.embedder.dim)
        self._timers: Counter = Counter()
        # Kept from one run to the next: a long-lived pipeline (a server, a watcher) reads the
        # store whole once, then only what other writers stored since (AssignState.catch_up).
        self._state: AssignState | None = None

    # Every stored event in memory, none found through the index (AssignState.load): the
    # reference the window is compared with, in tests and evaluations.
    hold_all_events = False

    def _assign_state(self) -> AssignState:
        if self._state is None:
            self._state = AssignState.load(self.store, self.embedder.dim, self.settings, offsets_of(self.embedder),
                                           self.hold_all_events)
        return self._state

    # -- stage timing and isolation --------------------------------------------
    @contextmanager
    def _stage(self, stage: str):
        start = time.perf_counter()
        try:
            yield
        finally:
            self._timers[stage] += time.perf_counter() - start

    def _timed(self, stage: str, func: Callable, *args):
        """Run one stage on one document; an unexpected error becomes a :class:`StageFailure`.

        Store errors pass through: they stop the batch, and the open
        transaction rolls back so the store stays consistent.
        """
        with self._stage(stage):
            try:
                return func(*args)
            except (StageFailure, *database_errors()):
                raise
            except Exception as exc:
                raise StageFailure(stage, exc) from exc

    # -- stages ---------------------------------------------------------------
    def _embedding_key(self, lead: str) -> str:
        model = f"{self.embedder.name}/{self.embedder.version}"
        return hashlib.sha256(f"{model}\n{lead}".encode("utf-8")).hexdigest()[:32]

    # -- the run ----------------------------------------------------------------
    def ingest(self, paths: Iterable[str | Path],
               documents: Iterable[RawDocument | Rejection] = (), follow_links: bool = False) -> IngestSummary:
        """Ingest files and folders, and ``documents`` from no file of ours (a
        stream, a fetched page) in the same run; returns what happened. Links in a
        folder to files outside it are rejected unless ``follow_links``."""
        run = _Run(IngestSummary())
        self._timers = Counter()
        pending = self._read_all(paths, run, follow_links)
        for item in documents:
            self._queue(item, None, pending, run)
        self._prepare_queued(pending, run)
        pending.sort(key=_by_date)
        return self._finish(pending, run)

    def ingest_documents(self, items: Iterable[RawDocument | Rejection]) -> IngestSummary:
        """Ingest documents that come from no file of ours (an upload, an API call).

        No file is marked done: a resent document is caught as an exact duplicate.
        """
        return self.ingest([], items)

    def _finish(self, pending: list[_Pending], run: _Run) -> IngestSummary:
        pending = self._embed_all(pending, run)
        self._record_rejections([], run)
        self._assign_all(pending, run)
        run.summary.stage_seconds = {k: round(v, 3) for k, v in self._timers.items()}
        return run.summary

    def _fail(self, run: _Run, origin: str, file_key: str | None, failure: StageFailure) -> None:
        """One document failed inside a stage: record why, and leave its file to be read again."""
        run.rejections.append(Rejection(origin, failure.reason))
        if file_key is not None:
            run.files.fail(file_key)

    def _queue(self, item: RawDocument | Rejection, file_key: str | None, pending: list[_Pending], run: _Run) -> None:
        """Hold one document for preparing, which goes in batches (spread over workers when there are any)."""
        run.unprepared.append((item, file_key))
        if len(run.unprepared) >= PREPARE_CHUNK:
            self._prepare_queued(pending, run)

    def _prepare_queued(self, pending: list[_Pending], run: _Run) -> None:
        """Prepare the held documents and admit them in the order they were read."""
        queued, run.unprepared = run.unprepared, []
        docs = [item for item, _ in queued if not isinstance(item, Rejection)]
        results = iter(self.preparer.prepare_all(docs, self.now))
        self._timers.update(self.preparer.take_timers())
        for item, file_key in queued:
            self._admit(item if isinstance(item, Rejection) else next(results), item.origin, file_key, pending, run)

    def _admit(self, prepared: Prepared | Rejection, origin: str, file_key: str | None, pending: list[_Pending],
               run: _Run) -> None:
        """One prepared document joins ``pending`` when it is new, not rejected and not a copy."""
        summary = run.summary
        summary.read += 1
        outcome = prepared if isinstance(prepared, Rejection) else prepared.outcome
        if isinstance(outcome, StageFailure):
            self._fail(run, origin, file_key, outcome)
            return
        if isinstance(outcome, Rejection):
            run.rejections.append(outcome)
            return
        if outcome.content_hash in run.seen_hashes or self.store.has_content(outcome.content_hash):
            summary.duplicates += 1
            return
        run.seen_hashes.add(outcome.content_hash)
        pending.append(_Pending(outcome, prepared.bag, file_key))
        run.files.admitted(file_key)

    def _record_rejections(self, file_keys: Iterable[str], run: _Run) -> None:
        """Store the rejections not stored yet (after forgetting old ones of files read again)."""
        fresh = run.rejections[run.recorded:]
        run.summary.rejected.extend(fresh)
        run.recorded = len(run.rejections)
        with self.store.transaction():
            for key in file_keys:
                self.store.forget_rejections(key)
            for rejection in fresh:
                self.store.add_rejection(rejection)

    def _read_all(self, paths, run: _Run, follow_links: bool = False) -> list[_Pending]:
        files = list(iter_files(paths, follow_links=follow_links))
        pending: list[_Pending] = []
        for path in progress_bar(files, len(files), "reading", self.progress):
            if isinstance(path, Rejection):  # a folder that could not be listed
                run.rejections.append(path)
                continue
            key = path_label(path)
            try:
                sha = self._timed("read", partial(file_digest, max_bytes=self.max_file_bytes), path)
            except StageFailure as failure:
                if isinstance(failure.error, UnreadableFile):
                    run.rejections.append(Rejection(key, str(failure.error)))
                elif isinstance(failure.error, OSError):
                    run.rejections.append(Rejection(key, f"cannot read file: {failure.error.strerror or failure.error}"))
                else:
                    self._fail(run, key, None, failure)
                continue
            if self.store.file_done(key, sha):
                run.summary.already_stored += 1
                continue
            run.files.read(key, sha)
            try:
                items = self._timed("read", partial(read_file, max_bytes=self.max_file_bytes), path)
            except StageFailure as failure:
                self._fail(run, key, key, failure)
                continue
            run.files.found(key, len(items))
            for item in items:
                self._queue(item, key, pending, run)
        self._prepare_queued(pending, run)
        self._record_rejections(run.files.sha, run)
        # Publication order; undated articles keep their reading order after dated ones of the same day.
        pending.sort(key=_by_date)
        return pending

    def _embed_all(self, pending: list[_Pending], run: _Run) -> list[_Pending]:
        """Give each pending article its vector (cached by lead); returns those that got one."""
        kept: list[_Pending] = []
        for item in pending:
            try:
                item.lead = self._timed("embed", self.embedder.fit_lead, item.article.title, item.article.text)
                kept.append(item)
            except StageFailure as failure:
                self._fail(run, item.article.origin, item.file_key, failure)
        keys = [self._embedding_key(p.lead) for p in kept]
        cached = self._timed("store", self.store.get_embeddings, keys)
        todo = [i for i, key in enumerate(keys) if key not in cached]
        steps = range(0, len(todo), EMBED_CHUNK)
        for start in progress_bar(steps, len(steps), "embedding", self.progress):
            chunk = todo[start:start + EMBED_CHUNK]
            vectors = self._embed_chunk([kept[i] for i in chunk], run)
            with self._stage("store"), self.store.transaction():
                for i, vector in zip(chunk, vectors):
                    if vector is not None:
                        self.store.put_embedding(keys[i], vector)
                        cached[keys[i]] = vector
        out = []
        for item, key in zip(kept, keys):
            if key in cached:
                item.vector = cached[key]
                out.append(item)
        return out

    def _embed_chunk(self, items: list[_Pending], run: _Run) -> list[np.ndarray | None]:
        """Vectors of a chunk (None for a text that failed); when the chunk
        fails, each item is tried alone, so one bad text costs only itself."""
        if len(items) > 1:
            try:
                return list(self._timed("embed", self.embedder.embed, [p.lead for p in items]))
            except StageFailure:
                pass
        vectors: list[np.ndarray | None] = []
        for item in items:
            try:
                vectors.append(self._timed("embed", self.embedder.embed, [item.lead])[0])
            except StageFailure as failure:
                self._fail(run, item.article.origin, item.file_key, failure)
                vectors.append(None)
        return vectors

    # -- story assignment, one writer at a time ----------------------------------
    def _assign_all(self, pending: list[_Pending], run: _Run) -> None:
        # Not one document's work: a failure here stops the batch.
        with self._stage("dedup"):
            self.store.resign_articles(SIGNATURE_VERSION, lambda title, text: signature(f"{title}\n{text}"))
            self.store.index_bands(BANDS_VERSION, band_buckets)
        with self._stage("assign"):
            self.store.build_language_sums()
            state = self._assign_state()
        try:
            self._assign_pending(pending, state, run)
        except BaseException:
            # A chunk rolled back: the state in memory holds placements the store does not.
            self._state = None
            raise
        state.observed.clear()  # this run's articles are stored or given up; the set need not grow
        with self._stage("index"):
            state.index.save()
            fold_article_index(self.store, self.embedder)

    def _assign_pending(self, pending: list[_Pending], state: AssignState, run: _Run) -> None:
        summary = run.summary
        for item in pending:
            state.observe_pending(item.article.id, item.vector, item.article.lang, item.bag)
        known_stories = set(int(i) for i in state.assigner.ids)
        touched_total: set[int] = set()
        # Events a run before this one stored but stopped before repairing (killed, crashed):
        # this run finishes their pass and linking along with its own.
        unrepaired: set[int] = set(self.store.unrepaired_events())
        # Files with nothing new to store are complete at once.
        done_files = run.files.complete()
        steps = range(0, len(pending), STORE_CHUNK)
        for start in progress_bar(steps, len(steps), "assigning", self.progress):
            # Under the write lock from the catch-up to the commit: no other
            # writer can store between what we read and what we write.
            with self.store.transaction():
                with self._stage("assign"):
                    state.catch_up(self.store)
                rows, touched = self._assign_chunk(pending[start:start + STORE_CHUNK], state, run, done_files)
                with self._stage("store"):
                    self._store_chunk(rows, touched, state, run, done_files)
            done_files = []
            touched_total |= touched
            unrepaired |= touched
            if (start // STORE_CHUNK + 1) % (REPAIR_EVERY // STORE_CHUNK) == 0:
                self._repair(unrepaired, state, run)
        if done_files:
            with self.store.transaction():
                self._mark_files(done_files, run)
        self._repair(unrepaired, state, run)
        self._record_rejections([], run)
        summary.stories_new = len(touched_total - known_stories)
        summary.stories_updated = len(touched_total & known_stories)

    def regroup(self, since: str | None = None) -> IngestSummary:
        """The repair pass on demand, over every stored event (or those covered on or after
        ``since``, ``YYYY-MM-DD``), in steps that each commit on their own."""
        run = _Run(IngestSummary())
        self._timers = Counter()
        with self._stage("regroup"):
            self.store.build_language_sums()
            state = self._assign_state()
        first = day_number(since) if since else None
        events = self.store.event_ids(first)  # undated events are always looked at
        steps = range(0, len(events), REGROUP_STEP)
        try:
            for start in progress_bar(steps, len(steps), "regrouping", self.progress):
                self._repair(set(events[start:start + REGROUP_STEP]), state, run)
        except BaseException:
            self._state = None
            raise
        state.index.save()
        run.summary.stage_seconds = {k: round(v, 3) for k, v in self._timers.items()}
        return run.summary

    def rebuild_indexes(self) -> dict:
        """Delete this store's saved vector indexes and build them again from its events and
        articles (``newsweave reindex``); ``{"removed", "events", "articles"}``."""
        removed = remove_saved(self.store)
        self.store.build_language_sums()
        self._state = None
        state = self._assign_state()
        state.index.save()
        fold_article_index(self.store, self.embedder, force=True)
        return {"removed": removed, "events": len(state.index), "articles": self.store.article_count()}

    def _repair(self, touched: set[int], state: AssignState, run: _Run) -> None:
        """The repair pass over the events touched since the last one, then nothing is left to repair."""
        if not touched:
            return
        with self._stage("regroup"), self.store.transaction():
            state.catch_up(self.store)
            counts = repair(self.store, state, touched, self.regroup_settings)
            self.store.clear_unrepaired(touched)
        run.summary.events_split += counts.split
        run.summary.events_merged += counts.merged
        if counts.split or counts.merged:
            now = self.store.stories_of(a for a, _ in run.summary.stored_articles)
            run.summary.stored_articles = [(a, now.get(a, s)) for a, s in run.summary.stored_articles]
        touched.clear()

    def _assign_chunk(self, chunk: list[_Pending], state: AssignState, run: _Run,
                      done_files: list[str]) -> tuple[list[tuple[_Pending, tuple]], set[int]]:
        """Each article's story; files whose last article this was join ``done_files``."""
        rows, touched = [], set()
        for item in chunk:
            placed = self._assign_one(item, state, run)
            if placed:
                rows.append((item, placed))
                touched.add(placed.story_id)
            if placed is not False and run.files.settled(item.file_key):
                done_files.append(item.file_key)
        return rows, touched

    def _store_chunk(self, rows, touched: set[int], state: AssignState, run: _Run, done_files: list[str]) -> None:
        for story_id in sorted(touched):
            self.store.save_story(story_id, state.assigner.story_summary(story_id))
        for _, placed in rows:
            self.store.add_article(placed.article, placed.story_id, placed.score, placed.embedding_key,
                                   placed.minhash, placed.duplicate_of)
            self.store.add_bands(placed.article.id, band_buckets(placed.minhash))
            run.summary.stored_articles.append((placed.article.id, placed.story_id))
        self.store.add_feature_counts(Counter(key for item, _ in rows for key in item.bag))
        self.store.add_language_sums(sum_by_language((item.article.lang, item.vector) for item, _ in rows))
        self.store.mark_unrepaired(touched)
        self._mark_files(done_files, run)
        state.stored(self.store)
        run.summary.stored += len(rows)

    def _mark_files(self, keys: list[str], run: _Run) -> None:
        """Mark files done; one with a document that failed inside a stage stays to be read again."""
        for key, sha, documents in run.files.to_mark(keys):
            self.store.mark_file(key, sha, documents)

    def _assign_one(self, item: _Pending, state: AssignState, run: _Run) -> Placement | None | bool:
        """Where one article goes; None when another writer stored it meanwhile, False when it failed."""
        article = item.article
        if article.id in state.story_of:
            run.summary.duplicates += 1
            return None
        try:
            minhash, duplicate = self._timed("dedup", state.near_copy, article, self.store)
            story_id, score, copied = self._timed("assign", state.place, article, item.vector, item.bag, minhash,
                                                  duplicate, self.store)
        except StageFailure as failure:
            self._fail(run, article.origin, item.file_key, failure)
            return False
        run.summary.near_duplicates += copied
        return Placement(article, story_id, score, self._embedding_key(item.lead), minhash, duplicate)
