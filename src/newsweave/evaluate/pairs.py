"""Scoring the engine's article-to-article similarity on rated pairs (``eval-pairs``).

The input is a SemEval-2022-Task-8-style CSV: ``pair_id, lang1, lang2,
text1, text2, ..., Overall`` where ``Overall`` runs from 1 (same story) to 4
(unrelated). Both texts of every pair go through the same cleaning,
language identification and embedding as ingested articles. The Overall
grade says how related two articles are, from one happening to unrelated,
so the score correlated with it (``pearson``) is the engine's graded
relatedness, the measure that ranks an event's related events
(:func:`newsweave.cluster.relatedness.relatedness`). The score that decides
whether the second text would join an event holding only the first (names
and numbers included) is reported beside it as ``pearson_event_score``.
Centering and rarity are estimated from all texts of the file, as they
would be from a store holding them.
"""
from __future__ import annotations

import csv
import math
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

from newsweave.page import clean
from newsweave.cluster import AssignerSettings, StoryAssigner
from newsweave.cluster import features
from newsweave.embed import Embedder, default_embedder
from newsweave.embed import offsets_of
from newsweave.text import LanguageIdentifier
from newsweave.records import RawDocument, Rejection

REQUIRED_COLUMNS = ("lang1", "lang2", "text1", "text2", "Overall")
MIN_PAIRS_PER_LANGUAGE_PAIR = 3


def pearson(x: list[float], y: list[float]) -> float:
    """Pearson correlation; NaN when either side does not vary.

    >>> pearson([1, 2, 3], [2, 4, 7])
    0.9934
    >>> pearson([1, 2, 3], [3, 2, 1])
    -1.0
    """
    if len(x) != len(y):
        raise ValueError(f"lengths differ: {len(x)} vs {len(y)}")
    a = np.asarray(x, dtype=np.float64)
    b = np.asarray(y, dtype=np.float64)
    if len(a) < 2 or a.std() == 0 or b.std() == 0:
        return float("nan")
    return round(float(np.corrcoef(a, b)[0, 1]), 4)


def read_pairs(path: Path) -> list[dict]:
    """Rows of a pairs CSV, checked for the columns the evaluation needs."""
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{path}: missing column(s) {', '.join(missing)} "
                             f"(found: {', '.join(reader.fieldnames or [])})")
        rows = []
        for line, row in enumerate(reader, start=2):
            try:
                row["Overall"] = float(row["Overall"])
            except (TypeError, ValueError):
                raise ValueError(f"{path}, line {line}: Overall is not a number: {row['Overall']!r}") from None
            rows.append(row)
    if not rows:
        raise ValueError(f"{path} has no pairs")
    return rows


def _text_of(raw: str, origin: str) -> str:
    # The pairs hold texts already extracted from their pages (headline, then
    # body), not saved pages: they are cleaned as records, line by line, so
    # no block of a page is looked for in them.
    cleaned = clean(RawDocument(origin=origin, kind="record", content=raw or ""))
    if isinstance(cleaned, Rejection):
        return (raw or "").strip()  # a short text is still a text to compare
    return f"{cleaned.title}\n{cleaned.text}".strip()


def evaluate_pairs(path: Path, embedder: Embedder | None = None,
                   language: LanguageIdentifier | None = None,
                   settings: AssignerSettings | None = None) -> dict:
    """Pearson correlation of engine similarity with ``-Overall``, overall and per language pair."""
    rows = read_pairs(path)
    embedder = embedder or default_embedder()
    language = language or LanguageIdentifier()
    texts = [_text_of(row[f"text{side}"], f"{row.get('pair_id', i)}/{side}")
             for i, row in enumerate(rows) for side in (1, 2)]
    langs = [language.detect(text)[0] for text in texts]
    vectors = embedder.embed([embedder.fit_lead("", text) for text in texts])
    bags = [features(text) for text in texts]
    assigner = StoryAssigner(embedder.dim, settings, offsets_of(embedder))
    for vector, lang, bag in zip(vectors, langs, bags):
        assigner.observe(vector, lang, bag)
    scores, event_scores, targets = [], [], []
    by_pair: dict[str, tuple[list, list]] = defaultdict(lambda: ([], []))
    for i, row in enumerate(rows):
        a, b = (vectors[2 * i], langs[2 * i], bags[2 * i]), (vectors[2 * i + 1], langs[2 * i + 1], bags[2 * i + 1])
        score = assigner.relatedness(a, b)
        event_scores.append(assigner.similarity(a, b))
        scores.append(score)
        targets.append(-row["Overall"])
        key = "-".join(sorted((row["lang1"], row["lang2"])))
        by_pair[key][0].append(score)
        by_pair[key][1].append(-row["Overall"])
    by_language_pair = {
        key: {"pearson": _finite(pearson(s, t)), "n_pairs": len(s)}
        for key, (s, t) in sorted(by_pair.items()) if len(s) >= MIN_PAIRS_PER_LANGUAGE_PAIR}
    return {"pearson": _finite(pearson(scores, targets)),
            "pearson_event_score": _finite(pearson(event_scores, targets)), "n_pairs": len(rows),
            "by_language_pair": by_language_pair}


def _finite(value: float) -> float | None:
    return None if math.isnan(value) else value
