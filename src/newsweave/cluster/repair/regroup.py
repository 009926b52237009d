"""The repair pass over events, and the storylines that link them.

Online assignment is greedy: an article joins whatever event scores best at
the moment it arrives, so an event can swallow a second happening of the
same kind (two fires, two coach sackings) when the first article of the
second one came while only the first existed, and two halves of one
happening can stay apart when their first articles were far from each
other. This pass looks again at the events an ingest touched, with every
member known. It compares groups of articles two ways: *article by
article* (the average score of an article of one group against an article
of the other, on the assigner's formula) and *as wholes* (the same formula,
centroid against centroid).

- **Split**: the members of a touched event are cut in two by average-link
  over their pairwise scores; when the halves' article-by-article average
  falls below the assigner's join threshold (on average an article of one
  half would not have joined a story holding one of the other), they
  become two events. The half holding the event's oldest article keeps its
  id, so a link a user saved still leads to the event they read.
- **Merge**: a touched event is folded into another live event (the older
  id survives) when they meet both ways: as wholes at ``merge_threshold``
  and article by article at the join threshold. A half just cut can
  therefore never be merged back in the same pass.

Storylines are chains of related events over weeks (the push for pauses,
the envoy's visit, the proposal rejected later). Two events are linked when
their event score reaches ``storyline_threshold`` and no more than
``storyline_days`` lie between them; a link joins their two storylines only
when those are cohesive: over the pairs of their events no more than
``storyline_days`` apart, the average event score reaches the same threshold
(average link, so likeness to one neighbour is not enough to join a chain).
A storyline is named by its oldest event's id. Linking only ever joins
storylines, so a storyline id, once shown, keeps naming the storyline that
grew from it.

Every decision is a pure function of the assigner's arrays and the members
handed in; the pipeline applies the result to the store.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from newsweave.cluster.assign import StoryAssigner
from newsweave.cluster.evidence import idf, prepared_cosine, weighted_cosine, weighted_norm
from newsweave.cluster.repair.lines import StorylineMap
from newsweave.cluster.repair.linkage import two_way_average_link
from newsweave.cluster.repair.records import MIN_HALF, Member, RegroupResult, RegroupSettings
from newsweave.cluster.repair.spans import gap, gaps
from newsweave.cluster.repair.storylines import StorylineLinker


MAX_SPLIT_MEMBERS = 150   # pairwise scores of bigger events cost too much for a routine pass


@dataclass(eq=False)
class _Group:
    vector_sum: np.ndarray
    counts: np.ndarray        # per language column of the assigner
    bag: Counter
    first: float
    last: float
    # Found on first use and kept: a group compared with many others (storyline linking)
    # centres and weighs itself once. The means and rarities do not move during a pass.
    centred: np.ndarray | None = None
    weights: dict[str, float] | None = None
    norm: float = 0.0


class Regrouper:
    """Runs the repair pass over one assigner's events: splits, merges, then storyline linking
    (:class:`~newsweave.cluster.repair.storylines.StorylineLinker`)."""

    def __init__(self, assigner: StoryAssigner, settings: RegroupSettings | None = None,
                 shortlist: Callable[[int], set[int] | None] | None = None):
        self.assigner = assigner
        self.settings = settings or RegroupSettings()
        # An event's candidate neighbours from an index (None: compare it with every held event).
        self.shortlist = shortlist

    # -- scores ---------------------------------------------------------------
    def _weights(self, bag: Counter) -> dict[str, float]:
        a = self.assigner
        return {key: idf(a.df[key], a.n_docs) for key in bag}

    def _centred(self, vector_sum: np.ndarray, counts: np.ndarray) -> np.ndarray:
        centred = vector_sum - counts @ self.assigner.means.matrix()[:len(counts)]
        return centred / (np.linalg.norm(centred) or 1.0)

    def event_group(self, story_id: int) -> _Group:
        a = self.assigner
        row = a.row_of(story_id)
        return _Group(a.sums[row], a.lang_counts[row], a.bags[row], a.first_day[row], a.last_day[row])

    def group_score(self, x: _Group, y: _Group, max_gap: float | None = None, per_day: bool = True) -> float:
        """The event score of two groups: meaning + evidence + language allowance, less the
        assigner's cost per day between them (``per_day``); -inf past ``max_gap`` days."""
        a = self.assigner
        between = gap(x.first, x.last, y.first, y.last)
        if max_gap is not None and between > max_gap:
            return -np.inf
        self._prepare(x)
        self._prepare(y)
        meaning = float(x.centred @ y.centred)
        evidence = prepared_cosine(x.bag, y.bag, x.weights, y.weights, x.norm, y.norm)
        foreign = not np.any((x.counts > 0) & (y.counts > 0))
        score = a.combine(meaning, evidence, foreign)
        return float(score - a.settings.gap_penalty_per_day * between) if per_day else float(score)

    def _prepare(self, group: _Group) -> None:
        if group.centred is None:
            group.centred = self._centred(group.vector_sum, group.counts)
            self.assigner.df.need(group.bag)
            group.weights = self._weights(group.bag)
            group.norm = weighted_norm(group.bag, group.weights)

    def _member_group(self, members: list[Member]) -> _Group:
        a = self.assigner
        counts = np.zeros(a.lang_counts.shape[1], dtype=np.float32)
        bag: Counter = Counter()
        for m in members:
            counts[a.means.column(m.lang)] += 1
            bag.update(m.bag)
        days = [m.day for m in members if m.day is not None]
        return _Group(np.sum([m.vector for m in members], axis=0), counts, bag,
                      min(days) if days else np.nan, max(days) if days else np.nan)

    # -- split ----------------------------------------------------------------
    def split_of(self, members: list[Member]) -> tuple[list[Member], list[Member]] | None:
        """The two happenings inside one event's members, or None when it is one.

        Members come in stored order; the half with the first member is the
        one that keeps the event's id.
        """
        s = self.settings
        if not s.split or not s.min_split_size <= len(members) <= MAX_SPLIT_MEMBERS:
            return None
        pairs = self._pair_scores(members)
        labels = np.array(two_way_average_link(pairs))
        halves = [[m for m, lab in zip(members, labels) if lab == side] for side in (0, 1)]
        if min(len(h) for h in halves) < MIN_HALF:
            return None
        cross = float(pairs[np.ix_(labels == 0, labels == 1)].mean())
        return (halves[0], halves[1]) if cross < self.assigner.settings.threshold else None

    def _may_split(self, story_id: int) -> bool:
        size = self.assigner.sizes[self.assigner.row_of(story_id)]
        return self.settings.split and self.settings.min_split_size <= size <= MAX_SPLIT_MEMBERS

    def _pair_scores(self, xs: list[Member], ys: list[Member] | None = None) -> np.ndarray:
        """Article-by-article scores, ``xs`` against ``ys`` (against themselves when None)."""
        a = self.assigner
        same = ys is None
        ys = xs if ys is None else ys
        means = a.means.matrix()

        def centred(group: list[Member]) -> np.ndarray:
            vectors = np.vstack([m.vector - means[a.means.column(m.lang)] for m in group])
            return vectors / np.linalg.norm(vectors, axis=1, keepdims=True).clip(1e-9)

        scores = centred(xs) @ centred(ys).T
        bag: Counter = Counter()
        for m in xs + ([] if same else ys):
            bag.update(m.bag)
        weights = self._weights(bag)
        for i, x in enumerate(xs):
            for j in range(i + 1 if same else 0, len(ys)):
                y = ys[j]
                value = a.combine(scores[i, j], weighted_cosine(x.bag, y.bag, weights), x.lang != y.lang)
                value -= a.settings.gap_penalty_per_day * gap(x.day, x.day, y.day, y.day)
                scores[i, j] = value
                if same:
                    scores[j, i] = value
        return scores

    def same_event(self, xs: list[Member], ys: list[Member]) -> bool:
        """Whether two groups of articles report one happening: they meet as wholes
        (``merge_threshold``) and article by article (the assigner's join threshold)."""
        if self.group_score(self._member_group(xs), self._member_group(ys)) < self.settings.merge_threshold:
            return False
        if len(xs) * len(ys) > MAX_SPLIT_MEMBERS ** 2:
            return True  # too big to compare article by article: the wholes decide
        return float(self._pair_scores(xs, ys).mean()) >= self.assigner.settings.threshold

    # -- merge ----------------------------------------------------------------
    def merge_target(self, story_id: int, members_of: Callable[[int], list[Member]]) -> int | None:
        """The live event that ``story_id`` is the same happening as, if any (the best scoring)."""
        cold = self.assigner.settings.cold_days
        group = self.event_group(story_id)
        scored = [(self.group_score(group, self.event_group(other), cold), other)
                  for other in self.neighbours(story_id, cold)]
        for score, other in sorted(scored, key=lambda so: (-so[0], so[1])):
            if score < self.settings.merge_threshold:
                break
            if self.same_event(members_of(story_id), members_of(other)):
                return other
        return None

    def neighbours(self, story_id: int, days: float) -> list[int]:
        """The events most like ``story_id`` by meaning among those within ``days`` of it."""
        a = self.assigner
        row = a.row_of(story_id)
        listed = self.shortlist(story_id) if self.shortlist is not None else None
        if listed is None:
            candidates = np.flatnonzero(gaps(a.first_day, a.last_day, a.first_day[row], a.last_day[row]) <= days)
        else:  # too many held to compare with all: the index's nearest
            rows = np.array(sorted(a.row_of(i) for i in listed if a.holds(i)), dtype=np.int64)
            near = gaps(a.first_day[rows], a.last_day[rows], a.first_day[row], a.last_day[row]) <= days
            candidates = rows[near]
        candidates = candidates[candidates != row]
        if not len(candidates):
            return []
        meaning = a.centroid_meaning(a.centred_centroid(row), candidates)
        k = min(a.settings.candidates, len(candidates))
        top = np.argpartition(-meaning, k - 1)[:k]
        best = candidates[top[np.argsort(-meaning[top], kind="stable")]]
        return [int(a.ids[r]) for r in best]

    # -- the pass -----------------------------------------------------------------
    def run(self, touched: Iterable[int], members_of: Callable[[int], list[Member]],
            current_storylines: StorylineMap | dict[int, int], next_id: Callable[[], int]) -> RegroupResult:
        """Split, then merge, the ``touched`` events, then relink storylines.

        ``members_of`` gives an event's stored members in stored order. The
        assigner is updated in place; the result says what the store must change.
        """
        result = RegroupResult()
        members: dict[int, list[Member]] = {}

        def known(event: int) -> list[Member]:
            if event not in members:
                members[event] = members_of(event)
            return members[event]

        touched = [e for e in sorted(set(touched)) if self.assigner.holds(e)]
        cut: list[int] = []
        for event in touched:
            if not self._may_split(event):
                continue  # decided by its size alone: its members are not read
            halves = self.split_of(known(event))
            if halves is None:
                continue
            new_id = next_id()
            members[event], members[new_id] = halves
            self._rebuild(event, halves[0])
            self._rebuild(new_id, halves[1])
            result.moves.update((m.article_id, new_id) for m in halves[1])
            result.split.append((event, new_id))
            cut.append(new_id)
        current = current_storylines if isinstance(current_storylines, StorylineMap) \
            else StorylineMap.of(current_storylines)
        for event in touched + cut:
            if not self.assigner.holds(event):
                continue  # merged into another already
            target = self.merge_target(event, known)
            if target is None:
                continue
            keep, gone = min(event, target), max(event, target)
            moved = known(gone)
            result.moves.update((m.article_id, keep) for m in moved)
            if keep in members:
                members[keep] = members[keep] + moved
            del members[gone]
            self.assigner.merge(keep, gone)
            current.pop(gone)
            result.merged.append((gone, keep))
        relink = [e for e in touched + cut if self.assigner.holds(e)] + [keep for _, keep in result.merged]
        result.storylines = StorylineLinker(self).link(relink, current)
        return result

    def _rebuild(self, story_id: int, members: list[Member]) -> None:
        group = self._member_group(members)
        langs: Counter = Counter(m.lang for m in members)
        days = [m.day for m in members if m.day is not None]
        self.assigner.add_story(story_id, group.vector_sum, dict(langs), float(len(members)),
                                min(days) if days else None, max(days) if days else None, group.bag)

