"""Embedded articles into events, one writer at a time: catch up with other writers, place, store, repair.

Each chunk is placed under the store's write lock, from the catch-up with
what other writers stored to the commit, so no writer stores between what
is read and what is written; a killed run loses at most the chunk in flight.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from newsweave.cluster import (BANDS_VERSION, SIGNATURE_VERSION, AssignState, RegroupSettings, band_buckets, repair,
                               signature)
from newsweave.ingest import outlet_of
from newsweave.pipeline.batch import Pending, Run
from newsweave.pipeline.clock import StageClock
from newsweave.pipeline.prepare import StageFailure
from newsweave.pipeline.progress import progress_bar
from newsweave.records import Placement
from newsweave.store import StoreWriter, sum_by_language

STORE_CHUNK = 64
REPAIR_EVERY = 512  # articles between repair passes inside one run; every run ends with one


class Placer:
    """Places articles in events and runs the repair pass over the events they touched.

    ``state`` (the events held in memory, their index and evidence) is loaded
    on first use and kept from one run to the next: a long-lived pipeline (a
    server, a watcher) reads the store once, then only what other writers
    stored since (``AssignState.catch_up``).
    """

    def __init__(self, store: StoreWriter, load_state: Callable[[], AssignState], regroup: RegroupSettings,
                 clock: StageClock, progress: bool, fold_articles: Callable[[], None]):
        self.store, self.regroup_settings = store, regroup
        self.clock, self.progress = clock, progress
        self._load_state, self._fold_articles = load_state, fold_articles
        self.held: AssignState | None = None

    def state(self) -> AssignState:
        if self.held is None:
            self.held = self._load_state()
        return self.held

    def assign_all(self, pending: list[Pending], run: Run) -> None:
        # Not one document's work: a failure here stops the batch.
        with self.clock.stage("dedup"):
            self.store.resign_articles(SIGNATURE_VERSION, lambda title, text: signature(f"{title}\n{text}"))
            self.store.index_bands(BANDS_VERSION, band_buckets)
            self.store.fill_outlets(outlet_of)
        with self.clock.stage("assign"):
            self.store.build_language_sums()
            state = self.state()
        try:
            self._assign_pending(pending, state, run)
        except BaseException:
            # A chunk rolled back: the state in memory holds placements the store does not.
            self.held = None
            raise
        state.observed.clear()  # this run's articles are stored or given up; the set need not grow
        with self.clock.stage("index"):
            state.index.save()
            self._fold_articles()

    def _assign_pending(self, pending: list[Pending], state: AssignState, run: Run) -> None:
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
            with self.store.transaction():
                with self.clock.stage("assign"):
                    state.catch_up(self.store)
                rows, touched = self.assign_chunk(pending[start:start + STORE_CHUNK], state, run, done_files)
                with self.clock.stage("store"):
                    self.store_chunk(rows, touched, state, run, done_files)
            done_files = []
            touched_total |= touched
            unrepaired |= touched
            if (start // STORE_CHUNK + 1) % (REPAIR_EVERY // STORE_CHUNK) == 0:
                self.repair(unrepaired, state, run)
        if done_files:
            with self.store.transaction():
                self._mark_files(done_files, run)
        self.repair(unrepaired, state, run)
        run.record_rejections(self.store)
        summary.stories_new = len(touched_total - known_stories)
        summary.stories_updated = len(touched_total & known_stories)

    def repair(self, touched: set[int], state: AssignState, run: Run) -> None:
        """The repair pass over the events touched since the last one, then nothing is left to repair."""
        if not touched:
            return
        with self.clock.stage("regroup"), self.store.transaction():
            state.catch_up(self.store)
            counts = repair(self.store, state, touched, self.regroup_settings)
            self.store.clear_unrepaired(touched)
        run.summary.events_split += counts.split
        run.summary.events_merged += counts.merged
        if counts.split or counts.merged:
            now = self.store.stories_of(a for a, _ in run.summary.stored_articles)
            run.summary.stored_articles = [(a, now.get(a, s)) for a, s in run.summary.stored_articles]
        touched.clear()

    def assign_chunk(self, chunk: list[Pending], state: AssignState, run: Run,
                     done_files: list[str]) -> tuple[list[tuple[Pending, Placement]], set[int]]:
        """Each article's story; files whose last article this was join ``done_files``."""
        rows, touched = [], set()
        for item in chunk:
            placed = self.assign_one(item, state, run)
            if placed:
                rows.append((item, placed))
                touched.add(placed.story_id)
            if placed is not False and run.files.settled(item.file_key):
                done_files.append(item.file_key)
        return rows, touched

    def store_chunk(self, rows, touched: set[int], state: AssignState, run: Run, done_files: list[str]) -> None:
        for story_id in sorted(touched):
            self.store.save_story(state.assigner.story_summary(story_id))
        for _, placed in rows:
            self.store.add_article(placed.article, placed.story_id, placed.score, placed.embedding_key,
                                   placed.minhash, placed.duplicate_of)
            self.store.add_bands(placed.article.id, band_buckets(placed.minhash))
            run.summary.stored_articles.append((placed.article.id, placed.story_id))
        feature_counts = Counter(key for item, _ in rows for key in item.bag)
        self.store.add_feature_counts(feature_counts)
        self.store.add_language_sums(sum_by_language((item.article.lang, item.vector) for item, _ in rows))
        self.store.mark_unrepaired(touched)
        self._mark_files(done_files, run)
        state.stored(self.store, feature_counts)
        run.summary.stored += len(rows)

    def _mark_files(self, keys: list[str], run: Run) -> None:
        """Mark files done; one with a document that failed inside a stage stays to be read again."""
        for key, sha, documents in run.files.to_mark(keys):
            self.store.mark_file(key, sha, documents)

    def assign_one(self, item: Pending, state: AssignState, run: Run) -> Placement | None | bool:
        """Where one article goes; None when another writer stored it meanwhile, False when it failed."""
        article = item.article
        if article.id in state.story_of:
            run.summary.duplicates += 1
            return None
        try:
            minhash, duplicate = self.clock.timed("dedup", state.near_copy, article, self.store)
            story_id, score, copied = self.clock.timed("assign", state.place, article, item.vector, item.bag,
                                                       minhash, duplicate, self.store)
        except StageFailure as failure:
            run.fail(article.origin, item.file_key, failure)
            return False
        run.summary.near_duplicates += copied
        return Placement(article, story_id, score, item.embedding_key, minhash, duplicate)
