"""Storylines: events of one developing story linked, such as talks, a pause and its collapse.

Two events are linked when their event score, without the cost per day
between them, reaches the storyline threshold and their storylines hold
together as wholes, so a chain of pairwise likenesses cannot grow one
storyline without limit.
"""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from newsweave.cluster.repair.lines import StorylineMap

MAX_COHESION_EVENTS = 48  # of each storyline in a cohesion check: its latest events, enough to say what it is


class StorylineLinker:
    """Links the events one repair pass touched into storylines, with its regrouper's scores.

    >>> import numpy as np
    >>> from collections import Counter
    >>> from newsweave.cluster.assign import StoryAssigner
    >>> from newsweave.cluster.repair.regroup import Regrouper
    >>> a = StoryAssigner(dim=2)
    >>> _ = a.assign(np.array([1.0, 0.0]), "en", Counter({"k:ntn": 1}), day=100)
    >>> _ = a.assign(np.array([0.0, 1.0]), "en", Counter({"k:ktr": 1}), day=101)
    >>> StorylineLinker(Regrouper(a)).link([1, 2], {1: 1, 2: 2})
    {}
    """

    def __init__(self, regrouper):
        self.regrouper = regrouper
        self.assigner = regrouper.assigner
        self.settings = regrouper.settings
        self._groups: dict = {}  # each event's group during one link, centred and weighed once

    def link(self, touched: Iterable[int], current: StorylineMap | dict[int, int]) -> dict[int, int]:
        """Storyline ids that change once the ``touched`` events are linked.

        ``current`` gives each stored event's storyline (a dict of every live
        event's, or a :class:`StorylineMap` that reads them as asked); an event
        missing from it starts a storyline of its own. A link between two events
        proposes joining their storylines; the join happens only when the
        two storylines are cohesive as wholes (:meth:`cohesive`), so a chain
        of pairwise likenesses (a flood here, a flood there, a fire there)
        cannot grow one storyline without limit.
        """
        s = self.settings
        touched = sorted(set(touched))
        self._groups = {}
        if not isinstance(current, StorylineMap):
            current = StorylineMap.of(current)
        parent: dict[int, int] = {}
        members: dict[int, list[int]] = {}  # a storyline's held events, once read
        scores: dict[tuple[int, int], float] = {}

        def line_members(line: int, default: list[int] | None = None) -> list[int] | None:
            if line not in members:
                held = [e for e in current.members(line) if self.assigner.holds(e) and current.get(e) == line]
                if not held:
                    return default
                members[line] = held
            return members[line]

        def root(x: int) -> int:
            while parent.get(x, x) != x:
                x = parent[x]
            return x

        def storyline(event: int) -> int:
            return root(current.get(event, event))

        # Every touched event's neighbours first, so that their storylines are read at once.
        near = {event: self.regrouper.neighbours(event, s.storyline_days) for event in touched
                if self.assigner.holds(event)}
        current.need([*near, *(other for others in near.values() for other in others)])
        for event, others in near.items():
            if line_members(storyline(event)) is None:
                members[storyline(event)] = [event]
            for other in others:
                a, b = storyline(event), storyline(other)
                if a == b or self._event_score(event, other, scores) < s.storyline_threshold:
                    continue
                if not self.cohesive(line_members(a, [event]), line_members(b, [other]), scores):
                    continue
                keep, gone = min(a, b), max(a, b)
                parent[gone] = keep
                members[keep] = line_members(keep, []) + members.pop(gone, [])
        # Only events of joined storylines (all read), and events not linked before, change.
        joined = set(parent)
        out = {}
        for event in sorted(set(current.known()) | set(touched)) if joined else touched:
            new = storyline(event)
            if current.get(event) != new and self.assigner.holds(event):
                out[event] = new
        return out

    def cohesive(self, xs: list[int], ys: list[int], scores: dict[tuple[int, int], float] | None = None) -> bool:
        """Whether two storylines (their events' ids) are one: the average event score over
        every pair of their events no more than ``storyline_days`` apart reaches
        ``storyline_threshold``. Average link, not single link: each event of the joined
        storyline must be like the storyline's events around it in time, not only like
        its nearest neighbour. Pairs further apart do not count, so a storyline may run
        for months as long as every stretch of it holds together."""
        s = self.settings
        scores = {} if scores is None else scores
        xs, ys = self._recent(xs), self._recent(ys)
        values = [self._event_score(x, y, scores) for x in xs for y in ys]
        values = [v for v in values if v > -np.inf]
        return bool(values) and float(np.mean(values)) >= s.storyline_threshold

    def _recent(self, events: list[int]) -> list[int]:
        """At most ``MAX_COHESION_EVENTS`` of a storyline's events, the latest: what it is now."""
        if len(events) <= MAX_COHESION_EVENTS:
            return events
        a = self.assigner
        last = np.array([a.last_day[a.row_of(e)] for e in events])
        order = np.argsort(-np.nan_to_num(last, nan=np.inf), kind="stable")[:MAX_COHESION_EVENTS]
        return [events[i] for i in sorted(order)]

    def _event_score(self, x: int, y: int, scores: dict[tuple[int, int], float]) -> float:
        """The storyline score of two events: their event score without the cost per day,
        -inf when more than ``storyline_days`` lie between them (memoised in ``scores``)."""
        key = (x, y) if x < y else (y, x)
        if key not in scores:
            scores[key] = self.regrouper.group_score(self._group(x), self._group(y), self.settings.storyline_days,
                                                     per_day=False)
        return scores[key]

    def _group(self, event: int):
        if event not in self._groups:
            self._groups[event] = self.regrouper.event_group(event)
        return self._groups[event]
