"""How well search finds the right story: recall at 1 and 3 and mean reciprocal rank.

A query is a hit at rank k when the k-th story returned is the one whose
articles mostly carry the query's gold label. Queries are marked
cross-lingual when no article of their story is in the query's language.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from newsweave.search import Searcher
from newsweave.store import StoreReader


def story_labels(store: StoreReader, label_of) -> dict[int, str]:
    """Story id -> the gold label most of its articles carry (``label_of(article row)``)."""
    votes: dict[int, Counter] = {}
    for row in store.labelled_articles():
        label = label_of(row)
        if label:
            votes.setdefault(row["story_id"], Counter())[label] += 1
    return {story: counter.most_common(1)[0][0] for story, counter in votes.items()}


def evaluate_search(store: StoreReader, searcher: Searcher, queries: list[dict], label_of) -> dict:
    labels = story_labels(store, label_of)
    languages: dict[str, set[str]] = {}
    for row in store.labelled_articles():
        label = label_of(row)
        if label:
            languages.setdefault(label, set()).add(row["lang"])
    results = []
    for item in queries:
        found = [labels.get(s["id"]) for s in searcher.search(store, item["query"], limit=10)["stories"]]
        rank = found.index(item["story"]) + 1 if item["story"] in found else None
        results.append({**item, "rank": rank, "cross_lingual": item["lang"] not in languages.get(item["story"], set())})

    def summary(rows: list[dict]) -> dict:
        n = len(rows) or 1
        return {"queries": len(rows),
                "recall_at_1": round(sum(r["rank"] == 1 for r in rows) / n, 3),
                "recall_at_3": round(sum(r["rank"] is not None and r["rank"] <= 3 for r in rows) / n, 3),
                "mrr": round(sum(1 / r["rank"] for r in rows if r["rank"]) / n, 3)}

    return {"all": summary(results), "cross_lingual": summary([r for r in results if r["cross_lingual"]]),
            "misses": [r for r in results if r["rank"] != 1]}


def sample_queries() -> list[dict]:
    path = Path(__file__).resolve().parents[1] / "data" / "sample-queries.json"
    return json.loads(path.read_text(encoding="utf-8"))["queries"]
