"""Who covered an event: its outlets by language, and its blindspot within its storyline.

The blindspot is what the rest of the storyline reached and this event did not: the
languages and the outlets' countries of the storyline's other events missing here. A desk
reads it as "the Arabic press followed the talks, but not this round".
"""
from __future__ import annotations

from collections import Counter

from newsweave.store import StoreReader, source_name


def event_coverage(store: StoreReader, story_id: int, storyline_events: list[int]) -> dict:
    """``{"outlets": [{"outlet", "country", "articles", "languages"}], "blindspot": {"languages", "countries"}}``.

    Outlets come most articles first; an article no outlet names counts under its file.
    """
    rows = store.coverage_rows(set(storyline_events) | {story_id})
    mine = [r for r in rows if r["story_id"] == story_id]
    others = [r for r in rows if r["story_id"] != story_id]
    by_outlet: dict[str, dict] = {}
    for row in mine:
        name = source_name(row)
        entry = by_outlet.setdefault(name, {"outlet": name, "country": row["country"], "articles": 0,
                                            "languages": Counter()})
        entry["articles"] += 1
        entry["languages"][row["lang"]] += 1
    outlets = sorted(by_outlet.values(), key=lambda e: (-e["articles"], e["outlet"]))
    for entry in outlets:
        entry["languages"] = dict(entry["languages"].most_common())
    here_langs = {r["lang"] for r in mine}
    here_countries = {r["country"] for r in mine if r["country"]}
    return {"outlets": outlets, "blindspot": {
        "languages": sorted({r["lang"] for r in others} - here_langs),
        "countries": sorted({r["country"] for r in others if r["country"]} - here_countries)}}
