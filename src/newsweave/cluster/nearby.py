"""Events beyond the window that an article or a repaired event could meet, found by the
event index and read from the store into the assigner."""
from __future__ import annotations

import numpy as np

from newsweave.cluster.assign import StoryAssigner
from newsweave.records import EventState
from newsweave.store import StoreReader
from newsweave.vector_index import EventIndex

NEAR_EVENTS = 16       # nearest events an undated article reads from the store when not held
SHORTLIST = 48         # nearest events the index offers each article and each repaired event


def hold_nearest(assigner: StoryAssigner, index: EventIndex, store: StoreReader, queries: np.ndarray,
                 spans: list[tuple[float, float] | None], within: float) -> list[list[int]]:
    """For each query, the index's ``SHORTLIST`` nearest events; those that could matter and are
    not held are read into ``assigner`` (for a dated span, those undated or no more than
    ``within`` days from it; for an undated one, the ``NEAR_EVENTS`` nearest). One search of
    the index and one read of the store for all the queries."""
    nears = index.nearest_many(queries, SHORTLIST)
    holds = assigner.holds
    wanted: set[int] = set()
    dated: dict[int, list[tuple[float, float]]] = {}
    for near, span in zip(nears, spans):
        if span is None:
            wanted.update(i for i in near[:NEAR_EVENTS] if not holds(i))
        else:
            for i in near:
                if not holds(i):
                    dated.setdefault(i, []).append(span)
    if dated:
        days = store.story_days(dated)
        wanted.update(i for i, among in dated.items()
                      if i in days and any(may_matter(days[i], span, within) for span in among))
    for story in store.load_stories(sorted(wanted)):
        restore(assigner, story)
    return nears


def may_matter(days: tuple[float | None, float | None], span: tuple[float, float], within: float) -> bool:
    """Whether an event of ``days`` (first, last) lies no more than ``within`` days from ``span``."""
    first, last = days
    if first is None or last is None:
        return True  # an undated event: time cannot rule it out
    return first - within <= span[1] and span[0] <= last + within


def restore(assigner: StoryAssigner, story: EventState) -> None:
    """Put a stored story summary into the assigner, replacing what it held of it."""
    assigner.add_story(story.id, story.vector_sum, story.lang_counts, story.size, story.first_day, story.last_day,
                       story.bag)
