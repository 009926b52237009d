"""Search: keyword matching rules, and how often the real model finds the right story across languages."""
from __future__ import annotations

from pathlib import Path

from newsweave.embed import default_embedder
from newsweave.ingest.sample import gold_labels
from newsweave.search.searcher import Searcher
from newsweave.evaluate.search import evaluate_search, sample_queries
from newsweave.store import SQLiteStore
from newsweave.store.views import StoryListing

from tests.pipeline.test_pipeline import write_articles

# Pinned from the current measurement on the sample corpus (20 queries, 19 cross-lingual).
MIN_RECALL_AT_1 = 0.85
MIN_RECALL_AT_3 = 1.0


def _hits(store, query):
    return [(h["title"]) for h in StoryListing(store).keyword_hits(query)]


def test_keyword_hits_need_every_word_else_half_the_informative_ones(tmp_path, fast_pipeline):
    folder = tmp_path / "in"
    folder.mkdir()
    texts = {
        "a.txt": "Ferry capsizes on Meghna\n2 April 2025\nA ferry capsized on the Meghna river; 12 are missing.",
        "b.txt": "Storm closes ports\n3 April 2025\nA storm closed ports along the coast and ferries stopped.",
        "c.txt": "Budget passes\n4 April 2025\nParliament passed the budget after a long debate on taxes.",
    }
    for name, text in texts.items():
        (folder / name).write_text(text)
    write_articles(tmp_path / "filler", 30)  # common words need a store of some size
    fast_pipeline.ingest([folder, tmp_path / "filler"])
    store = fast_pipeline.store
    assert _hits(store, "ferry Meghna") == ["Ferry capsizes on Meghna"]
    # No article has all three words; two of them meet in one article only.
    assert _hits(store, "ferry Meghna budget") == ["Ferry capsizes on Meghna"]
    # One shared word out of four is not enough.
    assert _hits(store, "budget earthquake volcano tsunami") == []
    # What a user types is never FTS syntax.
    for hostile in ['"', 'ferry" OR "budget', "NEAR(ferry budget)", "ferry*", "title:budget", "-", "AND"]:
        StoryListing(store).keyword_hits(hostile)


def test_search_finds_the_story_in_other_languages(demo_db):
    db, _, _ = demo_db
    gold = gold_labels()

    def label_of(row):
        return gold.get(Path(row["origin"]).name) or gold.get(Path(row["origin"].split("#")[0]).name)

    with SQLiteStore(db, readonly=True) as store:
        result = evaluate_search(store, Searcher(default_embedder()), sample_queries(), label_of)
    assert result["cross_lingual"]["queries"] >= 15
    assert result["all"]["recall_at_1"] >= MIN_RECALL_AT_1, result
    assert result["all"]["recall_at_3"] >= MIN_RECALL_AT_3, result
