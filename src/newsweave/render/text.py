"""A story view as plain text, for the terminal (``newsweave story ID``)."""
from __future__ import annotations

from ..claims.numbers import format_value
from ..model import StoryView


def render_view_text(view: StoryView) -> str:
    """Headline, summary, entities, timeline, claims, statements and related stories, one per line."""
    head = view["headline"]
    langs = " ".join(f"{k}:{v}" for k, v in view["languages"].items())
    lines = [f"#{view['id']} {head['text']}" + ("" if head["in_reader_language"] else f"  [{head['lang']}]"),
             f"{view['size']} articles [{langs}]", "", "Summary:"]
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
