"""How well entity merging matches a gold list of entities and their variants.

Every gold variant (a surface form, in one gold story) is an item. Its gold
cluster is its entity; its predicted cluster is the entity the engine put
that exact form in, restricted to gold forms of the same story (a form the
engine did not find is alone). BCubed precision and recall over these items
say whether forms of one entity were merged and forms of different entities
kept apart; ``found`` is the share of gold forms the engine found at all.
"""
from __future__ import annotations

import json
from pathlib import Path

from ..metrics import bcubed
from ..sample import gold_labels, sample_dir
from .entities import story_entities


def gold_entities() -> dict[str, dict[str, list[str]]]:
    """Gold story label -> entity -> surface forms, for the bundled sample."""
    path = sample_dir().parent / "sample-entities.json"
    return json.loads(path.read_text(encoding="utf-8"))["stories"]


def score_story(entities, gold: dict[str, list[str]], story: str) -> tuple[dict, dict, int, int]:
    """Predicted and gold cluster of each gold form of one story, with found / total counts."""
    owner = {}
    for number, entity in enumerate(entities):
        for variant in entity.variants:
            owner.setdefault(variant, number)
    predicted, truth, found = {}, {}, 0
    for name, forms in gold.items():
        for form in forms:
            item = f"{story}|{form}"
            truth[item] = f"{story}|{name}"
            if form in owner:
                predicted[item] = f"{story}|#{owner[form]}"
                found += 1
            else:
                predicted[item] = item
    return predicted, truth, found, len(truth)


def evaluate_sample(articles_by_story: dict[str, list[tuple[str, str, str]]]) -> dict:
    """``{gold label: [(article id, language, text)]}`` -> precision, recall, F1 and coverage."""
    gold = gold_entities()
    predicted, truth, found, total = {}, {}, 0, 0
    for story, entities_gold in gold.items():
        entities = story_entities(articles_by_story.get(story, []))
        p, t, f, n = score_story(entities, entities_gold, story)
        predicted.update(p)
        truth.update(t)
        found, total = found + f, total + n
    items = sorted(truth)
    precision, recall, f1 = bcubed([predicted[i] for i in items], [truth[i] for i in items])
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "found": round(found / total, 4), "n_forms": total,
            "n_entities": sum(len(v) for v in gold.values())}


def sample_articles_by_story(store) -> dict[str, list[tuple[str, str, str]]]:
    """Stored sample articles grouped by their gold story (from the origin's file name)."""
    labels = gold_labels()
    root = str(sample_dir())
    out: dict[str, list] = {}
    for row in store.db.execute("SELECT id, lang, title, text, origin FROM articles ORDER BY seq"):
        key = Path(row["origin"]).name if not row["origin"].startswith(root) else row["origin"][len(root) + 1:]
        label = labels.get(key)
        if label:
            out.setdefault(label, []).append((row["id"], row["lang"], f"{row['title']}\n{row['text']}"))
    return out
