"""Everything a reader needs about one story, computed from the stored articles.

The view is kept in the store with a signature (article count and newest
article) and recomputed only when the story has changed.
"""
from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable

import numpy as np

from newsweave.claims import compare_claims
from newsweave.claims import format_value
from newsweave.claims import statements
from newsweave.text import article_date_label, day_number
from newsweave.embed import Embedder, embedder_for_store
from newsweave.embed import Centre, mean_of_sums
from newsweave.embed import offsets_of
from newsweave.page import story_headline
from newsweave.records import StoryView
from newsweave.store import StoreReader
from newsweave.view.coverage import event_coverage
from newsweave.store import source_name
from newsweave.vector_index import EventIndex
from newsweave.view.entities import story_entities
from newsweave.view.related import related
from newsweave.view.summary import Candidate, summarise
from newsweave.view.view_cache import MemoryCache

VIEW_VERSION = "2"  # raised whenever what a view holds changes
MAX_ENTITIES = 30
MAX_STATEMENTS = 12
RELATED_SCAN = 20_000      # up to this many stored events, related stories are looked for among all
RELATED_CANDIDATES = 64    # beyond it, among the event index's nearest

# (store, centring, unit vector, k) -> ids of the k events nearest the vector
NearEvents = Callable[[StoreReader, Centre, np.ndarray, int], list[int]]
SPEAKER_KINDS = ("person", "other", "organisation")  # "other": names with no sign of their kind


