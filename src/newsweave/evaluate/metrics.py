"""Clustering quality against gold labels: BCubed, pairwise and ARI.

>>> gold = ["a", "a", "b", "b"]
>>> bcubed(["x", "x", "x", "y"], gold)
(0.6667, 0.75, 0.7059)
>>> pairwise(["x", "x", "x", "y"], gold)
(0.3333, 0.5, 0.4)
>>> adjusted_rand_index(["x", "x", "y", "y"], gold)
1.0
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from math import comb


def _check(predicted: Sequence[Hashable], gold: Sequence[Hashable]) -> None:
    if len(predicted) != len(gold):
        raise ValueError(f"predicted has {len(predicted)} items but gold has {len(gold)}")
    if not gold:
        raise ValueError("cannot score an empty clustering")


def _f1(p: float, r: float) -> float:
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def bcubed(predicted: Sequence[Hashable], gold: Sequence[Hashable]) -> tuple[float, float, float]:
    """BCubed (precision, recall, F1), rounded to 4 places.

    Each item's precision is the share of its predicted cluster that shares its
    gold label; recall the share of its gold class found in its cluster.
    """
    _check(predicted, gold)
    joint = Counter(zip(predicted, gold))
    pred_sizes = Counter(predicted)
    gold_sizes = Counter(gold)
    n = len(gold)
    precision = sum(c * c / pred_sizes[p] for (p, g), c in joint.items()) / n
    recall = sum(c * c / gold_sizes[g] for (p, g), c in joint.items()) / n
    return round(precision, 4), round(recall, 4), round(_f1(precision, recall), 4)


def pairwise(predicted: Sequence[Hashable], gold: Sequence[Hashable]) -> tuple[float, float, float]:
    """Precision, recall and F1 over all pairs of items put together."""
    _check(predicted, gold)
    together = sum(comb(c, 2) for c in Counter(zip(predicted, gold)).values())
    pred_pairs = sum(comb(c, 2) for c in Counter(predicted).values())
    gold_pairs = sum(comb(c, 2) for c in Counter(gold).values())
    precision = together / pred_pairs if pred_pairs else 1.0
    recall = together / gold_pairs if gold_pairs else 1.0
    return round(precision, 4), round(recall, 4), round(_f1(precision, recall), 4)


def adjusted_rand_index(predicted: Sequence[Hashable], gold: Sequence[Hashable]) -> float:
    """Rand index corrected for chance (1 = identical, ~0 = random)."""
    _check(predicted, gold)
    index = sum(comb(c, 2) for c in Counter(zip(predicted, gold)).values())
    a = sum(comb(c, 2) for c in Counter(predicted).values())
    b = sum(comb(c, 2) for c in Counter(gold).values())
    total = comb(len(gold), 2)
    expected = a * b / total if total else 0.0
    maximum = (a + b) / 2
    if maximum == expected:
        return 1.0
    return round((index - expected) / (maximum - expected), 4)
