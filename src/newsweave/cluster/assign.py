"""Online story assignment: each article joins the best story or opens one.

For an incoming article the score against every live story is computed at
once with matrix operations:

1. **Meaning**: cosine between the article's language-centred embedding and
   the story's centred centroid. A story keeps the raw sum of its members and
   how many came from each language, so its centred centroid under the
   *current* language means is ``sum - counts @ means``, exact and cheap.
2. **Shared evidence** (:mod:`.evidence`): names across scripts, numbers in
   any digit system and, within one language, words, weighted by rarity. Only
   the best few stories by meaning are checked, keeping this step small.
3. **Language gap**: a story with no article in the new article's language
   gets ``cross_language_bonus``. Even after centering, two reports of one
   story score lower across languages than within one; on the SemEval-2022
   pairs rated "same story" the gap is 0.20 (0.85 within a language, 0.65
   across), so a story told so far only in other languages is judged on the
   same footing.
4. **Time**: a story that has gone cold (no article within ``cold_days`` of
   the new one) cannot attract it; a smaller gap costs a little score.

The article joins the best story when the combined score reaches
``threshold``; otherwise it opens a new story. Given the same articles in the
same order the result is always the same.
"""
from __future__ import annotations

from collections import Counter
from itertools import chain
from dataclasses import dataclass

import numpy as np

from newsweave.cluster.evidence import idf, weighted_cosine
from newsweave.cluster.held import HeldEvents
from newsweave.cluster.rarities import Rarities
from newsweave.cluster.relatedness import relatedness
from newsweave.cluster.settings import AssignerSettings
from newsweave.embed import LanguageMeans


MAX_STORY_FEATURES = 400


@dataclass(frozen=True)
class Decision:
    story_id: int
    score: float
    is_new: bool


