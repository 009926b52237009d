"""The repair pass, applied: events split and merged, and storylines linked, in the store.

:mod:`.cluster.regroup` decides; this module reads an event's members
from the store, runs the pass over the events an ingest touched until
nothing changes (a cut half may need cutting again), and writes what
changed in the writer's open transaction: articles moved, merged events
deleted, summaries and storylines saved. Event ids stay stable: a merged
event lives on under the older id, a split keeps the id on the half with
the event's first article.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from newsweave.cluster.state import GENERATION_KEY, AssignState
from newsweave.cluster.evidence import features
from newsweave.cluster.repair.lines import StorylineMap
from newsweave.cluster.repair.records import Member, RegroupSettings
from newsweave.cluster.repair.regroup import Regrouper
from newsweave.text import day_number
from newsweave.store import StoreWriter

MAX_ROUNDS = 3


@dataclass
class RepairCounts:
    split: int = 0
    merged: int = 0
    storylines_changed: int = 0


def stored_members(store: StoreWriter, story_id: int) -> list[Member]:
    """An event's articles as the pass compares them, in stored order."""
    articles = store.story_articles(story_id)
    vectors = store.get_embeddings(a["embedding_key"] for a in articles)
    return [Member(a["id"], vectors[a["embedding_key"]], a["lang"], features(f"{a['title']}\n{a['text']}"),
                   day_number(a["published"])) for a in articles]


def repair(store: StoreWriter, state: AssignState, touched: Iterable[int],
           settings: RegroupSettings | None = None) -> RepairCounts:
    """Run the pass over ``touched`` events; call inside the write transaction, after ``state.catch_up``."""
    counts = RepairCounts()
    settings = settings or RegroupSettings()
    reach = max(settings.storyline_days, state.assigner.settings.cold_days)
    regrouper = Regrouper(state.assigner, settings, state.neighbour_shortlist)
    pending = sorted(set(touched))
    state.hold(store, pending)  # events left unrepaired by an earlier run may lie outside the window
    moved = False
    for _ in range(MAX_ROUNDS):
        if not pending:
            break
        state.hold_neighbours(store, [event for event in pending if state.assigner.holds(event)], reach)
        current = StorylineMap(store.storylines, store.storyline_members)  # read as linking asks
        result = regrouper.run(pending, lambda event: stored_members(store, event), current,
                               state.assigner.next_id)
        # Cut halves exist before articles move into them; merged events go once empty.
        for event in sorted(result.changed_events & state.assigner.row_ids()):
            store.save_story(state.assigner.story_summary(event))
        if result.moves:
            store.move_articles(result.moves)
            state.story_of.update(result.moves)
            moved = True
        for gone, _ in result.merged:
            store.delete_story(gone)
        if result.storylines:
            # Storylines that joined take their events outside memory along.
            store.relabel_storylines({current[e]: line for e, line in result.storylines.items()
                                      if e in current and current[e] != line})
            store.set_storylines(result.storylines)
        counts.split += len(result.split)
        counts.merged += len(result.merged)
        counts.storylines_changed += len(result.storylines)
        pending = sorted(result.changed_events & state.assigner.row_ids())
    state.synced(store)
    state.neighbours.clear()
    if moved:
        generation = int(store.get_meta(GENERATION_KEY) or 0) + 1
        store.set_meta(GENERATION_KEY, str(generation))
        state.generation = generation
    return counts
