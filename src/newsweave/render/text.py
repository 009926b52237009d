"""A story view as plain text, for the terminal (``newsweave story ID``)."""
from __future__ import annotations

from newsweave.claims import format_value
from newsweave.records import StorylineView, StoryView


def render_view_text(view: StoryView) -> str:
    """Headline, summary, entities, timeline, claims, statements and related stories, one per line."""
    head = view["headline"]
    langs = " ".join(f"{k}:{v}" for k, v in view["languages"].items())
    lines = [f"#{view['id']} {head['text']}" + ("" if head["in_reader_language"] else f"  [{head['lang']}]"),
             f"{view['size']} articles [{langs}]"]
    line = view.get("storyline")
    if line and line["n_events"] > 1:
        lines.append(f"event {_position(view['id'], line)} of storyline L{line['id']} "
                     f"(newsweave story L{line['id']}):")
        for e in line["events"]:
            mark = "  <- this event" if e["id"] == view["id"] else ""
            lines.append(f"  #{e['id']:<4} {(e['first_seen'] or 'undated')[:10]}  {e['headline']['text']}{mark}")
    lines += ["", "Summary:"]
    lines += [f"  - {s['text']}  [{s['lang']} {s['article_id'][:8]}]" for s in view["summary"]]
    lines += ["", "Entities:"]
    for e in view["entities"][:15]:
        variants = ", ".join(v["text"] for v in e["variants"][:6])
        lines.append(f"  {e['name']} ({e['kind']}, {e['n_articles']} articles, {' '.join(e['languages'])}): {variants}")
    lines += ["", "Timeline:"]
    for t in view["timeline"]["entries"]:
        mark = "  <- first report" if t["first_report"] else ""
        lines.append(f"  {t['date_label']:<10} {t['lang']:<3} {t['title']}  ({t['source']}){mark}")
    lines += ["", "Claims:"]
    for c in view["claims"]:
        values = " / ".join(format_value(v) for v in c["values"])
        lines.append(f"  {c['concept']}: {values}" + (f"   DIFFER: {c['difference']}" if c["disagree"] else ""))
    if view["statements"]:
        lines += ["", "Statements:"]
        lines += [f"  {s['speaker'] or 'unattributed'} ({s['lang']}): {s['text']}" for s in view["statements"]]
    if view["related"]:
        lines += ["", "Related stories:"]
        for r in view["related"]:
            text = r["headline"]["text"] if r["headline"] else ""
            lines.append(f"  #{r['id']} ({r['when']}) {text}")
    return "\n".join(lines)


def _position(event_id: int, storyline: dict) -> int:
    return 1 + [e["id"] for e in storyline["events"]].index(event_id)


def render_storyline_text(view: StorylineView) -> str:
    """A storyline: its events in time order, the figures that moved, the names its events share."""
    head = view["headline"]
    langs = " ".join(f"{k}:{v}" for k, v in view["languages"].items())
    span = f"{(view['first_seen'] or '?')[:10]}..{(view['last_seen'] or '?')[:10]}"
    lines = [f"L{view['id']} {head['text']}" + ("" if head["in_reader_language"] else f"  [{head['lang']}]"),
             f"storyline: {len(view['events'])} events, {view['size']} articles [{langs}] {span}", "", "Events:"]
    for e in view["events"]:
        event_langs = " ".join(f"{k}:{v}" for k, v in e["languages"].items())
        lines.append(f"  #{e['id']:<4} {(e['first_seen'] or 'undated')[:10]}  {e['size']:>3} articles [{event_langs}]  "
                     f"{e['headline']['text']}")
        if e["summary"]:
            lines.append(f"        {e['summary']['text']}")
    if view["figures"]:
        lines += ["", "Figures over time (event by event):"]
        for f in view["figures"]:
            trail = " -> ".join(f"{' / '.join(format_value(v) for v in p['values'])} (#{p['event_id']}, "
                                f"{(p['date'] or 'undated')[:10]})" for p in f["points"])
            lines.append(f"  {f['concept']}" + (f" ({f['group']})" if f["group"] else "") + f": {trail}")
    if view["entities"]:
        lines += ["", "Named in several events:"]
        lines += [f"  {e['name']} ({e['kind']}, {e['n_events']} events)" for e in view["entities"]]
    return "\n".join(lines)
