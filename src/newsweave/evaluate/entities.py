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

import regex

from newsweave.ingest import gold_labels, sample_dir
from newsweave.view import story_entities
from newsweave.evaluate.metrics import bcubed


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
    for row in store.article_texts():
        key = Path(row["origin"]).name if not row["origin"].startswith(root) else row["origin"][len(root) + 1:]
        label = labels.get(key)
        if label:
            out.setdefault(label, []).append((row["id"], row["lang"], f"{row['title']}\n{row['text']}"))
    return out


# -- groups ---------------------------------------------------------------------

def score_groups(entities, gold: dict[str, list[str]], kinds: dict[str, str] | None = None) -> dict:
    """Group precision and recall of one story's entities against its gold.

    A predicted entity is right when every variant it holds is a gold form,
    all of one gold entity: one stray variant (a verb of saying, a
    preposition, another entity's name) makes the group wrong, and so does
    an entity that is no gold entity at all ("Well", "State"). A group the
    place index named is wrong when its gold entity is no place (the White
    House is not Casablanca). A gold entity is found when a right group holds
    at least one of its forms. A group whose every variant is only a part of
    a longer gold name (Dhaka in "Dhaka Mass Transit Company") is neither.
    """
    owner = {form: name for name, forms in gold.items() for form in forms}
    spans = [f" {form} " for forms in gold.values() for form in forms]
    right, wrong, found, nested = 0, [], set(), 0
    for entity in entities:
        names = {_gold_owner(variant, owner, gold) for variant in entity.variants}
        whole = {_gold_owner(variant, owner, gold, parts=False) for variant in entity.variants}
        if names == {None} and all(any(f" {v} " in span for span in spans) for v in entity.variants):
            nested += 1  # a name nested in a longer one
            continue
        if whole == {None} and None not in names and len(names) == 1:
            nested += 1  # only parts of one longer name: Cairo in "Cairo University"
            continue
        misplaced = bool(kinds and entity.kind == "place" and len(names) == 1
                         and kinds.get(next(iter(names))) != "place")
        if len(names) == 1 and None not in names and not misplaced:
            right += 1
            found |= names
        else:
            wrong.append({"name": entity.name, "variants": sorted(entity.variants)})
    return {"right": right, "predicted": right + len(wrong), "nested": nested, "found": len(found), "gold": len(gold),
            "wrong": wrong, "missed": sorted(set(gold) - found)}


_ARABIC_CLITIC = regex.compile(r"^(?:و|ف|ب|ل|ك|وب|ول|فب)(?=\p{Arabic}{3})")


def _gold_owner(variant: str, owner: dict[str, str], gold: dict[str, list[str]], parts: bool = True) -> str | None:
    """The gold entity a variant names: as a gold form, as one with an Arabic
    conjunction or preposition attached (وتركيا, "and Türkiye"), or as a part of
    the gold forms of one entity only (ফাশেরে in এল ফাশেরে, El Fasher)."""
    if variant in owner:
        return owner[variant]
    bare = _ARABIC_CLITIC.sub("", variant)
    if bare != variant and bare in owner:
        return owner[bare]
    if not parts:
        return None
    holders = {name for name, forms in gold.items() if any(f" {variant} " in f" {form} " for form in forms)}
    return holders.pop() if len(holders) == 1 else None


def group_figures(scores: list[dict]) -> dict:
    right = sum(s["right"] for s in scores)
    predicted = sum(s["predicted"] for s in scores)
    found = sum(s["found"] for s in scores)
    gold = sum(s["gold"] for s in scores)
    return {"group_precision": round(right / predicted, 4) if predicted else 0.0,
            "group_recall": round(found / gold, 4) if gold else 0.0, "groups": predicted,
            "nested_groups": sum(s["nested"] for s in scores), "gold_entities": gold}


def evaluate_dev_set_entities(folder: Path | None = None) -> dict:
    """Group precision and recall over the development set's pages, each page a story of its own,
    read from its gold title and body (so that the figure is about entities, not cleaning)."""
    from newsweave.evaluate.extraction import dev_set_dir

    folder = folder or dev_set_dir()
    by_lang: dict[str, list[dict]] = {}
    pages = []
    for gold_path in sorted(folder.glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        if "entities" not in gold:
            continue
        text = "\n".join([gold["title"], *gold["body"]])
        entities = story_entities([(gold_path.name, gold["lang"], text)])
        score = score_groups(entities, {name: e["forms"] for name, e in gold["entities"].items()},
                             {name: e["kind"] for name, e in gold["entities"].items()})
        score["page"] = gold_path.name.removesuffix(".gold.json")
        by_lang.setdefault(gold["lang"], []).append(score)
        pages.append(score)
    return {"figures": {"all": group_figures(pages),
                        **{f"lang:{lang}": group_figures(s) for lang, s in sorted(by_lang.items())}},
            "pages": pages}


def evaluate_story_folder(folder: Path) -> dict:
    """Group precision and recall on a folder of pages with a ``gold.json`` that names each
    page's story and each story's entities (forms in every script); pages are cleaned as
    ``newsweave ingest`` cleans them. Arabic forms with a clitic attached (والفاشر) may be
    listed under ``clitic_forms``: they count as forms of their entity."""
    from newsweave.page import clean
    from newsweave.ingest import read_file
    from newsweave.records import Rejection

    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    by_story: dict[str, list[tuple[str, str, str]]] = {}
    for name, page in sorted(gold["pages"].items()):
        doc = next(iter(read_file(folder / name)))
        cleaned = doc if isinstance(doc, Rejection) else clean(doc)
        if isinstance(cleaned, Rejection):
            continue
        by_story.setdefault(page["story"], []).append((name, page["lang"], f"{cleaned.title}\n{cleaned.text}"))
    scores = {}
    for story, articles in sorted(by_story.items()):
        forms = {name: list(e["forms"]) for name, e in gold["entities"].get(story, {}).items()}
        for clitic, meaning in gold.get("clitic_forms", {}).items():
            for name in forms:
                if meaning.startswith(name):
                    forms[name].append(clitic)
        kinds = {name: e["kind"] for name, e in gold["entities"].get(story, {}).items()}
        entities = story_entities(articles)
        scores[story] = score_groups(entities, forms, kinds)
        scores[story]["entities"] = [{"name": e.name, "kind": e.kind, "variants": sorted(e.variants)}
                                     for e in entities]
    return {"figures": group_figures(list(scores.values())), "stories": scores}
