"""The story assigner's state, loaded from the store and kept in step with it.

Several processes may write to one store (two ``newsweave ingest`` runs, an
ingest beside ``newsweave serve``). Each holds its own assigner in memory, so
before it assigns a chunk of articles, inside the store's write transaction,
it takes in what the others stored since its last look: their articles count
in the language means, word rarities and near-duplicate index, and the
stories they touched are reloaded whole. New story ids are taken above every
stored id. So ids never collide, every story's sums and sizes stay exact, and
each chunk is assigned against everything stored before it: the stories are
those of one run that took the chunks in the order they were committed.

**The window.** Memory holds only the events that can still take the
articles coming in: those whose last day lies within ``cold_days`` of an
article's day (and a little beyond, for events still running). They are
read from the store when the first article of those days comes, a week of
events at a time by the index on their last day, so start-up reads only
each language's stored vector sum and the word rarities, never every
event or every vector. An article from long ago (a backfill) brings in the
events of its own days the same way. Every other event is found through
the event index (:mod:`.vector_index.events`): each article asks it for
its ``NEAR_EVENTS`` nearest events, and those not held that time does not
rule out are read from the store. The stated rule for an article without
a date: it may join an event of any age, as before, but only one held or
among its nearest in the whole store by meaning. Time cannot count
against an article whose time is unknown, and the index keeps that search
from growing with the store. The repair pass finds its neighbours beyond
the window the same way. When the held events outgrow ``HELD_MAX``, those
older than the window are let go between chunks; they are all stored.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from newsweave.cluster.assign import StoryAssigner
from newsweave.cluster.dedup import DuplicateFinder, band_buckets, best_copy, signature
from newsweave.cluster.evidence import features
from newsweave.cluster.lookup import StoryLookup
from newsweave.cluster.nearby import SHORTLIST, hold_nearest, restore
from newsweave.cluster.rarities import Rarities
from newsweave.cluster.settings import AssignerSettings
from newsweave.records import Article
from newsweave.store import StoreReader, StoreWriter
from newsweave.text import day_number
from newsweave.vector_index import EventIndex, index_folder, store_identity


GENERATION_KEY = "regroup_generation"  # grows whenever a repair pass moves articles: other writers reload
NEAR_COPY_SCORE = 1.0  # the score a near-copy is recorded with: it joined by copying, not by similarity
SCAN_MAX = 4_096       # held events up to which every one is scored; beyond, the index's shortlist
HELD_MAX = 60_000      # events held before those outside the window are let go
BLOCK_DAYS = 7.0       # the window is read in blocks of events by their last day
SPAN_SLACK = 30.0      # how far past an article's reach an event's last day is looked for (long events)
FUTURE_DAYS = 2        # a date further ahead of today than this does not move the window (a wrong date)


@dataclass
class AssignState:
    """The assigner over the held events, the event index, the near-duplicate index of
    placed articles and the stored articles' stories, as of the store's article ``seen_seq``."""

    assigner: StoryAssigner
    finder: DuplicateFinder   # articles placed and not stored yet; the store indexes the rest
    story_of: StoryLookup
    seen_seq: int
    index: EventIndex
    newest: float | None = None   # the newest day seen: what is let go is counted back from it
    covered: set[int] = field(default_factory=set)  # blocks of BLOCK_DAYS whose events (by last day) are held
    observed: set[str] = field(default_factory=set)  # pending articles already counted in means and rarities
    generation: int = 0  # of the repair passes stored (``repair.GENERATION_KEY``) when last read
    hold_all: bool = False  # every event held, none let go (see ``load``)
    unsynced: set[int] = field(default_factory=set)  # events changed since the event index took them in
    neighbours: dict[int, list[int]] = field(default_factory=dict)  # a repair pass's shortlists, by event

    @classmethod
    def load(cls, store: StoreReader, dim: int, settings: AssignerSettings,
             offsets: dict[str, np.ndarray], hold_all: bool = False) -> AssignState:
        """What assignment needs, read from one consistent state of the store: the language
        means, word rarities, the events of the window and the event index.

        ``hold_all`` holds every stored event instead, as before the window existed: what
        the window and the index are measured against."""
        assigner = StoryAssigner(dim, settings, offsets)
        if store.writable and index_folder(store) is not None:
            # Made before the snapshot: a write inside a read snapshot fails when another writer
            # has committed since it began.
            store_identity(store)
        with store.snapshot():
            sums = store.language_sums()
            if sums is None:  # a read-only store from before the sums were kept
                assigner.restore(((row.vector, row.lang) for row in store.article_vectors()),
                                 store.feature_counts(), store.article_count())
            else:
                # The sums count every stored article: no COUNT(*), whose cost grows with the store.
                assigner.restore_sums(sums, Rarities(store.feature_counts_of), int(sum(n for n, _ in sums.values())))
            newest = store.newest_day()
            state = cls(assigner, DuplicateFinder(), StoryLookup(store), store.last_seq(),
                        EventIndex.open(store, dim, assigner.centred_summary),
                        generation=int(store.get_meta(GENERATION_KEY) or 0))
            state.newest = newest
            if hold_all:
                for story in store.load_stories():
                    restore(assigner, story)
                state.hold_all = True
        return state

    # -- the window ----------------------------------------------------------------
    def _block(self, day: float) -> int:
        return int(day // BLOCK_DAYS)

    def _cover(self, store: StoreReader, day: float) -> None:
        """Hold the events that can take an article of ``day``: those whose last day lies from
        ``cold_days`` before it to ``cold_days`` + ``SPAN_SLACK`` after, read a block of
        ``BLOCK_DAYS`` at a time by the index on the last day, each block once. (An event
        that began before ``day`` and runs on past that reach is found through the index.)"""
        if self.hold_all:
            return
        cold = self.assigner.settings.cold_days
        for block in range(self._block(day - cold), self._block(day + cold + SPAN_SLACK) + 1):
            if block in self.covered:
                continue
            for story in store.stories_between(block * BLOCK_DAYS, last_before=(block + 1) * BLOCK_DAYS,
                                               skip=self.assigner.holds):
                restore(self.assigner, story)
            self.covered.add(block)

    def _advance(self, day: float | None) -> None:
        """Note the newest day seen (a date beyond tomorrow is a wrong date, not news)."""
        if day is None or day > date.today().toordinal() + FUTURE_DAYS:
            return
        if self.newest is None or day > self.newest:
            self.newest = day

    def hold_near(self, store: StoreReader, query: np.ndarray, span: tuple[float, float] | None,
                  within: float) -> list[int]:
        """Hold the index's nearest events to ``query`` that could matter: for a dated ``span``
        (first and last day), those undated or no more than ``within`` days from it; for an
        undated one, the ``NEAR_EVENTS`` nearest. Returns the ids found (``SHORTLIST`` of them)."""
        return hold_nearest(self.assigner, self.index, store, np.asarray(query)[None], [span], within)[0]

    def shortlist(self, near: list[int]) -> np.ndarray | None:
        """With more events held than a scan should cover: the rows to score, the index's
        nearest and those changed since the index last took them in. None: score them all."""
        if len(self.assigner) <= SCAN_MAX:
            return None
        a = self.assigner
        return np.array(sorted({a.row_of(i) for i in (*near, *self.unsynced) if a.holds(i)}), dtype=np.int64)

    def _let_go(self) -> None:
        """Between chunks, with everything held stored: keep the window, drop the rest."""
        if self.hold_all or len(self.assigner) <= HELD_MAX or self.newest is None:
            return
        keep = self._block(self.newest - self.assigner.settings.cold_days)
        start = keep * BLOCK_DAYS
        old = [int(i) for i, last in zip(self.assigner.ids, self.assigner.last_day) if not last >= start]
        for story_id in old:
            self.assigner.remove_story(story_id)
        self.covered = {block for block in self.covered if block >= keep}

    # -- other writers ---------------------------------------------------------------
    def catch_up(self, store: StoreWriter) -> None:
        """Take in what other writers stored since the last look; call inside the write transaction."""
        generation = int(store.get_meta(GENERATION_KEY) or 0)
        if generation != self.generation:
            self._reload_events(store)
            self.generation = generation
        touched = set()
        for row in store.stored_since(self.seen_seq):
            self.seen_seq = row["seq"]
            if row["id"] in self.story_of.recent:
                continue
            bag = features(f"{row['title']}\n{row['text']}")
            if row["id"] in self.observed:  # another writer stored one of ours first: counted already
                self.assigner.df.taken(bag)
            else:
                self.assigner.observe(row["vector"], row["lang"], bag, stored=True)
            touched.add(row["story_id"])
        for story in store.load_stories(touched):
            restore(self.assigner, story)
        self.assigner.id_floor = store.max_story_id()
        self.synced(store)
        self._let_go()

    def _reload_events(self, store: StoreReader) -> None:
        """Another writer's repair pass moved articles between events: read the held ones again."""
        held = self.assigner.row_ids()
        stored = {story.id: story for story in store.load_stories(held)}
        for gone in held - set(stored):
            self.assigner.remove_story(gone)
        for story in stored.values():
            restore(self.assigner, story)
        self.covered = set()  # the pass may have made events (a cut half) in blocks read before
        self.story_of.forget_stored()

    # -- placing -----------------------------------------------------------------------
    def observe_pending(self, article_id: str, vector: np.ndarray, lang: str, bag) -> None:
        """Count an article about to be assigned in the means and rarities, once."""
        if article_id not in self.observed:
            self.observed.add(article_id)
            self.assigner.observe(vector, lang, bag)

    def near_copy(self, article: Article, store: StoreReader) -> tuple[np.ndarray, tuple[str, float] | None]:
        """The article's MinHash signature, and the stored or placed article it nearly copies."""
        minhash = signature(f"{article.title}\n{article.text}")
        candidates = store.near_copy_candidates(band_buckets(minhash)) + self.finder.candidates(minhash)
        return minhash, best_copy(minhash, candidates, self.finder.threshold)

    def place(self, article: Article, vector: np.ndarray, bag, minhash: np.ndarray,
              duplicate: tuple[str, float] | None, store: StoreReader) -> tuple[int, float, bool]:
        """``(story id, score, whether it followed a near-copy)`` for one article, now counted in its story.

        A near-copy belongs with what it copies, whatever the scores say; an
        undated article is unknown in time, not placed on the day it arrived.
        """
        day = day_number(article.published)
        copied_story = self.story_of.get(duplicate[0]) if duplicate is not None else None
        if copied_story is not None and not self.assigner.holds(copied_story):
            for story in store.load_stories([copied_story]):
                restore(self.assigner, story)
        if copied_story is not None and self.assigner.holds(copied_story):
            story_id, score, copied = copied_story, NEAR_COPY_SCORE, True
            self.assigner.join(story_id, vector, article.lang, bag, day)
        else:
            if day is not None:
                self._advance(day)
                self._cover(store, day)
            near = self.hold_near(store, self.assigner.centred_query(vector, article.lang),
                                  None if day is None else (day, day), self.assigner.settings.cold_days)
            decision = self.assigner.assign(vector, article.lang, bag, day, True, self.shortlist(near))
            story_id, score, copied = decision.story_id, decision.score, False
        self.unsynced.add(story_id)
        self.finder.add(article.id, minhash)
        self.story_of[article.id] = story_id
        return story_id, score, copied

    def hold(self, store: StoreReader, story_ids) -> None:
        """Hold these events (read from the store those not held)."""
        for story in store.load_stories(i for i in story_ids if not self.assigner.holds(i)):
            restore(self.assigner, story)

    def hold_neighbours(self, store: StoreReader, story_ids: list[int], within: float) -> None:
        """Before a repair pass compares held events with their neighbours: hold those the index
        finds beyond the window, no more than ``within`` days away, and remember them as each
        event's shortlist."""
        a = self.assigner
        rows = [a.row_of(i) for i in story_ids]
        if not rows:
            return
        spans = [None if np.isnan(a.first_day[r]) else (float(a.first_day[r]), float(a.last_day[r])) for r in rows]
        queries = np.vstack([a.centred_centroid(r) for r in rows])
        self.neighbours.update(zip(story_ids, hold_nearest(self.assigner, self.index, store, queries, spans, within)))

    def neighbour_shortlist(self, story_id: int) -> set[int] | None:
        """The events a repair pass compares ``story_id`` with, when too many are held to scan.
        An event with no shortlist yet (a half cut, an event another merged into) gets the
        index's nearest to it now, among the events held: nothing is read into memory in the
        middle of a pass, where an event merged away must stay gone."""
        a = self.assigner
        if len(a) <= SCAN_MAX or not a.holds(story_id):
            return None
        if story_id not in self.neighbours:
            self.neighbours[story_id] = self.index.nearest(a.centred_centroid(a.row_of(story_id)), SHORTLIST)
        return set(self.neighbours[story_id]) | self.unsynced

    def stored(self, store: StoreWriter, feature_counts: Counter) -> None:
        """Our own chunk is stored, its features counted in the store as ``feature_counts``:
        nothing up to the newest article is news to us, the store's band index now finds its
        articles, and the event index takes in the events saved."""
        self.assigner.df.stored(feature_counts)
        self.seen_seq = store.last_seq()
        self.finder.clear()
        self.story_of.forget_stored()
        self.synced(store)

    def synced(self, store: StoreReader) -> None:
        """Bring the event index up to date with what is stored (ours included)."""
        self.index.sync(store, self.assigner.centred_summary, self.assigner.summary_of)
        self.unsynced.clear()