class StoryViews:
    """Builds (and caches) story views from one store.

    The stories and their centres are read once per instance: use one
    instance per request or report, not one for the life of a server.
    Views and sentence vectors are cached in the store, or in ``cache``
    when one is given (a reader on a read-only connection).
    """

    def __init__(self, store: StoreReader, embedder: Embedder | None = None, cache: MemoryCache | None = None,
                 near_events: NearEvents | None = None):
        self.store = store
        # How a large store's related stories are found: through an event index (the web app shares one).
        self._near_events = near_events
        self.embedder = embedder or embedder_for_store(store)
        # A reader writes nothing: what it builds stays in memory.
        self.cache = cache if cache is not None or not store.readonly else MemoryCache()
        self._stories: list[dict] | None = None
        self._centre_cache: Centre | None = None
        self._centres: np.ndarray | None = None

    # -- inputs ---------------------------------------------------------------
    def _articles(self, story_id: int) -> list[dict]:
        return self.store.story_articles(story_id)

    def stories(self) -> list[dict]:
        if self._stories is None:
            self._stories = list(self.store.load_stories())
        return self._stories

    def centre(self) -> Centre:
        """Language centring from the store's global mean, computed once per instance
        (a report asks for every story's view)."""
        if self._centre_cache is None:
            mean = mean_of_sums(self.store.language_sums())
            if mean is None:  # a read-only store from before the sums were kept
                stories = self.stories()
                total = sum(s.size for s in stories) or 1.0
                mean = sum((s.vector_sum for s in stories), np.zeros(self.embedder.dim, dtype=np.float32)) / total
            self._centre_cache = Centre(mean, offsets_of(self.embedder))
        return self._centre_cache

    def _story_centres(self, centre: Centre) -> np.ndarray:
        if self._centres is None:
            self._centres = np.vstack([centre.story(s.vector_sum, s.lang_counts) for s in self.stories()])
        return self._centres

    def _embed_sentences(self, centre: Centre, pool: list[Candidate]) -> np.ndarray:
        keys = [hashlib.sha1(f"{self.embedder.version}\n{c.text}".encode()).hexdigest() for c in pool]
        known = self.store.sentence_vectors(keys)
        if self.cache is not None:
            known.update(self.cache.sentence_vectors(k for k in keys if k not in known))
        missing = [i for i, k in enumerate(keys) if k not in known]
        if missing:
            fresh = self.embedder.embed([pool[i].text for i in missing])
            new = {keys[i]: fresh[row] for row, i in enumerate(missing)}
            (self.cache or self.store).put_sentence_vectors(new)
            known.update(new)
        return centre(np.vstack([known[k] for k in keys]), [c.lang for c in pool])

    # -- the view ---------------------------------------------------------------
    def view(self, story_id: int, lang: str = "en") -> StoryView | None:
        articles = self._articles(story_id)
        if not articles:
            return None
        signature = f"{VIEW_VERSION}:{self.embedder.version}:{len(articles)}:{max(a['seq'] for a in articles)}"
        cached = self.store.cached_view(story_id, lang, signature)
        if cached is None and self.cache is not None:
            cached = self.cache.view(story_id, lang, signature)
        if cached is None:
            cached = self._build(story_id, articles, lang)
            (self.cache or self.store).save_view(story_id, lang, signature, cached)
        # The storyline changes without the event changing: it is read fresh, never cached,
        # and so is the blindspot, which the storyline's other events make.
        storyline = self.storyline_context(story_id, lang)
        coverage = event_coverage(self.store, story_id, [e["id"] for e in storyline["events"]])
        return {**cached, "storyline": storyline, "coverage": coverage}

    def storyline_context(self, story_id: int, lang: str) -> dict:
        """The storyline an event belongs to: its id and its events in time order, this one among them."""
        line = self.store.storyline_of(story_id) or story_id
        events = self.store.story_titles(self.store.storyline_events(line) or [story_id])
        entries = []
        for event, titles in events.items():
            if not titles:
                continue
            dated = [t["published"] for t in titles if t["published"]]
            head = story_headline(titles, lang)
            entries.append({"id": event, "headline": {"text": head["text"], "lang": head["lang"]},
                            "first_seen": min(dated) if dated else None, "size": len(titles)})
        entries.sort(key=lambda e: (e["first_seen"] is None, e["first_seen"] or "", e["id"]))
        return {"id": line, "n_events": len(entries), "events": entries}

    def _build(self, story_id: int, articles: list[dict], lang: str) -> StoryView:
        centre = self.centre()
        vectors = self.store.get_embeddings(a["embedding_key"] for a in articles)
        centred = centre(np.vstack([vectors[a["embedding_key"]] for a in articles]), [a["lang"] for a in articles])
        story_centre = centred.mean(axis=0)
        story_centre /= np.linalg.norm(story_centre) or 1.0
        centrality = centred @ story_centre
        order = [int(i) for i in np.argsort(-centrality, kind="stable")]
        texts = [(a["id"], a["lang"], f"{a['title']}\n{a['text']}") for a in articles]

        entities = story_entities(texts, lang, limit=MAX_ENTITIES)
        return {
            "id": story_id,
            "lang": lang,
            "headline": story_headline(articles, lang),
            "size": len(articles),
            "languages": dict(Counter(a["lang"] for a in articles).most_common()),
            "summary": summarise(articles, order, story_centre, lambda pool: self._embed_sentences(centre, pool), lang),
            "entities": [e.as_dict() for e in entities],
            "timeline": _timeline(articles),
            "claims": _claims(articles, texts),
            "statements": _statements(texts, entities, articles),
            "related": self._related(story_id, centre, lang),
            "articles": _by_language(articles, centrality),
        }

    def _related(self, story_id: int, centre: Centre, lang: str) -> list[dict]:
        if self.store.story_count() <= RELATED_SCAN:
            stories = self.stories()
            target = next((s for s in stories if s.id == story_id), None)
            if target is None:
                return []
            found = related(target, stories, self._story_centres(centre),
                            centre.story(target.vector_sum, target.lang_counts))
        else:
            found = self._related_near(story_id, centre)
        if found is None:
            return []
        titles = self.store.story_titles(item["id"] for item in found)
        for item in found:
            head = story_headline(titles[item["id"]], lang) if titles[item["id"]] else None
            item["headline"] = {"text": head["text"], "lang": head["lang"]} if head else None
        return found


    def _related_near(self, story_id: int, centre: Centre) -> list[dict] | None:
        """Related stories among the event index's nearest to this one, scored exactly."""
        target = next(iter(self.store.load_stories([story_id])), None)
        if target is None:
            return None
        target_centre = centre.story(target.vector_sum, target.lang_counts)
        if self._near_events is None:
            index = EventIndex.open(self.store, self.embedder.dim, centre.story)
            self._near_events = lambda _store, _centre, vector, k: index.nearest(vector, k)
        near = self._near_events(self.store, centre, target_centre, RELATED_CANDIDATES)
        stories = list(self.store.load_stories(set(near) | {story_id}))
        centres = np.vstack([centre.story(s.vector_sum, s.lang_counts) for s in stories])
        return related(target, stories, centres, target_centre)


