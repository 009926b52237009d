"""newsweave: an offline, self-hosted multilingual news story engine.

Point it at articles in any language and format; it tells which stories
exist, which articles in which languages cover each, and how each develops.

The library in a few lines (the README's example)::

    from newsweave import Pipeline, StorylineListing, StoryViews, open_store

    with open_store("news.db") as store:
        Pipeline(store).ingest(["articles/"])
        for storyline in StorylineListing(store).all(limit=3):
            for event in storyline["events"]:
                print(f"L{storyline['id']}", event["headline"]["text"], StoryViews(store).view(event["id"])["summary"][0]["text"])
"""
from __future__ import annotations

from importlib import import_module

from newsweave.records import Article, IngestSummary, RawDocument, Rejection

__version__ = "0.1.0"
__all__ = ["Article", "IngestSummary", "Pipeline", "RawDocument", "Rejection", "Searcher", "StorylineListing",
           "StorylineViews", "StoryListing", "StoryViews", "open_store", "__version__"]

# The engine's parts load the model and numpy: imported when first asked for,
# so that "import newsweave" stays cheap for code that only needs the records.
_LAZY = {"Pipeline": ".pipeline", "Searcher": ".search", "StoryListing": ".store", "StorylineListing": ".store",
         "StoryViews": ".view", "StorylineViews": ".view", "open_store": ".store"}


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module 'newsweave' has no attribute {name!r}")
