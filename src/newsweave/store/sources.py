"""Who published what: the outlets of a store, and its articles in pages for export.

An article whose outlet nothing named is listed under the name it is shown with
anywhere else (:func:`~newsweave.store.views.source_name`): the source it gave,
else its file's name; those with neither (records sent one by one) are listed together.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TypedDict

from newsweave.store.base import StoreReader
from newsweave.store.views import source_name

EXPORT_KEYS = ("article_id", "event_id", "storyline_id", "lang", "published", "outlet", "url", "source", "title")
EXPORT_PAGE = 1_000  # articles read at a time: what an export holds in memory
UNNAMED = "(no outlet named)"  # the articles that came from no file and named no outlet


class OutletRow(TypedDict):
    outlet: str
    domain: str | None
    country: str | None
    articles: int
    languages: dict[str, int]


def outlets(store: StoreReader) -> list[OutletRow]:
    """Every outlet with its domain, country, article count and {language: count}, most articles first."""
    found: dict[str, OutletRow] = {}
    # What names an unnamed outlet (its source, else its file) is grouped on only where no outlet
    # is: one row per outlet, file and language, never one per article (records sent one by
    # one, with no file and no name, are counted together).
    rows = store.db.execute(
        "SELECT outlet, domain, country, CASE WHEN outlet IS NULL THEN source END AS source, "
        "CASE WHEN outlet IS NULL THEN path END AS path, lang, COUNT(*) AS n FROM articles GROUP BY 1, 2, 3, 4, 5, 6")
    for row in rows:
        row = dict(row)
        name = source_name({**row, "origin": UNNAMED})
        entry = found.setdefault(name, OutletRow(outlet=name, domain=row["domain"], country=row["country"],
                                                 articles=0, languages={}))
        entry["domain"] = entry["domain"] or row["domain"]
        entry["country"] = entry["country"] or row["country"]
        entry["articles"] += row["n"]
        entry["languages"][row["lang"]] = entry["languages"].get(row["lang"], 0) + row["n"]
    for entry in found.values():
        entry["languages"] = dict(sorted(entry["languages"].items(), key=lambda kv: (-kv[1], kv[0])))
    return sorted(found.values(), key=lambda e: (-e["articles"], e["outlet"]))


def export_rows(store: StoreReader, since: str | None = None, after_seq: int = 0,
                limit: int = EXPORT_PAGE) -> list[tuple[int, dict]]:
    """Up to ``limit`` stored articles after sequence number ``after_seq`` (published on or after
    ``since``, ``YYYY-MM-DD``, when given), each as ``(seq, row)`` with the keys of
    ``EXPORT_KEYS``. Read page by page, in the order stored: memory stays one page."""
    where, params = ["a.seq > ?"], [after_seq]
    if since:
        where.append("a.published >= ?")
        params.append(since)
    rows = store.db.execute(
        "SELECT a.seq, a.id, a.story_id, COALESCE(s.storyline_id, s.id) AS storyline_id, a.lang, a.published, "
        "a.outlet, a.source, a.url, a.path, a.origin, a.title FROM articles a LEFT JOIN stories s ON s.id = a.story_id "
        f"WHERE {' AND '.join(where)} ORDER BY a.seq LIMIT ?", (*params, limit))
    out = []
    for row in rows:
        row = dict(row)
        out.append((row["seq"], {
            "article_id": row["id"], "event_id": row["story_id"], "storyline_id": row["storyline_id"],
            "lang": row["lang"], "published": row["published"], "outlet": source_name(row), "url": row["url"],
            "source": Path(row["path"]).name if row["path"] else row["origin"], "title": row["title"]}))
    return out


def iter_export(store: StoreReader, since: str | None = None) -> Iterator[dict]:
    """Every stored article's export row, in the order stored, a page at a time."""
    after = 0
    while page := export_rows(store, since, after):
        after = page[-1][0]
        yield from (row for _, row in page)
