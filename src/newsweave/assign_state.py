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
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .cluster.assign import AssignerSettings, StoryAssigner
from .cluster.evidence import features
from .dating import day_number
from .dedup import DuplicateFinder, band_buckets, best_copy, signature
from .model import Article
from .store.base import StoreReader, StoreWriter


GENERATION_KEY = "regroup_generation"  # grows whenever a repair pass moves articles: other writers reload
NEAR_COPY_SCORE = 1.0  # the score a near-copy is recorded with: it joined by copying, not by similarity


@dataclass
class AssignState:
    """The assigner, the near-duplicate index and the stored articles' stories,
    as of the store's article ``seen_seq``."""

    assigner: StoryAssigner
    finder: DuplicateFinder   # articles placed and not stored yet; the store indexes the rest
    story_of: dict[str, int]
    seen_seq: int
    observed: set[str] = field(default_factory=set)  # pending articles already counted in means and rarities
    generation: int = 0  # of the repair passes stored (``repair.GENERATION_KEY``) when last read

    @classmethod
    def load(cls, store: StoreReader, dim: int, settings: AssignerSettings,
             offsets: dict[str, np.ndarray]) -> AssignState:
        """Everything assignment needs, read from one consistent state of the store."""
        assigner = StoryAssigner(dim, settings, offsets)
        with store.snapshot():
            for story in store.load_stories():
                restore(assigner, story)
            assigner.restore(((row.vector, row.lang) for row in store.article_vectors()),
                             store.feature_counts(), store.article_count())
            story_of = store.article_stories()
            seen_seq = store.last_seq()
            generation = int(store.get_meta(GENERATION_KEY) or 0)
        return cls(assigner, DuplicateFinder(), story_of, seen_seq, generation=generation)

    def catch_up(self, store: StoreWriter) -> None:
        """Take in what other writers stored since the last look; call inside the write transaction."""
        generation = int(store.get_meta(GENERATION_KEY) or 0)
        if generation != self.generation:
            self._reload_events(store)
            self.generation = generation
        touched = set()
        for row in store.stored_since(self.seen_seq):
            self.seen_seq = row["seq"]
            if row["id"] in self.story_of:
                continue
            if row["id"] not in self.observed:  # another writer stored one of ours first: counted already
                self.assigner.observe(row["vector"], row["lang"], features(f"{row['title']}\n{row['text']}"))
            self.story_of[row["id"]] = row["story_id"]
            touched.add(row["story_id"])
        for story in store.load_stories(touched):
            restore(self.assigner, story)
        self.assigner.id_floor = store.max_story_id()

    def _reload_events(self, store: StoreReader) -> None:
        """Another writer's repair pass moved articles between events: read every event again."""
        stored = {story["id"]: story for story in store.load_stories()}
        for gone in self.assigner.row_ids() - set(stored):
            self.assigner.remove_story(gone)
        for story in stored.values():
            restore(self.assigner, story)
        self.story_of.update(store.article_stories())

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
              duplicate: tuple[str, float] | None) -> tuple[int, float, bool]:
        """``(story id, score, whether it followed a near-copy)`` for one article, now counted in its story.

        A near-copy belongs with what it copies, whatever the scores say; an
        undated article is unknown in time, not placed on the day it arrived.
        """
        day = day_number(article.published)
        copied = duplicate is not None and duplicate[0] in self.story_of
        if copied:
            story_id, score = self.story_of[duplicate[0]], NEAR_COPY_SCORE
            self.assigner.join(story_id, vector, article.lang, bag, day)
        else:
            decision = self.assigner.assign(vector, article.lang, bag, day, True)
            story_id, score = decision.story_id, decision.score
        self.finder.add(article.id, minhash)
        self.story_of[article.id] = story_id
        return story_id, score, copied

    def stored(self, store: StoreReader) -> None:
        """Our own chunk is stored: nothing up to the newest article is news to us, and the
        store's band index now finds its articles."""
        self.seen_seq = store.last_seq()
        self.finder.clear()


def restore(assigner: StoryAssigner, story: dict) -> None:
    """Put a stored story summary into the assigner, replacing what it held of it."""
    assigner.add_story(story["id"], story["vector_sum"], story["lang_counts"], story["size"],
                       story["first_day"], story["last_day"], story["bag"])
