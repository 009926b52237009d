"""Cross-lingual search: a query in any language finds stories in every language.

Two kinds of evidence are fused by reciprocal rank:

- meaning: the query is embedded on the model's query side and compared with
  every stored article vector, both centred by language (the same centring
  that lets clustering compare a Bengali and an English article);
- words: SQLite FTS5 over titles and texts (BM25), which catches names,
  numbers and rare terms that a small embedding model blurs.

A story's meaning score is that of its best-matching article. Stories well
below the best match are dropped, so a query about cricket does not list
every story, and a query the embedding cannot place (a nonsense word)
matches by meaning nothing at all; keyword hits always count.
"""
from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from newsweave.embed import Embedder
from newsweave.embed import offsets_of
from newsweave.text import LanguageIdentifier
from newsweave.records import SearchResult
from newsweave.store import StoreReader
from newsweave.store import StoryListing
from newsweave.embed import Centre, mean_of_sums
from newsweave.vector_index import FOLD_AT, ArticleIndex

RRF_K = 60  # the usual constant of reciprocal rank fusion: damps the head of each ranking
RELATIVE_FLOOR = 0.6  # a story must reach this share of the best story's meaning score
# Centred cosines of unrelated texts sit near 0.1; below this floor the
# embedding says nothing and only keyword hits may bring a story in.
MEANING_FLOOR = 0.2
QUERY_LANG_CONFIDENCE = 0.5  # below this the query's language offset is not applied
MAX_QUERY_CHARS = 500
CANDIDATES = 400  # articles read from the index per query, at least: every story a query lists comes from them


@dataclass(frozen=True)
class _Index:
    """Stored article vectors up to ``last_seq``, centred: one consistent snapshot.

    A snapshot is never changed in place. New articles make a new one, so a
    search that holds a snapshot keeps arrays of matching lengths while
    other requests store articles and refresh the index.
    """

    last_seq: int = 0
    ids: tuple[str, ...] = ()
    langs: tuple[str, ...] = ()
    story_array: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    raw: np.ndarray | None = None
    centred: np.ndarray | None = None
    centre: Centre | None = None


