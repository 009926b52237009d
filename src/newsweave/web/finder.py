"""Story lists for the API and the pages: filters, paging, and search results
joined with what the listing knows of each story."""
from __future__ import annotations

from ..store.base import StoreReader
from ..store.views import StoryListing
from .engine import Engine

SEARCH_DEPTH = 200  # stories a search may return before filters apply


def find_stories(engine: Engine, store: StoreReader, *, q: str | None = None, lang: str | None = None,
                 since: str | None = None, until: str | None = None, limit: int = 50, offset: int = 0,
                 reader_lang: str = "en", by_relevance: bool = False) -> dict:
    """``{"total", "limit", "offset", "stories"}``. With ``q`` only stories the
    search finds are listed, newest activity first, or best match first when
    ``by_relevance``; each then carries its ``search`` scores."""
    listing = StoryListing(store)
    if not q or not q.strip():
        total, stories = listing.page(lang, since, until, limit=limit, offset=offset, reader_lang=reader_lang)
        return {"total": total, "limit": limit, "offset": offset, "stories": stories}
    found = {s["id"]: s for s in engine.searcher.search(store, q, limit=SEARCH_DEPTH)["stories"]}
    if by_relevance:
        total, stories = listing.page(lang, since, until, story_ids=list(found), limit=SEARCH_DEPTH,
                                      reader_lang=reader_lang)
        rank = {story_id: i for i, story_id in enumerate(found)}
        stories = sorted(stories, key=lambda s: rank[s["id"]])[offset:offset + limit]
    else:
        total, stories = listing.page(lang, since, until, story_ids=list(found), limit=limit, offset=offset,
                                      reader_lang=reader_lang)
    for story in stories:
        hit = found[story["id"]]
        story["search"] = {"score": hit["score"], "meaning": hit["meaning"], "keyword": hit["keyword"],
                           "matches": hit["matches"]}
    return {"total": total, "limit": limit, "offset": offset, "stories": stories}


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
