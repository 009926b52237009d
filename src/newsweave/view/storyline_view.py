"""A storyline, whole: its events in time order, the figures that moved, the names they share.

Each event keeps its own full view (:class:`~newsweave.view.story_view.StoryViews`),
where figures are compared and disagreements flagged. Across the events of
a storyline the same figure is expected to change (a toll that grows, a
pause that lengthens), so here figures are shown as a trail over time,
event by event, and never flagged as a disagreement.
"""
from __future__ import annotations

from collections import Counter

from newsweave.page import story_headline
from newsweave.records import StorylineView
from newsweave.store import StoreReader
from newsweave.view.story_view import StoryViews

MAX_SHARED_ENTITIES = 20


class StorylineViews:
    """Storyline views from one store, built on the events' own (cached) views."""

    def __init__(self, store: StoreReader, events: StoryViews | None = None):
        self.store = store
        self.events = events or StoryViews(store)

    def view(self, storyline_id: int, lang: str = "en") -> StorylineView | None:
        event_ids = self.store.storyline_events(storyline_id)
        views = [v for v in (self.events.view(e, lang) for e in event_ids) if v is not None]
        if not views:
            return None
        views.sort(key=lambda v: (_first_day(v) is None, _first_day(v) or "", v["id"]))
        titles = self.store.story_titles(event_ids)
        articles = sorted((a for e in event_ids for a in titles[e]), key=lambda a: a.get("published") or "9999")
        languages: Counter = Counter()
        for v in views:
            languages.update(v["languages"])
        days = [d for v in views for d in (_first_day(v), _last_day(v)) if d]
        by_day: dict[str, Counter] = {}
        for v in views:
            for day, counts in v["timeline"]["by_day"].items():
                by_day.setdefault(day, Counter()).update(counts)
        return {
            "kind": "storyline",
            "id": storyline_id,
            "lang": lang,
            "headline": story_headline(articles, lang),
            "size": sum(v["size"] for v in views),
            "languages": dict(languages.most_common()),
            "first_seen": min(days) if days else None,
            "last_seen": max(days) if days else None,
            "events": [_event_entry(v) for v in views],
            "by_day": {day: dict(by_day[day]) for day in sorted(by_day)},
            "figures": figure_trails(views),
            "entities": shared_entities(views),
        }


def _first_day(view: dict) -> str | None:
    days = sorted(view["timeline"]["by_day"])
    return days[0] if days else None


def _last_day(view: dict) -> str | None:
    days = sorted(view["timeline"]["by_day"])
    return days[-1] if days else None


def _event_entry(view: dict) -> dict:
    return {"id": view["id"], "headline": view["headline"], "size": view["size"], "languages": view["languages"],
            "first_seen": _first_day(view), "last_seen": _last_day(view),
            "summary": view["summary"][0] if view["summary"] else None,
            "disagreements": sum(1 for c in view["claims"] if c["disagree"])}


def figure_trails(views: list[dict]) -> list[dict]:
    """Each figure that two or more events report, event by event in time order.

    ``changed`` says whether the values moved between the first event that
    gives the figure and the last; within one event a difference is a
    disagreement (the event's view flags it), across events it is news.

    >>> a = {"id": 1, "timeline": {"by_day": {"2024-03-01": {}}}, "claims": [
    ...      {"concept": "deaths", "group": None, "values": [23]}]}
    >>> b = {"id": 2, "timeline": {"by_day": {"2024-03-09": {}}}, "claims": [
    ...      {"concept": "deaths", "group": None, "values": [31]}]}
    >>> [(t["concept"], [p["values"] for p in t["points"]], t["changed"]) for t in figure_trails([a, b])]
    [('deaths', [[23], [31]], True)]
    """
    trails: dict[tuple, list[dict]] = {}
    for view in views:
        for claim in view["claims"]:
            trails.setdefault((claim["concept"], claim["group"]), []).append(
                {"event_id": view["id"], "date": _first_day(view), "values": claim["values"]})
    out = []
    for (concept, group), points in trails.items():
        if len({p["event_id"] for p in points}) < 2:
            continue
        out.append({"concept": concept, "group": group, "points": points,
                    "changed": points[0]["values"] != points[-1]["values"]})
    return out


def shared_entities(views: list[dict]) -> list[dict]:
    """The people, organisations and places that two or more events name: the storyline's actors."""
    found: dict[tuple[str, str], dict] = {}
    for view in views:
        for entity in view["entities"]:
            entry = found.setdefault((entity["name"], entity["kind"]), {
                "name": entity["name"], "kind": entity["kind"], "events": [], "languages": set()})
            entry["events"].append(view["id"])
            entry["languages"].update(entity["languages"])
    shared = [dict(e, languages=sorted(e["languages"]), n_events=len(e["events"]))
              for e in found.values() if len(e["events"]) >= 2]
    shared.sort(key=lambda e: (-e["n_events"], e["name"]))
    return shared[:MAX_SHARED_ENTITIES]
