"""A short summary chosen from the story's own sentences, each cited.

Candidates are the opening sentences of the story's most central articles
(the lead is where news puts what happened). Every candidate is embedded and
centred by its language, like articles are; then maximal marginal relevance
picks sentences close to the story's centre and far from those already
picked. Two sentences that are translations of each other sit close in the
embedding, so the summary does not say the same thing in two languages.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from newsweave.text import split_sentences

MAX_SENTENCES = 5
MIN_SENTENCES = 3
CENTRAL_ARTICLES = 8
LEAD_SENTENCES = 3
MIN_CHARS, MAX_CHARS = 40, 400
RELEVANCE_WEIGHT = 0.6       # MMR: relevance vs novelty
# Centred cosine above which two sentences say the same thing. On the sample,
# translations of one sentence score 0.45-0.9 after centring and sentences on
# different facts of one story 0.05-0.46, so some overlap remains.
NEAR_DUPLICATE_COSINE = 0.5
NEAR_DUPLICATE_JACCARD = 0.5
READER_LANGUAGE_BONUS = 0.05


@dataclass(frozen=True)
class Candidate:
    text: str
    article_id: str
    lang: str


def candidates(articles: list[dict], order: list[int]) -> list[Candidate]:
    """Lead sentences of the central articles (``order``: article indexes, most central first)."""
    out, seen = [], set()
    for index in order[:CENTRAL_ARTICLES]:
        article = articles[index]
        for sentence in split_sentences(article["text"])[:LEAD_SENTENCES]:
            key = sentence.casefold()
            if MIN_CHARS <= len(sentence) <= MAX_CHARS and key not in seen:
                seen.add(key)
                out.append(Candidate(sentence, article["id"], article["lang"]))
    return out


def _shingles(text: str) -> set[str]:
    folded = " ".join(text.casefold().split())
    return {folded[i:i + 3] for i in range(max(1, len(folded) - 2))}


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def near_duplicates(a: str, b: str, cosine: float) -> bool:
    """Whether two summary sentences say the same thing (close meaning, or mostly the same characters)."""
    return cosine >= NEAR_DUPLICATE_COSINE or _jaccard(_shingles(a), _shingles(b)) >= NEAR_DUPLICATE_JACCARD


def summarise(articles: list[dict], order: list[int], centroid: np.ndarray,
              embed: Callable[[list[Candidate]], np.ndarray], reader_lang: str = "en") -> list[dict]:
    """Up to MAX_SENTENCES cited sentences.

    ``embed`` turns candidates into centred, unit-length vectors (it may use
    a cache); ``centroid`` is the story's centred, unit-length centre.
    """
    pool = candidates(articles, order)
    if not pool:
        return []
    vectors = embed(pool)
    relevance = vectors @ centroid + READER_LANGUAGE_BONUS * np.array([c.lang == reader_lang for c in pool])
    chosen: list[int] = []
    while len(chosen) < MAX_SENTENCES:
        best, best_score = None, -np.inf
        for i in range(len(pool)):
            if i in chosen:
                continue
            overlap = max((float(vectors[i] @ vectors[j]) for j in chosen), default=0.0)
            if any(near_duplicates(pool[i].text, pool[j].text, float(vectors[i] @ vectors[j])) for j in chosen):
                continue
            score = RELEVANCE_WEIGHT * relevance[i] - (1 - RELEVANCE_WEIGHT) * overlap
            if score > best_score:
                best, best_score = i, score
        if best is None:
            break
        chosen.append(best)
    return [{"text": pool[i].text, "article_id": pool[i].article_id, "lang": pool[i].lang} for i in chosen]
