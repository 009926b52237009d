"""Atom feeds of events: what changed in a store, or in one storyline, for any feed reader.

Each entry is one event: its headline, its languages and size, when it last gained an
article (``updated``) and a link to its web page. Entry ids are URNs of the store and the
event, so a reader that sees an event again, grown, updates it instead of adding it.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timezone
from xml.sax.saxutils import escape, quoteattr

ATOM = "http://www.w3.org/2005/Atom"
FEED_SIZE = 50  # events in a feed: the newest activity


def _when(text: str | None) -> str:
    """An RFC 3339 time for Atom (ingest times are stored as UTC ISO text)."""
    if not text:
        return datetime.fromtimestamp(0, timezone.utc).isoformat(timespec="seconds")
    when = datetime.fromisoformat(text)
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.isoformat(timespec="seconds")


def event_entry(row: dict, store_id: str, base_url: str) -> str:
    """One event (a ``StoryRow``) as an Atom entry."""
    headline = row["headline"] or {"text": f"event {row['id']}", "lang": "und"}
    langs = ", ".join(f"{lang} {n}" for lang, n in row["languages"].items())
    span = " – ".join(dict.fromkeys(d for d in (row["first_seen"], row["last_seen"]) if d)) or "undated"
    summary = f"{row['size']} articles ({langs}); {span}; sources: {', '.join(row['sources'][:8])}"
    link = f"{base_url}stories/{row['id']}"
    return "\n".join([
        "<entry>",
        f"<id>urn:newsweave:{escape(store_id)}:event:{row['id']}</id>",
        f"<title xml:lang={quoteattr(headline['lang'])}>{escape(headline['text'])}</title>",
        f"<updated>{_when(row['last_ingested'])}</updated>",
        f"<link rel='alternate' type='text/html' href={quoteattr(link)}/>",
        f"<summary>{escape(summary)}</summary>",
        "</entry>"])


def atom_feed(feed_id: str, title: str, self_url: str, page_url: str, rows: Iterable[dict], store_id: str,
              base_url: str) -> str:
    """A whole Atom document of ``rows`` (events), newest first as given."""
    rows = list(rows)
    updated = max((_when(r["last_ingested"]) for r in rows), default=_when(None))
    return "\n".join([
        "<?xml version='1.0' encoding='utf-8'?>",
        f"<feed xmlns='{ATOM}'>",
        f"<id>urn:newsweave:{escape(store_id)}:{escape(feed_id)}</id>",
        f"<title>{escape(title)}</title>",
        f"<updated>{updated}</updated>",
        f"<link rel='self' type='application/atom+xml' href={quoteattr(self_url)}/>",
        f"<link rel='alternate' type='text/html' href={quoteattr(page_url)}/>",
        "<author><name>newsweave</name></author>",
        "<generator>newsweave</generator>",
        *(event_entry(r, store_id, base_url) for r in rows),
        "</feed>", ""])