class Searcher:
    """Searches one store; safe to share between request threads.

    A store of fewer than ``FOLD_AT`` articles is searched exactly, every
    vector in memory; a larger one through the article index
    (:mod:`.vector_index.articles`): its nearest ``CANDIDATES`` articles
    are read and scored exactly, so memory and time do not grow with the store.
    """

    def __init__(self, embedder: Embedder, language: LanguageIdentifier | None = None):
        self.embedder = embedder
        self.language = language or LanguageIdentifier()
        self._offsets = offsets_of(embedder)
        self._index = _Index()
        self._articles: ArticleIndex | None = None
        self._lock = threading.Lock()

    def _global_mean(self, store: StoreReader) -> np.ndarray | None:
        return global_mean(store)

    def _candidates(self, store: StoreReader, query: str, limit: int) -> tuple[_Index, np.ndarray] | None:
        """The index's nearest articles to the query, read from the store (None while the store
        is small enough to search whole; call under the lock)."""
        if self._articles is None:
            if store.last_seq() < FOLD_AT:
                return None
            self._articles = ArticleIndex.open(store, self.embedder.dim)
        mean = self._global_mean(store)
        if mean is None:
            return None
        centre = Centre(mean, self._offsets)
        self._articles.refresh(store, centre)
        query_vector = self._query_vector(query, centre)
        rows = store.vectors_at(self._articles.nearest(query_vector, max(CANDIDATES, 10 * limit)))
        if not rows:
            return _Index(centre=centre), query_vector
        raw = np.vstack([row.vector for row in rows])
        langs = tuple(row.lang for row in rows)
        return _Index(last_seq=rows[-1].seq, ids=tuple(row.id for row in rows), langs=langs,
                      story_array=np.array([row.story_id for row in rows], dtype=np.int64), raw=raw,
                      centred=centre(raw, list(langs)), centre=centre), query_vector

    def _refresh(self, store: StoreReader) -> _Index:
        """The index with every article stored so far (call under the lock)."""
        index = self._index
        fresh = list(store.article_vectors(index.last_seq))
        if not fresh and index.centred is not None:
            return index
        new = np.vstack([row.vector for row in fresh]) if fresh else np.zeros((0, self.embedder.dim), np.float32)
        raw = new if index.raw is None else np.vstack([index.raw, new])
        langs = index.langs + tuple(row.lang for row in fresh)
        # The global mean moves with every article, so all rows are centred again.
        mean = raw.mean(axis=0) if len(raw) else np.zeros(self.embedder.dim, dtype=np.float32)
        centre = Centre(mean, self._offsets)
        self._index = _Index(
            last_seq=fresh[-1].seq if fresh else index.last_seq,
            ids=index.ids + tuple(row.id for row in fresh), langs=langs,
            story_array=np.concatenate([index.story_array, np.array([row.story_id for row in fresh], dtype=np.int64)]),
            raw=raw, centred=centre(raw, list(langs)) if len(raw) else raw, centre=centre)
        return self._index

    def _query_vector(self, query: str, centre: Centre) -> np.ndarray:
        vector = self.embedder.embed_query([query])
        lang, confidence = self.language.detect(query)
        # Short queries are often misidentified; a wrong offset hurts more than none.
        return centre(vector, [lang if confidence >= QUERY_LANG_CONFIDENCE else "und"])[0]

    def search(self, store: StoreReader, query: str, limit: int = 20) -> SearchResult:
        """``{"query", "stories": [...], "articles": [...]}``, best first.

        Each story: ``id``, ``score`` (fused), ``meaning`` (best article's
        centred cosine), ``keyword`` (whether words matched) and
        ``matches`` (its best-matching article ids).
        """
        query = " ".join(query.split())[:MAX_QUERY_CHARS]
        if not query:
            return {"query": query, "stories": [], "articles": []}
        with self._lock:
            found = self._candidates(store, query, limit)
            index = self._refresh(store) if found is None else found[0]
        query_vector = self._query_vector(query, index.centre) if found is None else found[1]
        meaning = index.centred @ query_vector if len(index.ids) else np.zeros(0)
        # Keyword hits may name stories newer than the snapshot; they are
        # ranked by words alone, and every lookup below is guarded by length.
        keyword = StoryListing(store).keyword_hits(query)

        stories_of = index.story_array
        best = np.full(int(stories_of.max()) + 1 if len(stories_of) else 1, -np.inf, dtype=np.float32)
        np.maximum.at(best, stories_of, meaning)
        floor = max(MEANING_FLOOR, RELATIVE_FLOOR * float(meaning.max(initial=0.0)))
        strong = np.flatnonzero(best >= floor)
        by_meaning = [int(s) for s in strong[np.argsort(-best[strong], kind="stable")]]
        by_words = list(dict.fromkeys(hit["story_id"] for hit in keyword))

        fused: dict[int, float] = {}
        for ranking in (by_meaning, by_words):
            for rank, story_id in enumerate(ranking):
                fused[story_id] = fused.get(story_id, 0.0) + 1.0 / (RRF_K + rank + 1)
        chosen = sorted(fused, key=lambda s: -fused[s])[:limit]

        # The chosen stories' articles, best first: each story's matches and the article list.
        rows = np.flatnonzero(np.isin(stories_of, chosen))
        rows = rows[np.argsort(-meaning[rows], kind="stable")]
        matches: dict[int, list[str]] = defaultdict(list)
        keyword_ids = {hit["id"] for hit in keyword}
        articles = []
        for row in rows:
            story_id = int(stories_of[row])
            if len(matches[story_id]) < 3:
                matches[story_id].append(index.ids[row])
            if len(articles) < limit:
                articles.append({"id": index.ids[row], "story_id": story_id,
                                 "meaning": round(float(meaning[row]), 4), "keyword": index.ids[row] in keyword_ids})
        stories = [{"id": story_id, "score": round(fused[story_id], 5),
                    "meaning": round(float(best[story_id]), 4) if story_id < len(best) and np.isfinite(best[story_id])
                    else 0.0,
                    "keyword": story_id in by_words, "matches": matches.get(story_id, [])} for story_id in chosen]
        return {"query": query, "stories": stories, "articles": articles}


def fold_article_index(store, embedder: Embedder, force: bool = False) -> bool:
    """After a writer's ingest: fold the articles stored since the saved article index into a
    new one once enough have come (:func:`.vector_index.articles.ArticleIndex.fold`)."""
    if (store.last_seq() < FOLD_AT and not force) or not store.language_sums():
        return False
    return ArticleIndex.fold(store, embedder.dim, Centre(global_mean(store), offsets_of(embedder)), force)


def global_mean(store) -> np.ndarray | None:
    """The mean of every stored vector, from the store's per-language sums (None without them)."""
    return mean_of_sums(store.language_sums())