def _timeline(articles: list[dict]) -> dict:
    dated = sorted((a for a in articles if a["published"]), key=lambda a: (a["published"], a["seq"]))
    undated = [a for a in articles if not a["published"]]
    first = dated[0]["id"] if dated else (articles[0]["id"] if articles else None)
    entries = [{"date": a["published"], "date_label": article_date_label(a), "article_id": a["id"],
                "lang": a["lang"], "title": a["title"], "source": source_name(a), "date_method": a["date_method"],
                "first_report": a["id"] == first}
               for a in dated + undated]
    by_day: dict[str, Counter] = defaultdict(Counter)
    for a in dated:
        by_day[a["published"][:10]][a["lang"]] += 1
    return {"entries": entries, "by_day": {day: dict(c) for day, c in sorted(by_day.items())},
            "first_report": first}


def _claims(articles: list[dict], texts) -> list[dict]:
    by_id = {a["id"]: a for a in articles}
    days = {a["id"]: day_number(a["published"]) for a in articles}
    out = []
    for comparison in compare_claims(texts, days):
        mentions = [{"value": m.value, "article_id": m.article_id, "lang": m.lang,
                     "source": source_name(by_id[m.article_id]), "context": m.text} for m in comparison.mentions]
        line = None
        pair = comparison.differing_pair() if comparison.disagree else None
        if pair:
            low, high = pair
            line = (f"{comparison.label}: {format_value(low.value)} ({source_name(by_id[low.article_id])}, "
                    f"{low.lang}) vs {format_value(high.value)} ({source_name(by_id[high.article_id])}, {high.lang})")
        out.append({"concept": comparison.label, "group": comparison.group, "values": comparison.values,
                    "disagree": comparison.disagree, "difference": line, "mentions": mentions})
    return out


def _statements(texts, entities, articles) -> list[dict]:
    names = [(variant, e.name, e.kind) for kind in SPEAKER_KINDS for e in entities if e.kind == kind
             for variant in e.variants]
    by_id = {a["id"]: a for a in articles}
    found, seen = [], set()
    for article_id, lang, text in texts:
        for s in statements(article_id, lang, text, names):
            if s.text in seen:
                continue  # copies of one article say it once
            seen.add(s.text)
            found.append({"text": s.text, "kind": s.kind, "speaker": s.speaker, "article_id": s.article_id,
                          "lang": s.lang, "source": source_name(by_id[article_id])})
    found.sort(key=lambda s: (s["kind"] != "quote", s["speaker"] is None))
    return found[:MAX_STATEMENTS]


def _by_language(articles: list[dict], centrality: np.ndarray) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = defaultdict(list)
    for article, score in sorted(zip(articles, centrality), key=lambda x: (x[0]["published"] or "", x[0]["seq"])):
        out[article["lang"]].append({
            "id": article["id"], "title": article["title"], "published": article["published"],
            "date_label": article_date_label(article),
            "source": source_name(article), "url": article["url"], "path": article["path"],
            "duplicate_of": article["duplicate_of"], "centrality": round(float(score), 3), "text": article["text"]})
    return dict(sorted(out.items(), key=lambda kv: (-len(kv[1]), kv[0])))
