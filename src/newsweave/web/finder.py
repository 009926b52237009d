"""Story and storyline lists for the API and the pages: filters, paging, and
search results joined with what the listing knows of each story."""
from __future__ import annotations

from collections.abc import Callable

from newsweave.store import StoreReader
from newsweave.store import StorylineListing
from newsweave.store import StoryListing
from newsweave.web.engine import Engine

SEARCH_DEPTH = 200  # stories a search may return before filters apply

Page = Callable[[list[int] | None, int, int], tuple[int, list[dict]]]  # (ids, limit, offset) -> (total, rows)


def _hits(engine: Engine, store: StoreReader, q: str) -> dict[int, dict]:
    """Event id -> its search scores, best match first."""
    return {s["id"]: {"score": s["score"], "meaning": s["meaning"], "keyword": s["keyword"], "matches": s["matches"]}
            for s in engine.searcher.search(store, q, limit=SEARCH_DEPTH)["stories"]}


def _ranked(page: Page, ids: list[int], by_relevance: bool, limit: int, offset: int) -> tuple[int, list[dict]]:
    """The rows of ``ids`` that pass the filters: newest activity first, or in the order of
    ``ids`` (best match first) when ``by_relevance``."""
    if not by_relevance:
        return page(ids, limit, offset)
    total, rows = page(ids, SEARCH_DEPTH, 0)
    rank = {row_id: i for i, row_id in enumerate(ids)}
    return total, sorted(rows, key=lambda r: rank[r["id"]])[offset:offset + limit]


def find_stories(engine: Engine, store: StoreReader, *, q: str | None = None, lang: str | None = None,
                 since: str | None = None, until: str | None = None, limit: int = 50, offset: int = 0,
                 reader_lang: str = "en", by_relevance: bool = False) -> dict:
    """``{"total", "limit", "offset", "stories"}``. With ``q`` only stories the
    search finds are listed, newest activity first, or best match first when
    ``by_relevance``; each then carries its ``search`` scores."""
    listing = StoryListing(store)

    def page(ids, size, skip):
        return listing.page(lang, since, until, story_ids=ids, limit=size, offset=skip, reader_lang=reader_lang)

    if not q or not q.strip():
        total, stories = page(None, limit, offset)
    else:
        found = _hits(engine, store, q)
        total, stories = _ranked(page, list(found), by_relevance, limit, offset)
        for story in stories:
            story["search"] = found[story["id"]]
    return {"total": total, "limit": limit, "offset": offset, "stories": stories}


def find_storylines(engine: Engine, store: StoreReader, *, q: str | None = None, lang: str | None = None,
                    since: str | None = None, until: str | None = None, limit: int = 50, offset: int = 0,
                    reader_lang: str = "en", by_relevance: bool = False) -> dict:
    """``{"total", "limit", "offset", "storylines"}``, each with all its events, newest
    activity first. With ``q`` only the storylines of events the search finds are
    listed (best match first when ``by_relevance``); each found event carries its
    ``search`` scores and its storyline those of its best event."""
    listing = StorylineListing(store)

    def page(ids, size, skip):
        return listing.page(lang, since, until, storyline_ids=ids, limit=size, offset=skip, reader_lang=reader_lang)

    if not q or not q.strip():
        total, lines = page(None, limit, offset)
    else:
        found = _hits(engine, store, q)
        best: dict[int, dict] = {}  # storyline id -> its best event's scores, in rank order
        for event_id, hit in found.items():
            best.setdefault(store.storyline_of(event_id) or event_id, hit)
        total, lines = _ranked(page, list(best), by_relevance, limit, offset)
        for line in lines:
            line["search"] = best[line["id"]]
            for event in line["events"]:
                if event["id"] in found:
                    event["search"] = found[event["id"]]
    return {"total": total, "limit": limit, "offset": offset, "storylines": lines}


def search_results(engine: Engine, store: StoreReader, q: str, limit: int, reader_lang: str) -> dict:
    """The search answer with each story's headline and each article's title."""
    found = engine.searcher.search(store, q, limit=limit)
    listing = StoryListing(store)
    _, rows = listing.page(story_ids=[s["id"] for s in found["stories"]], limit=limit, reader_lang=reader_lang)
    by_id = {row["id"]: row for row in rows}
    stories = [{**s, "headline": by_id[s["id"]]["headline"], "languages": by_id[s["id"]]["languages"],
                "size": by_id[s["id"]]["size"], "last_seen": by_id[s["id"]]["last_seen"]}
               for s in found["stories"] if s["id"] in by_id]
    articles = []
    for a in found["articles"]:
        row = listing.article(a["id"])
        if row:
            articles.append({**a, "title": row["title"], "lang": row["lang"], "published": row["published"],
                             "source": row["source"]})
    return {"query": found["query"], "stories": stories, "articles": articles}
