"""Read-side queries for storylines: chains of events, each listed with its events.

A storyline is named by its oldest event's id; an event the repair pass has
not linked to any other is a storyline of one event. Every listing here is
built from :class:`~newsweave.store.views.StoryListing` rows for the events,
so an event reads the same inside a storyline as on its own.
"""
from __future__ import annotations

from collections import Counter

from newsweave.page import story_headline
from newsweave.records import StorylineRow
from newsweave.store.sql_store import SQLStore
from newsweave.store.views import StoryListing, coverage_filters, latest_groups, paged

ORDERS = {"recent": "last_seen DESC NULLS LAST, last_seq DESC",
          "size": "size DESC, last_seen DESC NULLS LAST, storyline_id"}


class StorylineListing:
    """Storylines with their events, filtered and paged like the story list.

    Aggregates run in SQL over the articles of each storyline, so a page
    costs the same however many storylines are stored.
    """

    def __init__(self, store: SQLStore):
        self.db = store.db
        self.events = StoryListing(store)

    def all(self, lang: str | None = None, reader_lang: str = "en", order: str = "size",
            limit: int | None = None) -> list[StorylineRow]:
        """Every storyline (or the first ``limit``), biggest first: the command line's and the report's list."""
        return self.page(lang=lang, limit=limit or -1, reader_lang=reader_lang, order=order)[1]

    def storyline_count(self) -> int:
        return self.db.execute(
            "SELECT COUNT(DISTINCT s.storyline_id) FROM stories s WHERE EXISTS "
            "(SELECT 1 FROM articles a WHERE a.story_id = s.id)").fetchone()[0]

    def page(self, lang: str | None = None, since: str | None = None, until: str | None = None,
             storyline_ids: list[int] | None = None, limit: int = 50, offset: int = 0,
             reader_lang: str = "en", order: str = "recent") -> tuple[int, list[StorylineRow]]:
        """``(total matching, storylines of this page)``; a storyline matches when one of its
        articles is in ``lang`` and its coverage overlaps ``since``..``until``."""
        if storyline_ids is None and not (lang or since or until) and order == "recent" and 0 <= limit <= 1000:
            latest = latest_groups(self.db, "s.storyline_id", offset + limit)
            if latest is not None:
                _, rows = self.page(storyline_ids=latest, limit=limit, offset=offset, reader_lang=reader_lang)
                return self.db.execute("SELECT COUNT(DISTINCT storyline_id) FROM stories").fetchone()[0], rows
        where, params = ["a.story_id IS NOT NULL"], []
        if storyline_ids is not None:
            if not storyline_ids:
                return 0, []
            where.append(f"s.storyline_id IN ({','.join('?' * len(storyline_ids))})")
            params += list(storyline_ids)
        having = coverage_filters(lang, since, until, params, table="a.")
        grouped = ("SELECT s.storyline_id AS storyline_id, COUNT(*) AS size, COUNT(DISTINCT a.story_id) AS n_events, "
                   "MIN(a.published) AS first_seen, MAX(a.published) AS last_seen, MAX(a.seq) AS last_seq, "
                   "MAX(a.ingested_at) AS last_ingested FROM articles a JOIN stories s ON s.id = a.story_id WHERE "
                   + " AND ".join(where) + " GROUP BY s.storyline_id"
                   + (" HAVING " + " AND ".join(having) if having else ""))
        total, rows = paged(self.db, grouped, params, ORDERS[order], limit, offset)
        return total, self._details(rows, reader_lang)

    def _details(self, rows: list[dict], reader_lang: str) -> list[StorylineRow]:
        if not rows:
            return []
        ids = [r["storyline_id"] for r in rows]
        marks = ",".join("?" * len(ids))
        events_of: dict[int, list[int]] = {i: [] for i in ids}
        for event, line in self.db.execute(
                f"SELECT id, storyline_id FROM stories WHERE storyline_id IN ({marks}) ORDER BY id", ids):
            events_of[line].append(event)
        event_rows = {e["id"]: e for e in self.events.all_of([e for es in events_of.values() for e in es], reader_lang)}
        titles: dict[int, list[dict]] = {i: [] for i in ids}
        for t in self.db.execute(
                "SELECT s.storyline_id, a.id, a.lang, a.title, a.published FROM articles a JOIN stories s "
                f"ON s.id = a.story_id WHERE s.storyline_id IN ({marks}) ORDER BY a.published NULLS FIRST, a.seq", ids):
            titles[t[0]].append({"id": t[1], "lang": t[2], "title": t[3], "published": t[4]})
        out = []
        for row in rows:
            line = row["storyline_id"]
            events = sorted((event_rows[e] for e in events_of[line] if e in event_rows),
                            key=lambda e: (e["first_seen"] is None, e["first_seen"] or "", e["id"]))
            languages: Counter = Counter()
            by_day: Counter = Counter()
            sources: Counter = Counter()
            for event in events:
                languages.update(event["languages"])
                by_day.update(event["by_day"])
                sources.update(event["sources"])
            headline = story_headline(titles[line], reader_lang)
            out.append({
                "id": line,
                "headline": {"text": headline["text"], "lang": headline["lang"]},
                "size": row["size"],
                "n_events": len(events),
                "languages": dict(sorted(languages.items(), key=lambda kv: (-kv[1], kv[0]))),
                "sources": [name for name, _ in sources.most_common()],
                "first_seen": row["first_seen"],
                "last_seen": row["last_seen"],
                "last_ingested": row["last_ingested"],
                "by_day": dict(sorted(by_day.items())),
                "events": events,
            })
        return out