class StoryAssigner(HeldEvents):
    """Scores articles against the events held and assigns them one by one.

    >>> import numpy as np
    >>> from collections import Counter
    >>> a = StoryAssigner(dim=2)
    >>> a.assign(np.array([1.0, 0.0]), "en", Counter({"k:ntn": 1}), day=100).is_new
    True
    >>> a.assign(np.array([0.99, 0.14]), "en", Counter({"k:ntn": 1}), day=101).story_id
    1
    >>> a.assign(np.array([0.0, 1.0]), "en", Counter({"k:ktr": 1}), day=102).is_new
    True
    """

    def __init__(self, dim: int, settings: AssignerSettings | None = None,
                 language_offsets: dict[str, np.ndarray] | None = None):
        self.settings = settings or AssignerSettings()
        super().__init__(dim, LanguageMeans(dim, self.settings.shrinkage, language_offsets))
        self.df = Rarities()
        self.n_docs = 0

    # -- scoring ------------------------------------------------------------
    def centroid_meaning(self, query: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """Cosine of a centred, unit ``query`` with the centred centroids of ``rows``,
        by the same sums-and-counts identity as :meth:`_meaning_scores`."""
        means = self.means.matrix()
        norms = self._centroid_norms(means)[rows].copy()
        norms[norms == 0] = 1.0
        along = means @ query
        if len(rows) > self._n // 2:
            # Over most rows, one pass over the whole arrays beats copying the chosen ones out.
            return (self.sums @ query - self.lang_counts @ along)[rows] / norms
        return (self._sums[rows] @ query - self._counts[rows] @ along) / norms


    def restore(self, vectors, feature_counts: Counter, n_docs: int) -> None:
        """Take in a store's articles as counted state: each ``(vector, lang)`` in the
        language means, and the stored word rarities (``feature_counts`` over
        ``n_docs`` articles) as they are, without recounting every text."""
        for vector, lang in vectors:
            self._lang_column(lang)  # widens the story language counts too
            self.means.add(vector, lang)
        self.df = Rarities(counts=feature_counts)
        self.n_docs = n_docs

    def restore_sums(self, sums: dict[str, tuple[float, np.ndarray]], rarities: Rarities, n_docs: int) -> None:
        """As :meth:`restore`, from each language's stored vector sum instead of every vector, with
        the word rarities read from the store as scoring needs them."""
        for lang, (n, total) in sums.items():
            self._lang_column(lang)
            self.means.add_sum(lang, n, total)
        self.df = rarities
        self.n_docs = n_docs

    def centred_query(self, vector: np.ndarray, lang: str) -> np.ndarray:
        """An article's vector centred on its language's mean, unit length: what scoring compares."""
        query = np.asarray(vector, dtype=np.float32) - self.means.matrix()[self._lang_column(lang)]
        return query / (np.linalg.norm(query) or 1.0)

    def centred_summary(self, vector_sum: np.ndarray, lang_counts: dict[str, float]) -> np.ndarray:
        """A stored event's centred centroid, unit length, under the current means."""
        for lang in lang_counts:
            self._lang_column(lang)
        means = self.means.matrix()
        centred = np.asarray(vector_sum, dtype=np.float32).copy()
        for lang, n in lang_counts.items():
            centred -= n * means[self.means.index[lang]]
        return centred / (np.linalg.norm(centred) or 1.0)

    def summary_of(self, story_id: int) -> tuple[np.ndarray, dict] | None:
        """A held event's sum and language counts (None when not held)."""
        row = self._row.get(story_id)
        if row is None:
            return None
        langs = {lang: float(self._counts[row, col]) for lang, col in self.means.index.items()
                 if self._counts[row, col] > 0}
        return self._sums[row], langs

    def observe(self, vector: np.ndarray, lang: str, bag: Counter, stored: bool = False) -> None:
        """Count an article in the language means and feature frequencies (``stored``: one
        another writer has stored already).

        Called before scoring, for a whole batch at once when it is known,
        so that centering uses everything stored so far.
        """
        self._lang_column(lang)
        self.means.add(vector, lang)
        if stored:
            self.df.arrived(bag.keys())
        else:
            self.df.pending(bag.keys())
        self.n_docs += 1


    def _meaning_scores(self, vector: np.ndarray, lang: str, rows: np.ndarray | None = None) -> np.ndarray:
        """Centred cosine of the article with each story (or with ``rows`` only).

        ``(sum - counts @ means) . q`` is ``sum . q - counts @ (means @ q)``,
        so no centred centroid matrix is ever built.
        """
        means = self.means.matrix()
        query = vector - means[self.means.index[lang]]
        query /= np.linalg.norm(query) or 1.0
        norms = self._centroid_norms(means)
        along = means @ query
        if rows is None:
            dots, norms = self.sums @ query - self.lang_counts @ along, norms.copy()
        else:
            dots, norms = self._sums[rows] @ query - self._counts[rows] @ along, norms[rows]
        norms[norms == 0] = 1.0
        return dots / norms

    def _time_adjustment(self, day: float | None, rows: np.ndarray | None = None) -> np.ndarray:
        """0 for stories active around ``day``, a penalty for a gap, -inf when cold (for every
        held story, or for ``rows``)."""
        n = self._n if rows is None else len(rows)
        if day is None or not n:
            return np.zeros(n)
        first, last = (self.first_day, self.last_day) if rows is None else (self._first[rows], self._last[rows])
        gap = np.maximum(np.nan_to_num(first - day, nan=0.0), np.nan_to_num(day - last, nan=0.0))
        gap = np.maximum(gap, 0.0)
        adjust = -self.settings.gap_penalty_per_day * gap
        adjust[gap > self.settings.cold_days] = -np.inf
        return adjust

    def scores(self, vector: np.ndarray, lang: str, bag: Counter, day: float | None,
               shortlist: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(story rows, combined scores) for the best candidate stories: among every held
        story, or among the rows of ``shortlist`` (an index's nearest, for many held stories)."""
        if not self._n:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        if shortlist is not None:
            adjust = self._time_adjustment(day, shortlist)
            keep = np.isfinite(adjust)
            live, adjust = shortlist[keep], adjust[keep]
            if not len(live):
                return live, np.zeros(0)
            meaning = self._meaning_scores(vector, lang, live) + adjust
            return self._best(vector, lang, bag, live, meaning)
        adjust = self._time_adjustment(day)
        live = np.flatnonzero(np.isfinite(adjust))
        if not len(live):
            return live, np.zeros(0)
        # Cold stories are skipped before any vector work: in a long-running
        # store most stories are cold for any one new article.
        subset = live if len(live) < self._n // 2 else None
        meaning = self._meaning_scores(vector, lang, subset)
        if subset is None:
            meaning = meaning + adjust
            live = np.arange(self._n)
        else:
            meaning = meaning + adjust[live]
        return self._best(vector, lang, bag, live, meaning)

    def _best(self, vector, lang: str, bag: Counter, live: np.ndarray, meaning: np.ndarray):
        """The best ``candidates`` of the ``live`` rows by ``meaning``, scored with their evidence."""
        k = min(self.settings.candidates, len(meaning))
        best = np.argpartition(-meaning, k - 1)[:k]
        best = best[np.isfinite(meaning[best])]
        rows = live[best]
        if not len(rows):
            return rows, np.zeros(0)
        self.df.need(chain(bag, *(self.bags[r] for r in rows)))  # one read for every rarity below
        weights = {key: idf(self.df[key], self.n_docs) for key in bag}
        evidence = np.array([self._evidence(bag, self.bags[r], weights) for r in rows])
        foreign = self.lang_counts[rows, self.means.index[lang]] == 0
        return rows, self.combine(meaning[best], evidence, foreign)

    def combine(self, meaning, evidence, foreign):
        """The one scoring formula: meaning + weighted evidence + the cross-language allowance."""
        return meaning + self.settings.evidence_weight * evidence + self.settings.cross_language_bonus * foreign

    def _evidence(self, bag: Counter, story_bag: Counter, weights: dict[str, float]) -> float:
        # Weights outside the article's own features are irrelevant to the dot
        # product; for the story's norm, unseen keys get their stored IDF.
        full = dict(weights)
        for key in story_bag:
            if key not in full:
                full[key] = idf(self.df[key], self.n_docs)
        return weighted_cosine(bag, story_bag, full)

    def similarity(self, a: tuple[np.ndarray, str, Counter], b: tuple[np.ndarray, str, Counter]) -> float:
        """The score article ``b`` would get against a story holding only ``a``.

        Each argument is ``(vector, language, evidence bag)``; both articles
        should have been observed, so centering and rarity know them. Time is
        left out: a pair of texts carries no dates.
        """
        (_, la, ba), (_, lb, bb) = a, b
        weights = {key: idf(self.df[key], self.n_docs) for key in bb}
        return float(self.combine(self._pair_meaning(a, b), self._evidence(bb, ba, weights), la != lb))

    def relatedness(self, a: tuple[np.ndarray, str, Counter], b: tuple[np.ndarray, str, Counter]) -> float:
        """Graded :func:`relatedness` of two observed articles (arguments as for :meth:`similarity`)."""
        return float(relatedness(self._pair_meaning(a, b), a[1] != b[1]))

    def _pair_meaning(self, a, b) -> float:
        means = self.means.matrix()
        ca = np.asarray(a[0], dtype=np.float32) - means[self.means.column(a[1])]
        cb = np.asarray(b[0], dtype=np.float32) - means[self.means.column(b[1])]
        return float(ca @ cb / ((np.linalg.norm(ca) * np.linalg.norm(cb)) or 1.0))

    # -- assignment ---------------------------------------------------------
    def assign(self, vector: np.ndarray, lang: str, bag: Counter, day: float | None,
               observed: bool = False, shortlist: np.ndarray | None = None) -> Decision:
        """Put one article into a story (among ``shortlist``'s rows when given) and update that story."""
        vector = np.asarray(vector, dtype=np.float32)
        if not observed:
            self.observe(vector, lang, bag)
        rows, scores = self.scores(vector, lang, bag, day, shortlist)
        if len(rows):
            # Ties go to the older story, so the result never depends on dict order.
            best = max(range(len(rows)), key=lambda i: (round(float(scores[i]), 6), -int(self.ids[rows[i]])))
            if scores[best] >= self.settings.threshold:
                row = int(rows[best])
                self._update(row, vector, lang, bag, day)
                return Decision(int(self.ids[row]), float(scores[best]), False)
        story_id = self.next_id()
        self.add_story(story_id, np.zeros(self.dim, dtype=np.float32), {}, 0.0, None, None, Counter())
        self._update(self._n - 1, vector, lang, bag, day)
        best_score = float(scores.max()) if len(scores) else 0.0
        return Decision(story_id, best_score, True)

    def join(self, story_id: int, vector: np.ndarray, lang: str, bag: Counter, day: float | None) -> None:
        """Add an article to a known story without scoring (e.g. a near-copy)."""
        self._update(self._row[story_id], np.asarray(vector, dtype=np.float32), lang, bag, day)

    def _update(self, row: int, vector: np.ndarray, lang: str, bag: Counter, day: float | None) -> None:
        col = self._lang_column(lang)
        self._sums[row] += vector
        self._counts[row, col] += 1
        self._sizes[row] += 1
        self._refresh_norm(row)
        if day is not None:
            self._first[row] = day if np.isnan(self._first[row]) else min(self._first[row], day)
            self._last[row] = day if np.isnan(self._last[row]) else max(self._last[row], day)
        story_bag = self.bags[row]
        story_bag.update(bag)
        if len(story_bag) > MAX_STORY_FEATURES * 2:
            # Keep the features that carry the most weight; the rest barely
            # move a cosine and would make big stories slow to compare.
            self.df.need(story_bag)
            ranked = sorted(story_bag.items(), key=lambda kv: (-kv[1] * idf(self.df[kv[0]], self.n_docs), kv[0]))
            self.bags[row] = Counter(dict(ranked[:MAX_STORY_FEATURES]))
