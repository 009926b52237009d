"""Frozen records that flow between the pipeline stages.

Data moves one way: files -> :class:`RawDocument` -> :class:`Article` -> story
assignment -> store. A stage that cannot use a document returns a
:class:`Rejection` with a reason instead of raising.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple, TypedDict

import numpy as np


@dataclass(frozen=True)
class RawDocument:
    """One article as a reader found it, before cleaning.

    ``kind`` says how ``content`` must be cleaned: ``"html"`` (a web page),
    ``"text"`` (plain text, possibly with page clutter) or ``"record"`` (already
    clean body text from a structured source such as JSON or a feed).
    """

    origin: str                      # file path, with "#n" / "::member" for items inside it
    kind: str                        # "html" | "text" | "record"
    content: str
    path: str | None = None          # absolute file path it came from
    title: str | None = None
    date: str | None = None          # as given by metadata, unparsed
    date_text: str | None = None     # a date line written in the article's language
    seen: str | None = None          # when the page was fetched (a crawl date), unparsed
    url: str | None = None
    source: str | None = None        # outlet name when known
    site: str | None = None          # the outlet's name as the page or the feed declares it (og:site_name, feed title)
    lang: str | None = None          # language declared by the source (kept for comparison)
    external_id: str | None = None
    label: str | None = None         # gold story label in evaluation corpora
    repairs: str | None = None       # what reading had to mend, e.g. "3 invalid UTF-8 bytes replaced"


@dataclass(frozen=True)
class Rejection:
    """A file or item that was not stored, and why."""

    origin: str
    reason: str


@dataclass(frozen=True)
class Article:
    """A cleaned article, ready to be embedded and assigned to a story."""

    id: str                          # content hash prefix: stable across runs
    origin: str
    title: str
    text: str
    lang: str
    lang_confidence: float
    published: str | None            # ISO date (YYYY-MM-DD) or datetime
    date_method: str                 # how it is known: see newsweave.text.dates.resolve; "undated" when not
    content_hash: str
    path: str | None = None
    url: str | None = None
    source: str | None = None
    declared_lang: str | None = None
    external_id: str | None = None
    label: str | None = None
    repairs: str | None = None       # carried from RawDocument: lossy decoding, mojibake fixed
    outlet: str | None = None        # who published it (newsweave.ingest.outlets); None when nothing names one
    domain: str | None = None        # the outlet's registrable web domain
    country: str | None = None       # the outlet's country (ISO 3166), where it can be known

    @property
    def lead(self) -> str:
        """Title and the opening of the body: what identifies the event."""
        return f"{self.title}\n{self.text}" if self.title else self.text


class ArticleVector(NamedTuple):
    """A stored article's embedding, with where it sits."""

    seq: int
    id: str
    story_id: int
    lang: str
    vector: np.ndarray


@dataclass(frozen=True)
class Placement:
    """Where an assigned article goes, and all the store keeps about it beside the text."""

    article: Article
    story_id: int
    score: float
    embedding_key: str
    minhash: np.ndarray
    duplicate_of: tuple[str, float] | None      # (article id, MinHash Jaccard) of the near-copy it follows


@dataclass(frozen=True)
class EventState:
    """What the store keeps of an event to restore it: written by assignment and the repair
    pass, read back by assignment, the vector index and the story view."""

    id: int
    vector_sum: np.ndarray           # the sum of its articles' vectors
    lang_counts: dict[str, float]    # articles per language
    size: float
    first_day: float | None          # day numbers (newsweave.text.day_number); None when undated
    last_day: float | None
    bag: dict[str, float]            # its weighted words, names and numbers (cluster.features)


@dataclass
class IngestSummary:
    """Counts reported at the end of an ingest run."""

    read: int = 0
    stored: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    already_stored: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    stories_new: int = 0
    stories_updated: int = 0
    events_split: int = 0      # by the repair pass: events that held two happenings
    events_merged: int = 0     # by the repair pass: events that were one happening
    stage_seconds: dict[str, float] = field(default_factory=dict)
    stored_articles: list[tuple[str, int]] = field(default_factory=list)  # (article id, story id)


# -- what the reading side hands out ------------------------------------------
# The story list, the story view and search answers travel as JSON (the API,
# `--json`, cached views), so they are plain dicts; these types name their keys
# for every module that makes or reads one.

class Headline(TypedDict):
    text: str
    lang: str
    article_id: str | None
    in_reader_language: bool


class StoryRow(TypedDict):
    """One event in a listing (``StoryListing``): the CLI, the report, the web list, the API."""

    id: int
    storyline_id: int            # the storyline it belongs to (its own id when it stands alone)
    headline: dict               # {"text", "lang"}
    size: int
    languages: dict[str, int]
    sources: list[str]
    first_seen: str | None
    last_seen: str | None
    last_ingested: str
    by_day: dict[str, int]


class StorylineRow(TypedDict):
    """One storyline in a listing (``StorylineListing``), with its events in time order."""

    id: int                      # its oldest event's id
    headline: dict               # {"text", "lang"}
    size: int                    # articles, over all its events
    n_events: int
    languages: dict[str, int]
    sources: list[str]
    first_seen: str | None
    last_seen: str | None
    last_ingested: str
    by_day: dict[str, int]
    events: list[StoryRow]


class StoryView(TypedDict):
    """One story, whole (``StoryViews.view``): what ``story --json`` prints and the story page shows."""

    id: int
    lang: str                    # the reader's language it was built for
    headline: Headline
    size: int
    languages: dict[str, int]
    summary: list[dict]          # {"text", "article_id", "lang"}
    entities: list[dict]         # Entity.as_dict()
    timeline: dict               # {"entries", "by_day", "first_report"}
    claims: list[dict]           # {"concept", "group", "values", "disagree", "difference", "mentions"}
    statements: list[dict]       # {"text", "kind", "speaker", "article_id", "lang", "source"}
    related: list[dict]          # {"id", "similarity", "when", "headline"}
    articles: dict[str, list[dict]]  # language -> articles, oldest first
    storyline: dict              # {"id", "n_events", "events": [{"id", "headline", "first_seen", "size"}]}, read fresh
    coverage: dict               # {"outlets": [{"outlet", "country", "articles", "languages"}],
                                 #  "blindspot": {"languages", "countries"}}, read fresh


class StorylineView(TypedDict):
    """One storyline, whole (``StorylineViews.view``): ``story L<ID> --json`` and the storyline page."""

    kind: str                    # "storyline"
    id: int
    lang: str
    headline: Headline
    size: int
    languages: dict[str, int]
    first_seen: str | None
    last_seen: str | None
    events: list[dict]           # {"id", "headline", "size", "languages", "first_seen", "last_seen", "summary", "disagreements"}
    by_day: dict[str, dict]      # day -> {language: articles}, over all its events
    figures: list[dict]          # {"concept", "group", "points": [{"event_id", "date", "values"}], "changed"}
    entities: list[dict]         # {"name", "kind", "events", "languages", "n_events"}


class SearchResult(TypedDict):
    """A search answer (``Searcher.search``)."""

    query: str
    stories: list[dict]          # {"id", "score", "meaning", "keyword", "matches"}
    articles: list[dict]         # {"id", "story_id", "meaning", "keyword"}
