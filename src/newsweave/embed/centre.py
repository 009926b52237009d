"""Centring vectors by language for readers of the store (the story view, search).

The assigner centres each language on its own running mean
(:mod:`.centering`); the view,
which reads one story at a time, centres on the store's global mean plus
the model's shipped offset for the language (:mod:`newsweave.embed.offsets`),
which needs no pass over every stored vector.
"""
from __future__ import annotations

import numpy as np


class Centre:
    def __init__(self, global_mean: np.ndarray, offsets: dict[str, np.ndarray]):
        self.global_mean = np.asarray(global_mean, dtype=np.float32)
        self.offsets = offsets

    def __call__(self, vectors: np.ndarray, langs: list[str]) -> np.ndarray:
        """Centred, unit-length rows."""
        vectors = np.atleast_2d(np.asarray(vectors, dtype=np.float32))
        out = vectors - self.global_mean
        for row, lang in enumerate(langs):
            offset = self.offsets.get(lang)
            if offset is not None:
                out[row] -= offset
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return out / norms

    def story(self, vector_sum: np.ndarray, lang_counts: dict[str, float]) -> np.ndarray:
        """A story's centred centre from its vector sum and language counts."""
        size = sum(lang_counts.values()) or 1.0
        centred = np.asarray(vector_sum, dtype=np.float32) - size * self.global_mean
        for lang, count in lang_counts.items():
            offset = self.offsets.get(lang)
            if offset is not None:
                centred = centred - count * offset
        norm = np.linalg.norm(centred)
        return centred / norm if norm else centred


def mean_of_sums(sums: dict[str, tuple[float, np.ndarray]] | None) -> np.ndarray | None:
    """The mean of every stored vector, from the store's per-language counts and sums
    (``StoreReader.language_sums``); None when the store keeps none."""
    if not sums:
        return None
    n = sum(count for count, _ in sums.values())
    return (sum(total for _, total in sums.values()) / max(n, 1.0)).astype(np.float32)
