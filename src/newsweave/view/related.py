"""Related stories: the same wider topic, a different event.

Two stories are related when their centred centres are close but not close
enough to have joined (a ceasefire plan in January after a pause in
November; a second factory fire in another city). They are linked in time
order as a chain, never merged.
"""
from __future__ import annotations

import numpy as np

from newsweave.cluster import relatedness
from newsweave.records import EventState

RELATED_MIN = 0.35   # graded relatedness of story centres
MAX_RELATED = 5


def related(target: EventState, stories: list[EventState], centres: np.ndarray, target_centre: np.ndarray) -> list[dict]:
    """Stories related to ``target`` (rows of ``stories`` with ``centres``), with their place in time."""
    if not len(stories):
        return []
    langs = set(target.lang_counts)
    foreign = np.array([not langs & set(story.lang_counts) for story in stories])
    scores = np.where(foreign, relatedness(centres @ target_centre, True), centres @ target_centre)
    out = []
    for row in np.argsort(-scores):
        story = stories[row]
        if story.id == target.id or scores[row] < RELATED_MIN:
            continue
        out.append({"id": story.id, "similarity": round(float(scores[row]), 3),
                    "when": _when(target, story)})
        if len(out) == MAX_RELATED:
            break
    order = {"earlier": 0, "overlapping": 1, "undated": 2, "later": 3}
    return sorted(out, key=lambda r: (order[r["when"]], -r["similarity"]))


def _when(target: EventState, other: EventState) -> str:
    if target.first_day is None or other.first_day is None:
        return "undated"
    if other.last_day < target.first_day:
        return "earlier"
    if other.first_day > target.last_day:
        return "later"
    return "overlapping"
