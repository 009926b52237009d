"""Per-language centering of embeddings.

Multilingual embeddings carry a strong language component: two Bengali
articles on different events can score higher than a Bengali and an English
article on the same event. Subtracting each language's mean vector removes
most of that component. Means are estimated online from the stored corpus.

A mean estimated from a handful of articles is mostly those articles' topic,
and subtracting it would erase what they share. So the estimates are shrunk:
the global mean toward zero (no centering) and each language's mean toward
the global one, both by ``shrinkage`` pseudo-articles. With many articles the
shrinkage vanishes and centering is exact.

>>> import numpy as np
>>> means = LanguageMeans(dim=2, shrinkage=0.0)
>>> means.add(np.array([1.0, 0.0], dtype=np.float32), "en")
>>> means.add(np.array([0.0, 1.0], dtype=np.float32), "bn")
>>> means.mean("bn").tolist()
[0.0, 1.0]
>>> shrunk = LanguageMeans(dim=2, shrinkage=2.0)
>>> shrunk.add(np.array([1.0, 0.0], dtype=np.float32), "en")
>>> [round(x, 3) for x in shrunk.mean("en").tolist()]
[0.556, 0.0]
"""
from __future__ import annotations

import numpy as np

DEFAULT_SHRINKAGE = 8.0


class LanguageMeans:
    """Running sums per language; ``matrix()`` gives every mean at once."""

    def __init__(self, dim: int, shrinkage: float = DEFAULT_SHRINKAGE):
        if shrinkage < 0:
            raise ValueError(f"shrinkage must be >= 0, got {shrinkage}")
        self.dim = dim
        self.shrinkage = shrinkage
        self.index: dict[str, int] = {}
        self._sums = np.zeros((0, dim), dtype=np.float64)
        self._counts = np.zeros(0, dtype=np.float64)

    def column(self, lang: str) -> int:
        """The row of ``lang`` in :meth:`matrix`, adding the language if new."""
        if lang not in self.index:
            self.index[lang] = len(self.index)
            self._sums = np.vstack([self._sums, np.zeros((1, self.dim))])
            self._counts = np.append(self._counts, 0.0)
        return self.index[lang]

    def add(self, vector: np.ndarray, lang: str) -> None:
        col = self.column(lang)
        self._sums[col] += vector
        self._counts[col] += 1

    def add_many(self, vectors: np.ndarray, langs: list[str]) -> None:
        for vector, lang in zip(vectors, langs):
            self.add(vector, lang)

    def matrix(self) -> np.ndarray:
        """(languages, dim) means, shrunk toward the global mean and that toward zero."""
        total = self._counts.sum()
        if total == 0:
            return np.zeros((len(self.index), self.dim), dtype=np.float32)
        global_mean = self._sums.sum(axis=0) / (total + self.shrinkage)
        weights = self._counts + self.shrinkage
        shrunk = (self._sums + self.shrinkage * global_mean) / weights[:, None]
        return shrunk.astype(np.float32)

    def mean(self, lang: str) -> np.ndarray:
        return self.matrix()[self.column(lang)]

    def state(self) -> dict:
        return {"langs": list(self.index), "sums": self._sums.tolist(), "counts": self._counts.tolist()}

    @classmethod
    def from_state(cls, state: dict, dim: int, shrinkage: float = DEFAULT_SHRINKAGE) -> "LanguageMeans":
        means = cls(dim, shrinkage)
        means.index = {lang: i for i, lang in enumerate(state.get("langs", []))}
        if means.index:
            means._sums = np.asarray(state["sums"], dtype=np.float64).reshape(len(means.index), dim)
            means._counts = np.asarray(state["counts"], dtype=np.float64)
        return means
